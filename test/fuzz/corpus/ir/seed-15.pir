patch "examples/pattern-sweep.ph" cps 1/2 {
  %0 = const 0 : f32 const
  %1 = pattern 0 "55 82.5 110 55" hz : f32 event
  %2 = saw(freq %1, st %0) : f32 audio
  %3 = const 4 : f32 const
  %4 = pattern 1 "<[200 800]*2 [400 1600 3200 800]>" hz : f32 event
  %5 = lpf(in %2, cutoff %4, q %3) : f32 audio
  %6 = const 0.3 : f32 const
  %7 = mul(a %5, b %6) : f32 audio
  out 0, %7
}
