; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; A value changes at least as often as its fastest operand: the product of an audio-rate sine
; is not a constant.
patch "sine.ph" cps 1/2 {
  %0 = const 440 : f32 const
  %1 = const 0 : f32 const
  %2 = sine(freq %0, st %1) : f32 audio
  %3 = const 0.2 : f32 const
  %4 = mul(a %2, b %3) : f32 const
; CHECK: {{^.*}}verify-rate-cheaper.pir:[[@LINE-1]]:3: error: invalid IR: rate const is cheaper than its operands' audio{{$}}
  out 0, %4
}
