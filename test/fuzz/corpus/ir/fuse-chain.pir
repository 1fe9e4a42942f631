; RUN: phonon-opt --passes=fuse %s | FileCheck %s
; A chain of per-sample nodes — saw, filter, gain, output — is one kernel: one loop, no
; buffers inside. Constants and the event-rate cutoff stay outside, computed before the loop.
patch "t.ph" cps 1 {
  %0 = const 55 : f32 const
  %1 = const 0 : f32 const
  %2 = saw(freq %0, st %1) : f32 audio
  %3 = pattern 0 "200 4000" hz : f32 event
  %4 = const 1 : f32 const
  %5 = lpf(in %2, cutoff %3, q %4) : f32 audio
  %6 = const 0.3 : f32 const
  %7 = mul(a %5, b %6) : f32 audio
  out 0, %7
}
; CHECK:      = pattern 0 "200 4000" hz : f32 event
; CHECK:      kernel 0 cost {{[0-9.]+}} {
; CHECK-NEXT:   saw(
; CHECK-NEXT:   lpf(
; CHECK-NEXT:   mul(
; CHECK-NEXT:   out 0,
; CHECK-NEXT: }
; CHECK-NOT:  kernel 1
