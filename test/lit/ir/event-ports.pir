; RUN: phonon-opt %s | FileCheck %s
; RUN: phonon-opt %s > %t.pir && phonon-opt %t.pir | diff %t.pir -
; An event stream's columns (LANGUAGE §7.2): `onset` and `active` after the pattern, as `hz`;
; print → parse → print is the identity.
patch "t.ph" cps 1 {
  %0 = pattern 0 "t t f t":bool onset : f32 event
  %1 = pattern 1 "t t f t":bool active : f32 event
  %2 = pattern 2 "t t f t":bool : f32 event
  %3 = trig(bools %2, bools.onset %0, bools.active %1) : f32 event
  %4 = pattern 3 1 onset : f32 event
  %5 = pattern 4 1 active : f32 event
  %6 = pattern 5 1 : f32 event
  %7 = const 0.01 : f32 const
  %8 = const 0.5 : f32 const
  %9 = tadsr(bools %6, a %7, d %7, s %8, r %7, bools.onset %4, bools.active %5) : f32 audio
  %10 = add(a %3, b %9) : f32 audio
  out 0, %10
}
; CHECK:      %0 = pattern 0 "t t f t":bool onset : f32 event
; CHECK-NEXT: %1 = pattern 1 "t t f t":bool active : f32 event
; CHECK-NEXT: %2 = pattern 2 "t t f t":bool : f32 event
; CHECK-NEXT: %3 = trig(bools %2, bools.onset %0, bools.active %1) : f32 event
; CHECK-NEXT: %4 = pattern 3 1 onset : f32 event
; CHECK-NEXT: %5 = pattern 4 1 active : f32 event
; CHECK:      %9 = tadsr(bools %6, a %7, d %7, s %8, r %7, bools.onset %4, bools.active %5) : f32 audio
