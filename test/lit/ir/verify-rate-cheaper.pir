; RUN: not phonon-opt %s 2>&1 | FileCheck %s
; A value changes at least as often as its fastest operand: the product of an audio-rate sine
; is not a constant.
patch "sine.ph" cps 1/2 {
  %0 = const 440 : f32 const
  %1 = const 0 : f32 const
  %2 = sine(freq %0, st %1) : f32 audio
  %3 = const 0.2 : f32 const
  %4 = mul(a %2, b %3) : f32 const
  out 0, %4
}
; CHECK:      {{^.*}}verify-rate-cheaper.pir: error: invalid IR:
; CHECK-NEXT: {{^}}  %4: rate const is cheaper than its operands' audio{{$}}
; CHECK-NOT:  {{.}}
