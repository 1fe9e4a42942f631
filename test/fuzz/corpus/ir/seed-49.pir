patch "test/lit/examples/example-14.ph" cps 1/2 {
  %0 = const 0.8 : f32 const
  %1 = const 0.375 : f32 const
  %2 = const 0.4 : f32 const
  %3 = const 0.3 : f32 const
  %4 = voices 0 ((s "bd ~ sn ~") |> (gain 0.8f)) : stereo audio
  %5 = delay(in %4, time %1, fb %2, mix %3) : stereo audio
  %6 = const 0.6 : f32 const
  %7 = const 0.5 : f32 const
  %8 = const 0.2 : f32 const
  %9 = reverb(in %5, room %6, damping %7, mix %8) : stereo audio
  out 0, %9
}
