; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; A node has one operand per port of its catalogue entry: `sine` without its `st`.
patch "sine.ph" cps 1/2 {
  %0 = const 440 : f32 const
  %1 = sine(freq %0) : f32 audio
; CHECK: {{^.*}}verify-operand-count.pir:[[@LINE-1]]:3: error: invalid IR: sine takes 2 operands, has 1{{$}}
  %2 = const 0.2 : f32 const
  %3 = mul(a %1, b %2) : f32 audio
  out 0, %3
}
