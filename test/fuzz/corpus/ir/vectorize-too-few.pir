; RUN: phonon-opt --passes=fuse,batch-parallel,vectorize-across-nodes %s | FileCheck %s
; Negative: three same-shaped kernels are too few to be worth a bank; they stay as they are.
patch "t.ph" cps 1/2 {
  %c0 = const 0 : f32 const
  %q = const 0.7 : f32 const
  %f0 = const 100 : f32 const
  %o0 = sine(freq %f0, st %c0) : f32 audio
  %m0 = mul(a %o0, b %q) : f32 audio
  %f1 = const 110 : f32 const
  %o1 = sine(freq %f1, st %c0) : f32 audio
  %m1 = mul(a %o1, b %q) : f32 audio
  %f2 = const 120 : f32 const
  %o2 = sine(freq %f2, st %c0) : f32 audio
  %m2 = mul(a %o2, b %q) : f32 audio
  %f3 = const 130 : f32 const
  %o3 = sine(freq %f3, st %c0) : f32 audio
  %m3 = mul(a %o3, b %q) : f32 audio
  %a1 = add(a %m0, b %m1) : f32 audio
  %a2 = add(a %a1, b %m2) : f32 audio
  %a3 = add(a %a2, b %m3) : f32 audio
  out 0, %a3
}
; CHECK:      batch 0 cost 39 {
; CHECK-NEXT:   kernel 0 cost 13 {
; CHECK:        kernel 1 cost 13 {
; CHECK:        kernel 2 cost 13 {
; CHECK-NOT:  lanes
