; RUN: phonon-opt %s | FileCheck %s
; RUN: phonon-opt %s -o %t.pir && phonon-opt %t.pir | FileCheck %s
; RUN: phonon-opt %s -O2 | FileCheck %s --check-prefix=OPT
; `stem N, %x` writes output N alone (0 = out, N = outN), beside the main mix `out 0`: a mono
; value, a stereo one, or after split-channels a pair of mono values (left, right). It prints
; as it reads.
patch "stems.ph" cps 1/2 {
  %0 = const 220 : f32 const
  %1 = const 0 : f32 const
  %2 = const 0.3 : f32 const
  %3 = sine(freq %0, st %1) : f32 audio
  %4 = mul(a %3, b %2) : f32 audio
  %5 = pan(in %4, p %2) : stereo audio
  %6 = add(a %4, b %5) : stereo audio
  out 0, %6
  stem 0, %4
  stem 7, %5
}
; CHECK:      out 0, %6
; CHECK-NEXT: stem 0, %4
; CHECK-NEXT: stem 7, %5
; The passes keep the stems alive, split a stereo one into its channels and write them in the
; kernel of the main mix:
; OPT:      kernel [[K:[0-9]+]] cost {{.*}} {
; OPT:        out 0, %[[L:[0-9]+]], %[[R:[0-9]+]]
; OPT-NEXT:   stem 0, %[[S:[0-9]+]]
; OPT-NEXT:   stem 7, %{{[0-9]+}}, %{{[0-9]+}}
; OPT-NEXT: }
