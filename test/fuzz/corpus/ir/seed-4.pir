patch "examples/demo.ph" cps 1/2 buffers 4 {
  %0 = const 0.125 : f32 const
  %1 = const 0 : f32 const
  %2 = const 0.5 : f32 const
  %3 = const 55 : f32 const
  %4 = const 1800 : f32 const
  %5 = const 200 : f32 const
  %6 = const 4 : f32 const
  %7 = const 0.35 : f32 const
  %8 = const 0.25 : f32 const
  %9 = const 6000 : f32 const
  %10 = const 1 : f32 const
  %11 = const 9000 : f32 const
  %12 = const 0.02 : f32 const
  %13 = const 0.03 : f32 const
  %14 = const 220 : f32 const
  %15 = const 330 : f32 const
  %16 = const 1200 : f32 const
  %17 = const 0.7 : f32 const
  %18 = const 0.08 : f32 const
  batch 0 cost 51 {
    kernel 0 cost 10 writes(%19 @0) {
      %19 = saw(freq %3, st %1) : f32 audio
    }
    kernel 1 cost 13 writes(%~low @1) {
      %20 = sine(freq %3, st %1) : f32 audio
      %~low = mul(a %20, b %8) : f32 audio
    }
    kernel 2 cost 14 writes(%24 @2) {
      %22 = sine(freq %2, st %1) : f32 audio
      %23 = mul(a %22, b %12) : f32 audio
      %24 = add(a %23, b %13) : f32 audio
    }
    kernel 3 cost 14 writes(%25 @3) {
      %25 = square(freq %14, st %1) : f32 audio
    }
  }
  batch 1 cost 89 {
    kernel 4 cost 55 reads(%24 @2) writes(%~air @2) {
      %26 = noise() : f32 audio {seed 0x525078e8}
      %27 = hpf(in %26, cutoff %9, q %10) : f32 audio
      %28 = lpf(in %27, cutoff %11, q %10) : f32 audio
      %~air = mul(a %28, b %24) : f32 audio
    }
    kernel 5 cost 34 reads(%25 @3) writes(%~lead @3) {
      %30 = tri(freq %15, st %1) : f32 audio
      %31 = mul(a %30, b %2) : f32 audio
      %32 = add(a %25, b %31) : f32 audio
      %33 = lpf(in %32, cutoff %16, q %17) : f32 audio
      %~lead = mul(a %33, b %18) : f32 audio
    }
  }
  batch 2 cost 46 {
    kernel 6 cost 46 reads(%19 @0, %~low @1, %~air @2, %~lead @3) {
      %35 = sine(freq %0, st %1) : f32 audio
      %36 = mul(a %35, b %2) : f32 audio
      %~sweep = add(a %36, b %2) : f32 audio
      %38 = mul(a %~sweep, b %4) : f32 audio
      %39 = add(a %38, b %5) : f32 audio
      %40 = lpf(in %19, cutoff %39, q %6) : f32 audio
      %~bass = mul(a %40, b %7) : f32 audio
      %42 = add(a %~bass, b %~low) : f32 audio
      %43 = add(a %42, b %~air) : f32 audio
      %44 = add(a %43, b %~lead) : f32 audio
      out 0, %44
    }
  }
}
