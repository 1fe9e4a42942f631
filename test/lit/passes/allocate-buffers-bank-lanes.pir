; RUN: phonon-opt --passes=fuse,batch-parallel,vectorize-across-nodes,allocate-buffers %s | FileCheck %s
; In a bank the lanes run one after another inside each sample, so a lane may write in place
; only the buffer it read itself: lane j of the filters reads the saw of buffer @b and writes
; its output back to @b, never to another lane's input (which that lane has not read yet).
patch "bank.ph" cps 1/2 {
  %0 = const 100 : f32 const
  %1 = const 0 : f32 const
  %2 = saw(freq %0, st %1) : f32 audio
  %3 = const 0.1 : f32 const
  %4 = const 0 : f32 const
  %5 = sine(freq %3, st %4) : f32 audio
  %6 = const 2000 : f32 const
  %7 = mul(a %5, b %6) : f32 audio
  %8 = const 2500 : f32 const
  %9 = add(a %7, b %8) : f32 audio
  %10 = const 2 : f32 const
  %11 = lpf(in %2, cutoff %9, q %10) : f32 audio
  %~f0 = bus %11 : f32 audio
  %13 = const 100 : f32 const
  %14 = const 0 : f32 const
  %15 = saw(freq %13, st %14) : f32 audio
  %16 = const 0.11 : f32 const
  %17 = const 0 : f32 const
  %18 = sine(freq %16, st %17) : f32 audio
  %19 = const 2000 : f32 const
  %20 = mul(a %18, b %19) : f32 audio
  %21 = const 2500 : f32 const
  %22 = add(a %20, b %21) : f32 audio
  %23 = const 2 : f32 const
  %24 = lpf(in %15, cutoff %22, q %23) : f32 audio
  %~f1 = bus %24 : f32 audio
  %26 = const 100 : f32 const
  %27 = const 0 : f32 const
  %28 = saw(freq %26, st %27) : f32 audio
  %29 = const 0.12 : f32 const
  %30 = const 0 : f32 const
  %31 = sine(freq %29, st %30) : f32 audio
  %32 = const 2000 : f32 const
  %33 = mul(a %31, b %32) : f32 audio
  %34 = const 2500 : f32 const
  %35 = add(a %33, b %34) : f32 audio
  %36 = const 2 : f32 const
  %37 = lpf(in %28, cutoff %35, q %36) : f32 audio
  %~f2 = bus %37 : f32 audio
  %39 = const 100 : f32 const
  %40 = const 0 : f32 const
  %41 = saw(freq %39, st %40) : f32 audio
  %42 = const 0.13 : f32 const
  %43 = const 0 : f32 const
  %44 = sine(freq %42, st %43) : f32 audio
  %45 = const 2000 : f32 const
  %46 = mul(a %44, b %45) : f32 audio
  %47 = const 2500 : f32 const
  %48 = add(a %46, b %47) : f32 audio
  %49 = const 2 : f32 const
  %50 = lpf(in %41, cutoff %48, q %49) : f32 audio
  %~f3 = bus %50 : f32 audio
  %52 = const 100 : f32 const
  %53 = const 0 : f32 const
  %54 = saw(freq %52, st %53) : f32 audio
  %55 = const 0.14 : f32 const
  %56 = const 0 : f32 const
  %57 = sine(freq %55, st %56) : f32 audio
  %58 = const 2000 : f32 const
  %59 = mul(a %57, b %58) : f32 audio
  %60 = const 2500 : f32 const
  %61 = add(a %59, b %60) : f32 audio
  %62 = const 2 : f32 const
  %63 = lpf(in %54, cutoff %61, q %62) : f32 audio
  %~f4 = bus %63 : f32 audio
  %65 = add(a %~f0, b %~f1) : f32 audio
  %66 = add(a %65, b %~f2) : f32 audio
  %67 = add(a %66, b %~f3) : f32 audio
  %68 = add(a %67, b %~f4) : f32 audio
  %69 = const 0 : f32 const
  %70 = add(a %68, b %69) : f32 audio
  %71 = const 0.02 : f32 const
  %72 = mul(a %70, b %71) : f32 audio
  out 0, %72
}
; CHECK: kernel 0 cost {{[0-9]+}} lanes 5 writes(%[[S0:[0-9]+]] @0, %[[S1:[0-9]+]] @1, %[[S2:[0-9]+]] @2, %[[S3:[0-9]+]] @3, %[[S4:[0-9]+]] @4)
; CHECK: kernel 1 cost {{[0-9]+}} lanes 4 reads(%[[S1]] @1, %[[S2]] @2, %[[S3]] @3, %[[S4]] @4) writes(%~f1 @1, %~f2 @2, %~f3 @3, %~f4 @4)
