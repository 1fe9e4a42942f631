; RUN: phonon-opt --passes=cse %s | FileCheck %s
; Identical pure instructions are computed once: equal constants, and the same operator on the
; same operands.
patch "t.ph" cps 1/2 {
  %0 = const 220 : f32 const
  %1 = const 0 : f32 const
  %2 = saw(freq %0, st %1) : f32 audio
  %3 = const 0.5 : f32 const
  %4 = mul(a %2, b %3) : f32 audio
  %5 = const 0.5 : f32 const
  %6 = mul(a %2, b %5) : f32 audio
  %7 = add(a %4, b %6) : f32 audio
  out 0, %7
}
; CHECK:      %3 = const 0.5 : f32 const
; CHECK-NEXT: %4 = mul(a %2, b %3) : f32 audio
; CHECK-NEXT: %5 = add(a %4, b %4) : f32 audio
; CHECK-NEXT: out 0, %5
