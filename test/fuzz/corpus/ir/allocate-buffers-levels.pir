; RUN: phonon-opt --passes=fuse,batch-parallel,allocate-buffers %s | FileCheck %s
; Each value gets the lowest buffer free when it is born: the sum takes its input's buffer in
; place, and %p, born while %z is still live, the next one.
patch "t.ph" cps 1/2 {
  %0 = const 0 : f32 const
  %1 = const 100 : f32 const
  %2 = const 150 : f32 const
  %3 = const 200 : f32 const
  %4 = const 0.5 : f32 const
  %a = sine(freq %1, st %0) : f32 audio
  %b = sine(freq %2, st %0) : f32 audio
  %z = add(a %a, b %b) : f32 audio
  %p = mul(a %z, b %4) : f32 audio
  %c = saw(freq %3, st %0) : f32 audio
  %q = add(a %c, b %z) : f32 audio
  %r = mul(a %q, b %p) : f32 audio
  out 0, %r
}
; CHECK:      buffers 2 {
; CHECK:      kernel 0 cost 12 writes(%b @0) {
; CHECK:      kernel 1 cost 13 reads(%b @0) writes(%z @0) {
; CHECK:      kernel 2 cost 1 reads(%z @0) writes(%p @1) {
; CHECK:      kernel 3 cost 13 reads(%z @0, %p @1) {
