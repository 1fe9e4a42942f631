; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; An op whose row fixes its type has that type: the tempo is one number.
patch "sine.ph" cps 1/2 {
  %0 = const 440 : f32 const
  %1 = const 0 : f32 const
  %2 = sine(freq %0, st %1) : f32 audio
  %3 = tempo : stereo block
; CHECK: {{^.*}}verify-fixed-type.pir:[[@LINE-1]]:3: error: invalid IR: tempo must have type f32{{$}}
  %4 = mul(a %2, b %3) : stereo audio
  out 0, %4
}
