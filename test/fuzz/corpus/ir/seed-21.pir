patch "test/lit/examples/continuation.ph" cps 1/2 {
  %0 = const 0.8 : f32 const
  %1 = const 3000 : f32 const
  %2 = const 0.7 : f32 const
  %3 = voices 0 ((s "bd*2 [~ sn]") |> (gain 0.8f)) : stereo audio
  %4 = lpf(in %3, cutoff %1, q %2) : stereo audio
  out 0, %4
}
