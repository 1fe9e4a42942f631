patch "test/lit/examples/example-17.ph" cps 1/2 {
  %0 = const 440 : f32 const
  %1 = const 0 : f32 const
  %2 = sine(freq %0, st %1) : f32 audio
  %~a = bus %2 : f32 audio
  %4 = const 0.25 : f32 const
  %5 = mul(a %~a, b %4) : f32 audio
  out 0, %5
}
