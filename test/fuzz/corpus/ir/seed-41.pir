patch "test/lit/examples/example-10.ph" cps 1 {
  %0 = const 2 : f32 const
  %1 = const 3 : f32 const
  %2 = const 2 : f32 const
  %3 = voices 0 ((s "bd*2 [~ sn] hh*3 <cp oh>") $ every 3 (fast 2)) : stereo audio
  out 0, %3
}
