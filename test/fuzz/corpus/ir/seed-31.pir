patch "test/lit/examples/example-05.ph" cps 1/2 {
  %0 = const 440 : f32 const
  %1 = const 12 : f32 const
  %2 = sine(freq %0, st %1) : f32 audio
  %3 = const 0.2 : f32 const
  %4 = mul(a %2, b %3) : f32 audio
  out 0, %4
}
