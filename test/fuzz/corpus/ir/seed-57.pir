patch "test/lit/examples/feedback-loop.ph" cps 1/2 {
  %0 = feedback.read 0 : stereo audio
  %1 = const 2000 : f32 const
  %2 = const 0.7 : f32 const
  %3 = lpf(in %0, cutoff %1, q %2) : stereo audio
  %4 = const 0.6 : f32 const
  %5 = mul(a %3, b %4) : stereo audio
  %6 = voices 0 (s "cp ~ ~ ~") : stereo audio
  %7 = add(a %6, b %5) : stereo audio
  %~loop = bus %7 : stereo audio
  out 0, %~loop
  feedback.write 0, %~loop
}
