; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; A bank that ends with the sum of its lanes adds them into a total buffer per chunk of its
; own; here the buffers are allocated and the partials are missing: the lanes would have
; nowhere to add.
; CHECK: {{^.*}}verify-bank-sum-partials.pir: error: invalid IR: kernel 0 accumulates a sum but has no partials{{$}}
patch "sum.ph" cps 1/2 buffers 1 {
  %c0 = const 0 : f32 const
  %f0 = const 100 : f32 const
  %f1 = const 200 : f32 const
  %f2 = const 300 : f32 const
  %f3 = const 400 : f32 const
  %g = const 0.2 : f32 const
  batch 0 cost 49 {
    kernel 0 cost 49 lanes 4 writes(%s @0) {
      %o0 = sine(freq %f0, st %c0) : f32 audio
      %o1 = sine(freq %f1, st %c0) : f32 audio
      %o2 = sine(freq %f2, st %c0) : f32 audio
      %o3 = sine(freq %f3, st %c0) : f32 audio
      %s = sum %o0, %o1, %o2, %o3 : f32 audio
    }
  }
  batch 1 cost 2 {
    kernel 1 cost 2 reads(%s @0) {
      %m = mul(a %s, b %g) : f32 audio
      out 0, %m
    }
  }
}
