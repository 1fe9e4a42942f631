; RUN: phonon-opt --passes=fold-constants %s | FileCheck %s
; Operators on constants fold (with the interpreter's own kernels); the tempo is a block-rate
; value, not a constant, so what reads it stays.
patch "t.ph" cps 1/2 {
  %0 = const 3 : f32 const
  %1 = const 4 : f32 const
  %2 = mul(a %0, b %1) : f32 const
  %3 = tempo : f32 block
  %4 = mul(a %3, b %2) : f32 block
  %5 = const 0 : f32 const
  %6 = sine(freq %4, st %5) : f32 audio
  out 0, %6
}
; CHECK:      %2 = const 12 : f32 const
; CHECK-NEXT: %3 = tempo : f32 block
; CHECK-NEXT: %4 = mul(a %3, b %2) : f32 block
