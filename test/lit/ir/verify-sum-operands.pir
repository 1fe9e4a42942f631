; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; A sum of one operand is a copy, not a sum: the n-ary sum takes two or more.
; CHECK: {{^.*}}verify-sum-operands.pir:[[@LINE+4]]:15: error: expected `,` before the operand{{$}}
patch "sum.ph" cps 1/2 {
  %a = const 1 : f32 const
  %b = const 2 : f32 const
  %s = sum %a : f32 const
  out 0, %s
}
