patch "examples/lfo-sweep.ph" cps 1/2 {
  %0 = const 0.5 : f32 const
  %1 = const 0 : f32 const
  %2 = sine(freq %0, st %1) : f32 audio
  %3 = const 0.5 : f32 const
  %4 = mul(a %2, b %3) : f32 audio
  %5 = const 0.5 : f32 const
  %6 = add(a %4, b %5) : f32 audio
  %~lfo = bus %6 : f32 audio
  %8 = const 400 : f32 const
  %9 = mul(a %~lfo, b %8) : f32 audio
  %10 = const 200 : f32 const
  %11 = add(a %9, b %10) : f32 audio
  %12 = const 0 : f32 const
  %13 = sine(freq %11, st %12) : f32 audio
  %14 = const 0.2 : f32 const
  %15 = mul(a %13, b %14) : f32 audio
  out 0, %15
}
