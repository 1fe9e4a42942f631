; RUN: not phonon-opt %s 2>&1 | FileCheck %s
; A feedback cell stores what its write is given and its reads return it: the types agree.
patch "t.ph" cps 1/2 {
  %0 = feedback.read 0 : stereo audio
  %1 = const 0.5 : f32 const
  %2 = mul(a %0, b %1) : stereo audio
  out 0, %2
  feedback.write 0, %1
}
; CHECK:      {{^.*}}verify-feedback-type.pir: error: invalid IR:
; CHECK-NEXT: {{^}}  %4: feedback cell 0 is read as stereo but written f32{{$}}
; CHECK-NOT:  {{.}}
