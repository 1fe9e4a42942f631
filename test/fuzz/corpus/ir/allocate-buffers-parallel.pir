; RUN: phonon-opt --passes=fuse,batch-parallel,allocate-buffers %s | FileCheck %s
; Values live at once get buffers of their own: the two branches of batch 0 may run at the
; same time, so they never share one, and the sum reads both.
patch "t.ph" cps 1/2 {
  %0 = const 0 : f32 const
  %1 = const 100 : f32 const
  %2 = const 150 : f32 const
  %3 = const 200 : f32 const
  %4 = sine(freq %1, st %0) : f32 audio
  %5 = sine(freq %2, st %0) : f32 audio
  %6 = sine(freq %3, st %0) : f32 audio
  %7 = add(a %4, b %5) : f32 audio
  %8 = add(a %7, b %6) : f32 audio
  out 0, %8
}
; CHECK:      buffers 2 {
; CHECK:      kernel 0 cost 12 writes(%[[A:[0-9]+]] @0) {
; CHECK:      kernel 1 cost 12 writes(%[[B:[0-9]+]] @1) {
; CHECK:      kernel 2 cost 15 reads(%[[A]] @0, %[[B]] @1) {
