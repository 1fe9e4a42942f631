; RUN: phonon-opt --passes=fuse,batch-parallel %s | FileCheck %s
; Kernels go into dependency levels: the two branches read nothing computed in a kernel, so
; they are batch 0; the join reads them, batch 1. Costs are the op table's, summed.
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
; CHECK:      batch 0 cost 24 {
; CHECK-NEXT:   kernel 0 cost 12 {
; CHECK:        kernel 1 cost 12 {
; CHECK:      batch 1 cost 15 {
; CHECK-NEXT:   kernel 2 cost 15 {
