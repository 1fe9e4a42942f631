; RUN: phonon-opt --passes=fuse %s | FileCheck %s
; Negative: fusion stops at a block-based op — `convolve` is computed a block at a time, so
; the filter after it is another kernel — and a feedback loop is one kernel, never split.
patch "t.ph" cps 1/2 {
  %0 = noise() : f32 audio
  %1 = const 800 : f32 const
  %2 = const 1 : f32 const
  %10 = const 0 : f32 const
  %11 = convolve(in %0, ir %10, mix %2) : f32 audio
  %3 = lpf(in %11, cutoff %1, q %2) : f32 audio
  %4 = feedback.read 0 : f32 audio
  %5 = const 0.5 : f32 const
  %6 = mul(a %4, b %5) : f32 audio
  %7 = add(a %3, b %6) : f32 audio
  out 0, %7
  feedback.write 0, %7
}
; CHECK:      kernel 0 cost {{[0-9.]+}} {
; CHECK-NEXT:   noise()
; CHECK-NEXT: {{^  }$}}
; CHECK-NEXT: kernel 1 cost 1200 {
; CHECK-NEXT:   convolve(in %{{[0-9]+}},
; CHECK-NEXT: {{^  }$}}
; CHECK-NEXT: kernel 2 cost 25 {
; CHECK-NEXT:   lpf(in %{{[0-9]+}},
; CHECK-NEXT: {{^  }$}}
; CHECK-NEXT: kernel 3 cost {{[0-9.]+}} {
; CHECK-NEXT:   feedback.read 0
; CHECK-NEXT:   mul(
; CHECK-NEXT:   add(
; CHECK-NEXT:   feedback.write 0,
; CHECK-NEXT: {{^  }$}}
; CHECK-NEXT: kernel 4 cost 1 {
; CHECK-NEXT:   out 0,
