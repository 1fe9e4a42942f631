; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; A bank runs one loop body for every lane: each lane has lane 0's ops and edges (here lane 1
; adds where lane 0 multiplies).
patch "bank.ph" cps 1/2 buffers 2 {
  %0 = const 100 : f32 const
  %1 = const 0 : f32 const
  %2 = const 0.5 : f32 const
  %3 = const 200 : f32 const
  %4 = const 300 : f32 const
  batch 0 cost 26 {
    kernel 0 cost 26 lanes 2 writes(%6 @0, %8 @1) {
      %5 = sine(freq %3, st %1) : f32 audio
      %6 = mul(a %5, b %2) : f32 audio
      %7 = sine(freq %4, st %1) : f32 audio
      %8 = add(a %7, b %2) : f32 audio
; CHECK: {{^.*}}verify-bank-lane-shape.pir:[[@LINE-1]]:7: error: invalid IR: lane 1 of kernel 0 differs from lane 0{{$}}
    }
  }
  batch 1 cost 16 {
    kernel 1 cost 16 reads(%6 @0, %8 @1) {
      %9 = sine(freq %0, st %1) : f32 audio
      %10 = mul(a %9, b %2) : f32 audio
      %11 = add(a %10, b %6) : f32 audio
      %12 = add(a %11, b %8) : f32 audio
      out 0, %12
    }
  }
}
