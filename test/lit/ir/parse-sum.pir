; RUN: phonon-opt %s | FileCheck %s
; The n-ary sum takes two or more operands, after its name; it prints as it reads.
patch "sum.ph" cps 1/2 {
  %a = const 1 : f32 const
  %b = const 2 : f32 const
  %c = const 3 : f32 const
  %s2 = sum %a, %b : f32 const
  %s3 = sum %a, %b, %c : f32 const
  out 0, %s3
}
; CHECK: %s2 = sum %a, %b : f32 const
; CHECK: %s3 = sum %a, %b, %c : f32 const
