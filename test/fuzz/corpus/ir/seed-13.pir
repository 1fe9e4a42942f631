patch "examples/pattern-pitches.ph" cps 1 {
  %0 = const 12 : f32 const
  %1 = const 0 : f32 const
  %2 = pattern 0 ("c4 e4 g4" + 12) hz : f32 event
  %3 = sine(freq %2, st %1) : f32 audio
  %4 = const 0.2 : f32 const
  %5 = mul(a %3, b %4) : f32 audio
  out 0, %5
}
