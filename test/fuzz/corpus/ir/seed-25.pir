patch "test/lit/examples/example-02.ph" cps 1 {
  %0 = const 0 : f32 const
  %1 = pattern 0 "220 440" hz : f32 event
  %2 = sine(freq %1, st %0) : f32 audio
  %3 = const 0.3 : f32 const
  %4 = mul(a %2, b %3) : f32 audio
  out 0, %4
}
