; RUN: phonon-opt --passes=fuse %s | FileCheck %s
; fuse keeps a two-output node's `right` in its node's kernel, even where the node's left
; value fans out (and so ends the chain) — the right output exists only inside the sample loop.
patch "t.ph" cps 1/2 {
  %0 = const 110 : f32 const
  %1 = const 0 : f32 const
  %2 = const 0.5 : f32 const
  %3 = saw(freq %0, st %1) : f32 audio
  %4 = reverb_pair(l %3, r %3, room %2, damping %2, mix %2) : f32 audio
  %5 = mul(a %4, b %2) : f32 audio
  %6 = add(a %4, b %5) : f32 audio
  %7 = right %4 : f32 audio
  out 0, %6, %7
}
; CHECK:      kernel 0 {{.*}}{
; CHECK-NEXT:   %3 = saw(freq %0, st %1) : f32 audio
; CHECK-NEXT:   %4 = reverb_pair(l %3, r %3, room %2, damping %2, mix %2) : f32 audio
; CHECK-NEXT:   %5 = right %4 : f32 audio
; CHECK-NEXT: }
