; RUN: phonon-opt %s | FileCheck %s
; RUN: phonon-opt %s -o %t.pir && phonon-opt %t.pir | FileCheck %s
; A file a node writes (`tap`'s file, an output file port) is an output constant, apart from a
; sample of the same name: it reads back as it prints, and is never merged with the sample's.
patch "tap.ph" cps 1/2 {
  %0 = const 0.5 : f32 const
  %1 = const file "probe.wav" : f32 const
; CHECK: %1 = const file "probe.wav" : f32 const
  %2 = const output "probe.wav" : f32 const
; CHECK: %2 = const output "probe.wav" : f32 const
  %3 = const 0.25 : f32 const
  %4 = noise() : f32 audio
  %5 = convolve(in %4, ir %1, mix %0) : f32 audio
; CHECK: convolve(in %4, ir %1, mix %0)
  %6 = tap(in %5, file %2, seconds %3) : f32 audio
; CHECK: tap(in %5, file %2, seconds %3)
  out 0, %6
}
