; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; An op whose row fixes its rate has that rate: a constant is `const`.
patch "sine.ph" cps 1/2 {
  %0 = const 440 : f32 audio
; CHECK: {{^.*}}verify-fixed-rate.pir:[[@LINE-1]]:3: error: invalid IR: const must have rate const{{$}}
  %1 = const 0 : f32 const
  %2 = sine(freq %0, st %1) : f32 audio
  %3 = const 0.2 : f32 const
  %4 = mul(a %2, b %3) : f32 audio
  out 0, %4
}
