; RUN: phonon-opt --passes=fuse %s | FileCheck %s
; A chain that starts at a two-output node's `right` is a kernel of its own: joined to its
; node's kernel, a later join of both channels (here a stereo reverb after a filter on each
; channel of a sound pattern) would make two kernels read each other, and the kernels would
; have no order to run in (they were dropped, and the patch was silent).
patch "t.ph" cps 1 {
  %0 = const 1000 : f32 const
  %1 = const 1 : f32 const
  %2 = voices 0 (s "bd") : f32 audio
  %3 = right %2 : f32 audio
  %4 = lpf(in %2, cutoff %0, q %1) : f32 audio
  %5 = lpf(in %3, cutoff %0, q %1) : f32 audio
  %6 = const 0.6 : f32 const
  %7 = const 0.5 : f32 const
  %8 = const 0.2 : f32 const
  %9 = reverb_pair(l %4, r %5, room %6, damping %7, mix %8) : f32 audio
  %10 = right %9 : f32 audio
  out 0, %9, %10
}
; CHECK:      kernel 0 {{.*}}{
; CHECK-NEXT:   %[[V:[0-9]+]] = voices 0 (s "bd") : f32 audio
; CHECK-NEXT:   %[[R:[0-9]+]] = right %[[V]] : f32 audio
; CHECK-NEXT: }
; CHECK-NEXT: kernel 1 {{.*}}{
; CHECK-NEXT:   %[[FR:[0-9]+]] = lpf(in %[[R]],
; CHECK-NEXT: }
; CHECK-NEXT: kernel 2 {{.*}}{
; CHECK-NEXT:   %[[FL:[0-9]+]] = lpf(in %[[V]],
; CHECK-NEXT:   %[[P:[0-9]+]] = reverb_pair(l %[[FL]], r %[[FR]],
; CHECK-NEXT:   right %[[P]]
; CHECK-NEXT: }
; CHECK-NEXT: kernel 3 {{.*}}{
; CHECK-NEXT:   out 0,
