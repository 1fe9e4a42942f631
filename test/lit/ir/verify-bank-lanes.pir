; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; A bank of L lanes holds L copies of one chain: its member count is a multiple of L (here a
; lane lost its multiply).
; CHECK: {{^.*}}verify-bank-lanes.pir: error: invalid IR: kernel 0 has 3 members, not a multiple of its 2 lanes{{$}}
patch "bank.ph" cps 1/2 buffers 2 {
  %0 = const 100 : f32 const
  %1 = const 0 : f32 const
  %2 = const 0.5 : f32 const
  %3 = const 200 : f32 const
  %4 = const 300 : f32 const
  batch 0 cost 26 {
    kernel 0 cost 26 lanes 2 writes(%6 @0, %7 @1) {
      %5 = sine(freq %3, st %1) : f32 audio
      %6 = mul(a %5, b %2) : f32 audio
      %7 = sine(freq %4, st %1) : f32 audio
    }
  }
  batch 1 cost 16 {
    kernel 1 cost 16 reads(%6 @0, %7 @1) {
      %8 = sine(freq %0, st %1) : f32 audio
      %9 = mul(a %8, b %2) : f32 audio
      %10 = add(a %9, b %6) : f32 audio
      %11 = add(a %10, b %7) : f32 audio
      out 0, %11
    }
  }
}
