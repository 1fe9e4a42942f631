; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; A bank runs its lanes one after another in each sample, so only the lane that alone read a
; value may write over its buffer: here lane 3 of the filters writes over the saw lane 0 reads.
; CHECK: {{^.*}}verify-bank-lane-in-place.pir: error: invalid IR: buffer 1: lane 3 of kernel 1 writes %31 over %12, which another lane reads{{$}}
; CHECK: error: invalid IR: buffer 2: lane 2 of kernel 1 writes %27 over %13, which another lane reads
; CHECK: error: invalid IR: buffer 3: lane 1 of kernel 1 writes %23 over %14, which another lane reads
; CHECK: error: invalid IR: buffer 4: lane 0 of kernel 1 writes %19 over %15, which another lane reads
patch "bank.ph" cps 1/2 buffers 5 {
  %0 = const 100 : f32 const
  %1 = const 0 : f32 const
  %2 = const 0.1 : f32 const
  %3 = const 2000 : f32 const
  %4 = const 2500 : f32 const
  %5 = const 2 : f32 const
  %6 = const 0.11 : f32 const
  %7 = const 0.12 : f32 const
  %8 = const 0.13 : f32 const
  %9 = const 0.14 : f32 const
  %10 = const 0.02 : f32 const
  batch 0 cost 50 {
    kernel 0 cost 50 lanes 5 writes(%11 @0, %12 @1, %13 @2, %14 @3, %15 @4) {
      %11 = saw(freq %0, st %1) : f32 audio
      %12 = saw(freq %0, st %1) : f32 audio
      %13 = saw(freq %0, st %1) : f32 audio
      %14 = saw(freq %0, st %1) : f32 audio
      %15 = saw(freq %0, st %1) : f32 audio
    }
  }
  batch 1 cost 156 {
    kernel 1 cost 156 lanes 4 reads(%12 @1, %13 @2, %14 @3, %15 @4) writes(%~f1 @4, %~f2 @3, %~f3 @2, %~f4 @1) {
      %16 = sine(freq %6, st %1) : f32 audio
      %17 = mul(a %16, b %3) : f32 audio
      %18 = add(a %17, b %4) : f32 audio
      %~f1 = lpf(in %12, cutoff %18, q %5) : f32 audio
      %20 = sine(freq %7, st %1) : f32 audio
      %21 = mul(a %20, b %3) : f32 audio
      %22 = add(a %21, b %4) : f32 audio
      %~f2 = lpf(in %13, cutoff %22, q %5) : f32 audio
      %24 = sine(freq %8, st %1) : f32 audio
      %25 = mul(a %24, b %3) : f32 audio
      %26 = add(a %25, b %4) : f32 audio
      %~f3 = lpf(in %14, cutoff %26, q %5) : f32 audio
      %28 = sine(freq %9, st %1) : f32 audio
      %29 = mul(a %28, b %3) : f32 audio
      %30 = add(a %29, b %4) : f32 audio
      %~f4 = lpf(in %15, cutoff %30, q %5) : f32 audio
    }
  }
  batch 2 cost 45 {
    kernel 2 cost 45 reads(%11 @0, %~f1 @4, %~f2 @3, %~f3 @2, %~f4 @1) {
      %32 = sine(freq %2, st %1) : f32 audio
      %33 = mul(a %32, b %3) : f32 audio
      %34 = add(a %33, b %4) : f32 audio
      %~f0 = lpf(in %11, cutoff %34, q %5) : f32 audio
      %36 = add(a %~f0, b %~f1) : f32 audio
      %37 = add(a %36, b %~f2) : f32 audio
      %38 = add(a %37, b %~f3) : f32 audio
      %39 = add(a %38, b %~f4) : f32 audio
      %40 = mul(a %39, b %10) : f32 audio
      out 0, %40
    }
  }
}
