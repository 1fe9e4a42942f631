; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; A bank's chunk totals take a buffer each of their own: here the one chunk's overlaps the
; sum's buffer.
; CHECK: {{^.*}}verify-bank-partials.pir: error: invalid IR: buffer 0 holds a value and kernel 0's partials{{$}}
patch "sum.ph" cps 1/2 buffers 1 {
  %c0 = const 0 : f32 const
  %f0 = const 100 : f32 const
  %f1 = const 200 : f32 const
  %f2 = const 300 : f32 const
  %f3 = const 400 : f32 const
  %g = const 0.2 : f32 const
  batch 0 cost 49 {
    kernel 0 cost 49 lanes 4 partials @0 writes(%s @0) {
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
