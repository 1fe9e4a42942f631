patch "examples/filtered-saw.ph" cps 1/2 {
  %0 = const 110 : f32 const
  %1 = const 0 : f32 const
  %2 = saw(freq %0, st %1) : f32 audio
  %3 = const 300 : f32 const
  %4 = const 0.7 : f32 const
  %5 = lpf(in %2, cutoff %3, q %4) : f32 audio
  %6 = const 0.5 : f32 const
  %7 = mul(a %5, b %6) : f32 audio
  out 0, %7
}
