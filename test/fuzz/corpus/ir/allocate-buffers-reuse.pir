; RUN: phonon-opt --passes=fuse,batch-parallel,allocate-buffers %s | FileCheck %s
; A buffer is reused once its value is dead: four stages, each read by two instructions (so
; each crosses kernels), need one buffer, written in place by the kernel that reads it last.
patch "t.ph" cps 1/2 {
  %0 = const 0 : f32 const
  %1 = const 110 : f32 const
  %2 = const 0.5 : f32 const
  %3 = saw(freq %1, st %0) : f32 audio
  %4 = mul(a %3, b %2) : f32 audio
  %5 = add(a %3, b %4) : f32 audio
  %6 = mul(a %5, b %2) : f32 audio
  %7 = add(a %5, b %6) : f32 audio
  %8 = mul(a %7, b %2) : f32 audio
  %9 = add(a %7, b %8) : f32 audio
  out 0, %9
}
; CHECK:      patch "t.ph" cps 1/2 buffers 1 {
; CHECK:      kernel 0 cost 10 writes(%3 @0) {
; CHECK:      kernel 1 cost 2 reads(%3 @0) writes(%5 @0) {
; CHECK:      kernel 2 cost 2 reads(%5 @0) writes(%7 @0) {
; CHECK:      kernel 3 cost 3 reads(%7 @0) {
