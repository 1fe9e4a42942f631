patch "examples/noise-hats.ph" cps 1/2 buffers 1 {
  %0 = const 4 : f32 const
  %1 = const 0 : f32 const
  %2 = const 0.5 : f32 const
  %3 = const 8000 : f32 const
  %4 = const 3 : f32 const
  %5 = const 0.2 : f32 const
  batch 0 cost 29 {
    kernel 0 cost 29 writes(%7 @0) {
      %6 = noise() : f32 audio {seed 0x50af254c}
      %7 = hpf(in %6, cutoff %3, q %4) : f32 audio
    }
  }
  batch 1 cost 11 {
    kernel 1 cost 11 reads(%7 @0) {
      %8 = tri(freq %0, st %1) : f32 audio
      %9 = mul(a %8, b %2) : f32 audio
      %~level = add(a %9, b %2) : f32 audio
      %11 = mul(a %7, b %~level) : f32 audio
      %12 = mul(a %11, b %5) : f32 audio
      out 0, %12
    }
  }
}
