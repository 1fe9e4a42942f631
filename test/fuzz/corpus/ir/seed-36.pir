patch "test/lit/examples/example-07.ph" cps 1/2 buffers 0 {
  %0 = const 0.5 : f32 const
  %1 = const 0 : f32 const
  %2 = const 400 : f32 const
  %3 = const 200 : f32 const
  %4 = const 0.2 : f32 const
  batch 0 cost 30 {
    kernel 0 cost 30 {
      %5 = sine(freq %0, st %1) : f32 audio
      %6 = mul(a %5, b %0) : f32 audio
      %~lfo = add(a %6, b %0) : f32 audio
      %8 = mul(a %~lfo, b %2) : f32 audio
      %9 = add(a %8, b %3) : f32 audio
      %10 = sine(freq %9, st %1) : f32 audio
      %11 = mul(a %10, b %4) : f32 audio
      out 0, %11
    }
  }
}
