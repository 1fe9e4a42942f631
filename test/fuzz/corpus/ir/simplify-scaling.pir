; RUN: phonon-opt --passes=simplify,dce %s | FileCheck %s
; Scaling by a power of two is exact: x / 4 becomes x * 0.25, and (x * 3) * 0.5 one multiply
; by 1.5.
patch "t.ph" cps 1/2 {
  %0 = const 0 : f32 const
  %1 = const 220 : f32 const
  %2 = saw(freq %1, st %0) : f32 audio
  %3 = const 4 : f32 const
  %4 = div(a %2, b %3) : f32 audio
  %5 = const 3 : f32 const
  %6 = mul(a %2, b %5) : f32 audio
  %7 = const 0.5 : f32 const
  %8 = mul(a %6, b %7) : f32 audio
  %9 = add(a %4, b %8) : f32 audio
  out 0, %9
}
; CHECK:      %[[SAW:[0-9]+]] = saw(
; CHECK:      %[[Q:[0-9]+]] = const 0.25 : f32 const
; CHECK-NEXT: %[[D:[0-9]+]] = mul(a %[[SAW]], b %[[Q]]) : f32 audio
; CHECK:      %[[K:[0-9]+]] = const 1.5 : f32 const
; CHECK-NEXT: %[[M:[0-9]+]] = mul(a %[[SAW]], b %[[K]]) : f32 audio
; CHECK-NEXT: add(a %[[D]], b %[[M]]) : f32 audio
; CHECK-NOT:  div
