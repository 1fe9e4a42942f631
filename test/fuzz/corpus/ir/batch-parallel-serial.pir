; RUN: phonon-opt --passes=fuse,batch-parallel %s | FileCheck %s
; Negative: a chain of kernels (each stage is read by two instructions, so each ends a kernel)
; has nothing to run at once: one kernel per batch, none parallel.
patch "t.ph" cps 1/2 {
  %0 = const 0 : f32 const
  %1 = const 110 : f32 const
  %2 = const 0.5 : f32 const
  %3 = saw(freq %1, st %0) : f32 audio
  %4 = mul(a %3, b %2) : f32 audio
  %5 = add(a %3, b %4) : f32 audio
  %6 = mul(a %5, b %2) : f32 audio
  %7 = add(a %5, b %6) : f32 audio
  out 0, %7
}
; CHECK:      batch 0 cost 10 {
; CHECK-NEXT:   kernel 0 cost 10 {
; CHECK:      batch 1 cost 2 {
; CHECK-NEXT:   kernel 1 cost 2 {
; CHECK:      batch 2 cost 3 {
; CHECK-NEXT:   kernel 2 cost 3 {
; CHECK-NOT:  parallel
