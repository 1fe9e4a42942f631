patch "examples/saw-bank.ph" cps 1/2 buffers 15 {
  %0 = const 55 : f32 const
  %1 = const 0 : f32 const
  %2 = const 400 : f32 const
  %3 = const 0.7 : f32 const
  %4 = const 61.875 : f32 const
  %5 = const 550 : f32 const
  %6 = const 68.75 : f32 const
  %7 = const 700 : f32 const
  %8 = const 75.625 : f32 const
  %9 = const 850 : f32 const
  %10 = const 82.5 : f32 const
  %11 = const 1000 : f32 const
  %12 = const 89.375 : f32 const
  %13 = const 1150 : f32 const
  %14 = const 96.25 : f32 const
  %15 = const 1300 : f32 const
  %16 = const 103.125 : f32 const
  %17 = const 1450 : f32 const
  %18 = const 110 : f32 const
  %19 = const 1600 : f32 const
  %20 = const 116.875 : f32 const
  %21 = const 1750 : f32 const
  %22 = const 123.75 : f32 const
  %23 = const 1900 : f32 const
  %24 = const 130.625 : f32 const
  %25 = const 2050 : f32 const
  %26 = const 137.5 : f32 const
  %27 = const 2200 : f32 const
  %28 = const 144.375 : f32 const
  %29 = const 2350 : f32 const
  %30 = const 151.25 : f32 const
  %31 = const 2500 : f32 const
  %32 = const 158.125 : f32 const
  %33 = const 2650 : f32 const
  %34 = const 0.05 : f32 const
  batch 0 cost 525 parallel {
    kernel 0 cost 525 lanes 15 writes(%36 @0, %38 @1, %40 @2, %42 @3, %44 @4, %46 @5, %48 @6, %50 @7, %52 @8, %54 @9, %56 @10, %58 @11, %60 @12, %62 @13, %64 @14) {
      %35 = saw(freq %4, st %1) : f32 audio
      %36 = lpf(in %35, cutoff %5, q %3) : f32 audio
      %37 = saw(freq %6, st %1) : f32 audio
      %38 = lpf(in %37, cutoff %7, q %3) : f32 audio
      %39 = saw(freq %8, st %1) : f32 audio
      %40 = lpf(in %39, cutoff %9, q %3) : f32 audio
      %41 = saw(freq %10, st %1) : f32 audio
      %42 = lpf(in %41, cutoff %11, q %3) : f32 audio
      %43 = saw(freq %12, st %1) : f32 audio
      %44 = lpf(in %43, cutoff %13, q %3) : f32 audio
      %45 = saw(freq %14, st %1) : f32 audio
      %46 = lpf(in %45, cutoff %15, q %3) : f32 audio
      %47 = saw(freq %16, st %1) : f32 audio
      %48 = lpf(in %47, cutoff %17, q %3) : f32 audio
      %49 = saw(freq %18, st %1) : f32 audio
      %50 = lpf(in %49, cutoff %19, q %3) : f32 audio
      %51 = saw(freq %20, st %1) : f32 audio
      %52 = lpf(in %51, cutoff %21, q %3) : f32 audio
      %53 = saw(freq %22, st %1) : f32 audio
      %54 = lpf(in %53, cutoff %23, q %3) : f32 audio
      %55 = saw(freq %24, st %1) : f32 audio
      %56 = lpf(in %55, cutoff %25, q %3) : f32 audio
      %57 = saw(freq %26, st %1) : f32 audio
      %58 = lpf(in %57, cutoff %27, q %3) : f32 audio
      %59 = saw(freq %28, st %1) : f32 audio
      %60 = lpf(in %59, cutoff %29, q %3) : f32 audio
      %61 = saw(freq %30, st %1) : f32 audio
      %62 = lpf(in %61, cutoff %31, q %3) : f32 audio
      %63 = saw(freq %32, st %1) : f32 audio
      %64 = lpf(in %63, cutoff %33, q %3) : f32 audio
    }
  }
  batch 1 cost 52 {
    kernel 1 cost 52 reads(%36 @0, %38 @1, %40 @2, %42 @3, %44 @4, %46 @5, %48 @6, %50 @7, %52 @8, %54 @9, %56 @10, %58 @11, %60 @12, %62 @13, %64 @14) {
      %65 = saw(freq %0, st %1) : f32 audio
      %66 = lpf(in %65, cutoff %2, q %3) : f32 audio
      %67 = add(a %66, b %36) : f32 audio
      %68 = add(a %67, b %38) : f32 audio
      %69 = add(a %68, b %40) : f32 audio
      %70 = add(a %69, b %42) : f32 audio
      %71 = add(a %70, b %44) : f32 audio
      %72 = add(a %71, b %46) : f32 audio
      %73 = add(a %72, b %48) : f32 audio
      %74 = add(a %73, b %50) : f32 audio
      %75 = add(a %74, b %52) : f32 audio
      %76 = add(a %75, b %54) : f32 audio
      %77 = add(a %76, b %56) : f32 audio
      %78 = add(a %77, b %58) : f32 audio
      %79 = add(a %78, b %60) : f32 audio
      %80 = add(a %79, b %62) : f32 audio
      %81 = add(a %80, b %64) : f32 audio
      %82 = mul(a %81, b %34) : f32 audio
      out 0, %82
    }
  }
}
