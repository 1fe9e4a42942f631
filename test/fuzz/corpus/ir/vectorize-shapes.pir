; RUN: phonon-opt --passes=fuse,batch-parallel,vectorize-across-nodes %s | FileCheck %s
; Only kernels of one shape share a bank: sines with sines, saws with saws (seven each here,
; the first sine being the spine of the sum), never a sine with a saw.
patch "t.ph" cps 1/2 {
  %c0 = const 0 : f32 const
  %q = const 0.7 : f32 const
  %f0 = const 100 : f32 const
  %o0 = sine(freq %f0, st %c0) : f32 audio
  %m0 = mul(a %o0, b %q) : f32 audio
  %f1 = const 110 : f32 const
  %o1 = saw(freq %f1, st %c0) : f32 audio
  %m1 = mul(a %o1, b %q) : f32 audio
  %f2 = const 120 : f32 const
  %o2 = sine(freq %f2, st %c0) : f32 audio
  %m2 = mul(a %o2, b %q) : f32 audio
  %f3 = const 130 : f32 const
  %o3 = saw(freq %f3, st %c0) : f32 audio
  %m3 = mul(a %o3, b %q) : f32 audio
  %f4 = const 140 : f32 const
  %o4 = sine(freq %f4, st %c0) : f32 audio
  %m4 = mul(a %o4, b %q) : f32 audio
  %f5 = const 150 : f32 const
  %o5 = saw(freq %f5, st %c0) : f32 audio
  %m5 = mul(a %o5, b %q) : f32 audio
  %f6 = const 160 : f32 const
  %o6 = sine(freq %f6, st %c0) : f32 audio
  %m6 = mul(a %o6, b %q) : f32 audio
  %f7 = const 170 : f32 const
  %o7 = saw(freq %f7, st %c0) : f32 audio
  %m7 = mul(a %o7, b %q) : f32 audio
  %f8 = const 180 : f32 const
  %o8 = sine(freq %f8, st %c0) : f32 audio
  %m8 = mul(a %o8, b %q) : f32 audio
  %f9 = const 190 : f32 const
  %o9 = saw(freq %f9, st %c0) : f32 audio
  %m9 = mul(a %o9, b %q) : f32 audio
  %f10 = const 200 : f32 const
  %o10 = sine(freq %f10, st %c0) : f32 audio
  %m10 = mul(a %o10, b %q) : f32 audio
  %f11 = const 210 : f32 const
  %o11 = saw(freq %f11, st %c0) : f32 audio
  %m11 = mul(a %o11, b %q) : f32 audio
  %f12 = const 220 : f32 const
  %o12 = sine(freq %f12, st %c0) : f32 audio
  %m12 = mul(a %o12, b %q) : f32 audio
  %f13 = const 230 : f32 const
  %o13 = saw(freq %f13, st %c0) : f32 audio
  %m13 = mul(a %o13, b %q) : f32 audio
  %f14 = const 240 : f32 const
  %o14 = sine(freq %f14, st %c0) : f32 audio
  %m14 = mul(a %o14, b %q) : f32 audio
  %a1 = add(a %m0, b %m1) : f32 audio
  %a2 = add(a %a1, b %m2) : f32 audio
  %a3 = add(a %a2, b %m3) : f32 audio
  %a4 = add(a %a3, b %m4) : f32 audio
  %a5 = add(a %a4, b %m5) : f32 audio
  %a6 = add(a %a5, b %m6) : f32 audio
  %a7 = add(a %a6, b %m7) : f32 audio
  %a8 = add(a %a7, b %m8) : f32 audio
  %a9 = add(a %a8, b %m9) : f32 audio
  %a10 = add(a %a9, b %m10) : f32 audio
  %a11 = add(a %a10, b %m11) : f32 audio
  %a12 = add(a %a11, b %m12) : f32 audio
  %a13 = add(a %a12, b %m13) : f32 audio
  %a14 = add(a %a13, b %m14) : f32 audio
  out 0, %a14
}
; CHECK:      batch 0 cost {{[0-9.]+}} {
; CHECK-NEXT:   kernel 0 cost 77 lanes 7 {
; CHECK-NOT:    sine(
; CHECK:        kernel 1 cost 91 lanes 7 {
; CHECK-NOT:    saw(
; CHECK:      batch 1
