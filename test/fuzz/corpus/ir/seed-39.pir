patch "test/lit/examples/example-09.ph" cps 1 {
  %0 = const 0.01 : f32 const
  %1 = const 0.1 : f32 const
  %2 = const 0.6 : f32 const
  %3 = const 0.2 : f32 const
  %4 = pattern 0 "c4 e4 g4 ~" hz : f32 event
  %5 = pattern 1 "saw":sound : f32 event
  %6 = synth(notes %4, wave %5, a %0, d %1, s %2, r %3) : f32 audio
  %7 = const 2000 : f32 const
  %8 = const 1 : f32 const
  %9 = lpf(in %6, cutoff %7, q %8) : f32 audio
  out 0, %9
}
