; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; A feedback cell stores what its write is given and its reads return it: the types agree.
patch "t.ph" cps 1/2 {
  %0 = feedback.read 0 : stereo audio
  %1 = const 0.5 : f32 const
  %2 = mul(a %0, b %1) : stereo audio
  out 0, %2
  feedback.write 0, %1
; CHECK: {{^.*}}verify-feedback-type.pir:[[@LINE-1]]:3: error: invalid IR: feedback cell 0 is read as stereo but written f32{{$}}
}
