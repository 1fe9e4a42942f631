patch "examples/conditional-filter.ph" cps 1 {
  %0 = const 110 : f32 const
  %1 = const 0 : f32 const
  %2 = saw(freq %0, st %1) : f32 audio
  %3 = const 2 : f32 const
  %4 = const 300 : f32 const
  %5 = const 1 : f32 const
  %6 = lpf(in %2, cutoff %4, q %5) : f32 audio
  %7 = const 0 : f32 const
  %8 = pattern 0 (0 $ every 2 (|> 1)) : f32 event
  %9 = switch(dry %2, wet %6, cond %8) : f32 audio
  %10 = const 0.3 : f32 const
  %11 = mul(a %9, b %10) : f32 audio
  out 0, %11
}
