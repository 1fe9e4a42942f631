; RUN: phonon-opt --passes=simplify,dce %s | FileCheck %s
; x + 0, 0 + x, x - 0, x * 1, 1 * x and x / 1 are x, exactly.
patch "t.ph" cps 1/2 {
  %0 = const 0 : f32 const
  %1 = const 1 : f32 const
  %2 = const 220 : f32 const
  %3 = saw(freq %2, st %0) : f32 audio
  %4 = add(a %3, b %0) : f32 audio
  %5 = add(a %0, b %4) : f32 audio
  %6 = sub(a %5, b %0) : f32 audio
  %7 = mul(a %6, b %1) : f32 audio
  %8 = mul(a %1, b %7) : f32 audio
  %9 = div(a %8, b %1) : f32 audio
  out 0, %9
}
; CHECK:      %{{[0-9]+}} = saw(freq %{{[0-9]+}}, st %{{[0-9]+}}) : f32 audio
; CHECK-NEXT: out 0, %{{[0-9]+}}
; CHECK-NOT:  add
; CHECK-NOT:  mul
