patch "test/lit/examples/example-09.ph" cps 1 buffers 0 {
  %0 = const 0.01 : f32 const
  %1 = const 0.1 : f32 const
  %2 = const 0.6 : f32 const
  %3 = const 0.2 : f32 const
  %4 = pattern 0 "c4 e4 g4 ~" hz : f32 event
  %5 = pattern 1 "saw":sound : f32 event
  %6 = const 2000 : f32 const
  %7 = const 1 : f32 const
  batch 0 cost 26 {
    kernel 0 cost 26 {
      %8 = synth(notes %4, wave %5, a %0, d %1, s %2, r %3) : f32 audio
      %9 = lpf(in %8, cutoff %6, q %7) : f32 audio
      out 0, %9
    }
  }
}
