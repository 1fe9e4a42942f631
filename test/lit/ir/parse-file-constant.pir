; RUN: phonon-opt %s | FileCheck %s
; RUN: phonon-opt %s -o %t.pir && phonon-opt %t.pir | FileCheck %s
; A file port's sample (`convolve`'s response) is a file constant: the host loads the sample
; at init. It reads back as it prints, and is never merged with another constant.
patch "convolve.ph" cps 1/2 {
  %0 = const 0 : f32 const
  %1 = const file "hall:0" : f32 const
; CHECK: %1 = const file "hall:0" : f32 const
  %2 = const file "hall:1" : f32 const
; CHECK: %2 = const file "hall:1" : f32 const
  %3 = const 0.5 : f32 const
  %4 = noise() : f32 audio
  %5 = convolve(in %4, ir %1, mix %3) : f32 audio
; CHECK: convolve(in %4, ir %1, mix %3)
  %6 = convolve(in %4, ir %2, mix %3) : f32 audio
; CHECK: convolve(in %4, ir %2, mix %3)
  %7 = convolve(in %4, ir %0, mix %3) : f32 audio
; CHECK: convolve(in %4, ir %0, mix %3)
  %8 = add(a %5, b %6) : f32 audio
  %9 = add(a %8, b %7) : f32 audio
  out 0, %9
}
