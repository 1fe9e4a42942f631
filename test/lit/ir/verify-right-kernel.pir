; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; A two-output node hands its right output to `right` inside the sample loop: the two must be
; in the same kernel.
patch "t.ph" cps 1/2 buffers 2 {
  %0 = const 110 : f32 const
  %1 = const 0 : f32 const
  %2 = const 0.5 : f32 const
  batch 0 cost 250 {
    kernel 0 cost 250 writes(%l @0) {
      %3 = saw(freq %0, st %1) : f32 audio
      %l = reverb_pair(l %3, r %3, room %2, damping %2, mix %2) : f32 audio
    }
  }
  batch 1 cost 1 {
    kernel 1 cost 1 reads(%l @0) {
      %r = right %l : f32 audio
; CHECK: {{^.*}}verify-right-kernel.pir:[[@LINE-1]]:7: error: invalid IR: `right` must be in the kernel of its node %4{{$}}
      out 0, %l, %r
    }
  }
}
