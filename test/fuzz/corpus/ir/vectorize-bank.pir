; RUN: phonon-opt --passes=fuse,batch-parallel,vectorize-across-nodes %s | FileCheck %s
; Eight oscillator-and-gain chains read nothing from each other: after fuse the first is the
; spine of the sum and the other seven are kernels of one batch, all of the same shape (a sine
; into a multiply), whatever their frequencies. They become one bank of seven lanes.
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
  %f4 = const 140 : f32 const
  %o4 = sine(freq %f4, st %c0) : f32 audio
  %m4 = mul(a %o4, b %q) : f32 audio
  %f5 = const 150 : f32 const
  %o5 = sine(freq %f5, st %c0) : f32 audio
  %m5 = mul(a %o5, b %q) : f32 audio
  %f6 = const 160 : f32 const
  %o6 = sine(freq %f6, st %c0) : f32 audio
  %m6 = mul(a %o6, b %q) : f32 audio
  %f7 = const 170 : f32 const
  %o7 = sine(freq %f7, st %c0) : f32 audio
  %m7 = mul(a %o7, b %q) : f32 audio
  %a1 = add(a %m0, b %m1) : f32 audio
  %a2 = add(a %a1, b %m2) : f32 audio
  %a3 = add(a %a2, b %m3) : f32 audio
  %a4 = add(a %a3, b %m4) : f32 audio
  %a5 = add(a %a4, b %m5) : f32 audio
  %a6 = add(a %a5, b %m6) : f32 audio
  %a7 = add(a %a6, b %m7) : f32 audio
  out 0, %a7
}
; CHECK:      batch 0 cost 91 {
; CHECK-NEXT:   kernel 0 cost 91 lanes 7 {
; CHECK-COUNT-7: {{ sine\(freq %f[1-7], st %c0\)}}
; CHECK:      batch 1 cost {{[0-9.]+}} {
; CHECK-NEXT:   kernel 1 cost
; CHECK-NOT:  lanes
