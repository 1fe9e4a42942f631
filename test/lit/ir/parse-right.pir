; RUN: phonon-opt %s | FileCheck %s
; RUN: phonon-opt %s -o %t.pir && phonon-opt %t.pir | FileCheck %s
; `right` reads the right output of a two-output node (a pair row); the node's own value is
; its left output. It prints as it reads, in the kernel of its node.
patch "pair.ph" cps 1/2 buffers 2 {
  %0 = const 110 : f32 const
  %1 = const 0 : f32 const
  %2 = const 0.5 : f32 const
  batch 0 cost 250 {
    kernel 0 cost 250 writes(%l @0, %r @1) {
      %3 = saw(freq %0, st %1) : f32 audio
      %l = reverb_pair(l %3, r %3, room %2, damping %2, mix %2) : f32 audio
      %r = right %l : f32 audio
    }
  }
  batch 1 cost 1 {
    kernel 1 cost 1 reads(%l @0, %r @1) {
      out 0, %l, %r
    }
  }
}
; CHECK:      kernel 0 cost 250 writes(%l @0, %r @1) {
; CHECK:        %l = reverb_pair(l %3, r %3, room %2, damping %2, mix %2) : f32 audio
; CHECK-NEXT:   %r = right %l : f32 audio
; CHECK:        out 0, %l, %r
