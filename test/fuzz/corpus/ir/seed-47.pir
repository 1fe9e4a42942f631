patch "test/lit/examples/example-13.ph" cps 1 {
  %0 = const 2 : f32 const
  %1 = voices 0 (s "bd*4 sn") : stereo audio
  %2 = const 0.8 : f32 const
  %3 = const 0.5 : f32 const
  %4 = const 0.4 : f32 const
  %5 = reverb(in %1, room %2, damping %3, mix %4) : stereo audio
  %6 = const 0 : f32 const
  %7 = pattern 0 (0 $ every 2 (|> 1)) : f32 event
  %8 = switch(dry %1, wet %5, cond %7) : stereo audio
  out 0, %8
}
