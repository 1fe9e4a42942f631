patch "examples/noise-hats.ph" cps 1/2 {
  %0 = const 4 : f32 const
  %1 = const 0 : f32 const
  %2 = tri(freq %0, st %1) : f32 audio
  %3 = const 0.5 : f32 const
  %4 = mul(a %2, b %3) : f32 audio
  %5 = const 0.5 : f32 const
  %6 = add(a %4, b %5) : f32 audio
  %~level = bus %6 : f32 audio
  %8 = noise() : f32 audio {seed 0x50af254c}
  %9 = const 8000 : f32 const
  %10 = const 3 : f32 const
  %11 = hpf(in %8, cutoff %9, q %10) : f32 audio
  %12 = mul(a %11, b %~level) : f32 audio
  %13 = const 0.2 : f32 const
  %14 = mul(a %12, b %13) : f32 audio
  out 0, %14
}
