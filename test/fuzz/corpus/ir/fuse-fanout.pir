; RUN: phonon-opt --passes=fuse %s | FileCheck %s
; A value two instructions read ends its kernel (it goes through a buffer); a join continues
; the longer chain, and the other branch is a kernel of its own.
patch "t.ph" cps 1/2 {
  %0 = const 1 : f32 const
  %1 = const 0 : f32 const
  %2 = sine(freq %0, st %1) : f32 audio
  %3 = const 0.5 : f32 const
  %4 = mul(a %2, b %3) : f32 audio
  %5 = add(a %2, b %4) : f32 audio
  %6 = const 220 : f32 const
  %7 = saw(freq %6, st %1) : f32 audio
  %8 = mul(a %7, b %3) : f32 audio
  %9 = add(a %8, b %5) : f32 audio
  out 0, %9
}
; CHECK:      kernel 0 cost 12 {
; CHECK-NEXT:   %{{[0-9]+}} = sine(
; CHECK-NEXT: }
; CHECK:      kernel 1 cost {{[0-9.]+}} {
; CHECK-NEXT:   mul(
; CHECK-NEXT:   add(
; CHECK-NEXT: }
; CHECK:      kernel 2 cost {{[0-9.]+}} {
; CHECK-NEXT:   saw(
; CHECK-NEXT:   mul(
; CHECK-NEXT:   add(
; CHECK-NEXT:   out 0,
; CHECK-NEXT: }
