; RUN: phonon-opt %s --passes=split-channels | FileCheck %s
; split-channels (ir/Channels.h): a stereo bus and its feedback cell become one per channel
; (cell 1 is the right channel of cell 0), pan2 becomes pan2_l and pan2_r, `mono` becomes
; (L + R)·0.5, and the output of a stereo value is a pair.
patch "t.ph" cps 1/2 {
  %0 = const 110 : f32 const
  %1 = const 0 : f32 const
  %2 = saw(freq %0, st %1) : f32 audio
  %3 = const 0.25 : f32 const
  %4 = pan2(in %2, p %3) : stereo audio
  %5 = feedback.read 0 : stereo audio
  %6 = const 0.5 : f32 const
  %7 = mul(a %5, b %6) : stereo audio
  %8 = add(a %4, b %7) : stereo audio
  %~fb = bus %8 : stereo audio
  %10 = mono(in %~fb) : f32 audio
  %11 = noise() : f32 audio {seed 0x00000007}
  %12 = lpf(in %~fb, cutoff %10, q %6) : stereo audio
  out 0, %12
  out 1, %11
  feedback.write 0, %~fb
}
; CHECK:      patch "t.ph" cps 1/2 {
; CHECK-NEXT:   %0 = const 110 : f32 const
; CHECK-NEXT:   %1 = const 0 : f32 const
; CHECK-NEXT:   %2 = saw(freq %0, st %1) : f32 audio
; CHECK-NEXT:   %3 = const 0.25 : f32 const
; CHECK-NEXT:   %4 = pan2_l(in %2, p %3) : f32 audio
; CHECK-NEXT:   %5 = pan2_r(in %2, p %3) : f32 audio
; CHECK-NEXT:   %6 = feedback.read 0 : f32 audio
; CHECK-NEXT:   %7 = feedback.read 1 : f32 audio
; CHECK-NEXT:   %8 = const 0.5 : f32 const
; CHECK-NEXT:   %9 = mul(a %6, b %8) : f32 audio
; CHECK-NEXT:   %10 = mul(a %7, b %8) : f32 audio
; CHECK-NEXT:   %11 = add(a %4, b %9) : f32 audio
; CHECK-NEXT:   %12 = add(a %5, b %10) : f32 audio
; CHECK-NEXT:   %~fb = bus %11 : f32 audio
; CHECK-NEXT:   %14 = bus %12 : f32 audio
; CHECK-NEXT:   %15 = add(a %~fb, b %14) : f32 audio
; CHECK-NEXT:   %16 = const 0.5 : f32 const
; CHECK-NEXT:   %17 = mul(a %15, b %16) : f32 audio
; CHECK-NEXT:   %18 = noise() : f32 audio {seed 0x00000007}
; CHECK-NEXT:   %19 = lpf(in %~fb, cutoff %17, q %8) : f32 audio
; CHECK-NEXT:   %20 = lpf(in %14, cutoff %17, q %8) : f32 audio
; CHECK-NEXT:   out 0, %19, %20
; CHECK-NEXT:   out 1, %18
; CHECK-NEXT:   feedback.write 0, %~fb
; CHECK-NEXT:   feedback.write 1, %14
; CHECK-NEXT: }
