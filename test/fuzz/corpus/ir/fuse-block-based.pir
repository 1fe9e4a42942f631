; RUN: phonon-opt --passes=fuse %s | FileCheck %s
; Negative: fusion stops at a block-based op — voices are computed a block at a time, so the
; filter after them is another kernel — and a feedback loop is one kernel, never split.
patch "t.ph" cps 1/2 {
  %0 = voices 0 (s "bd*4") : stereo audio
  %1 = const 800 : f32 const
  %2 = const 1 : f32 const
  %3 = lpf(in %0, cutoff %1, q %2) : stereo audio
  %4 = feedback.read 0 : stereo audio
  %5 = const 0.5 : f32 const
  %6 = mul(a %4, b %5) : stereo audio
  %7 = add(a %3, b %6) : stereo audio
  out 0, %7
  feedback.write 0, %7
}
; CHECK:      kernel 0 cost 200 {
; CHECK-NEXT:   voices 0 (s "bd*4") : stereo audio
; CHECK-NEXT: }
; CHECK-NEXT: kernel 1 cost 25 {
; CHECK-NEXT:   lpf(in %{{[0-9]+}},
; CHECK-NEXT: }
; CHECK-NEXT: kernel 2 cost {{[0-9.]+}} {
; CHECK-NEXT:   feedback.read 0
; CHECK-NEXT:   mul(
; CHECK-NEXT:   add(
; CHECK-NEXT:   feedback.write 0,
; CHECK-NEXT: }
; CHECK-NEXT: kernel 3 cost 1 {
; CHECK-NEXT:   out 0,
