; RUN: phonon-opt --passes=simplify %s | FileCheck %s
; Negative: (x * 3) * 5 would round differently as x * 15, and x + 1 is no identity; both stay
; as written (the engines must agree to the bit).
patch "t.ph" cps 1/2 {
  %0 = const 0 : f32 const
  %1 = const 220 : f32 const
  %2 = saw(freq %1, st %0) : f32 audio
  %3 = const 3 : f32 const
  %4 = mul(a %2, b %3) : f32 audio
  %5 = const 5 : f32 const
  %6 = mul(a %4, b %5) : f32 audio
  %7 = const 1 : f32 const
  %8 = add(a %6, b %7) : f32 audio
  out 0, %8
}
; CHECK:      %4 = mul(a %2, b %3) : f32 audio
; CHECK:      %6 = mul(a %4, b %5) : f32 audio
; CHECK:      %8 = add(a %6, b %7) : f32 audio
; CHECK-NOT:  const 15
