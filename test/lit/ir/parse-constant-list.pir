; RUN: phonon-opt %s | FileCheck %s
; RUN: phonon-opt %s -o %t.pir && phonon-opt %t.pir | FileCheck %s
; A constant list reads back as it prints; its value is the number of its items.
patch "additive.ph" cps 1/2 {
  %0 = const 220 : f32 const
  %1 = const [1, 0.5, -0.25] : f32 const
; CHECK: %1 = const [1, 0.5, -0.25] : f32 const
  %2 = additive(freq %0, amps %1) : f32 audio
; CHECK: %2 = additive(freq %0, amps %1) : f32 audio
  out 0, %2
}
