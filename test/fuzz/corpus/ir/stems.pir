patch "stems.ph" cps 1/2 {
  %0 = const 220 : f32 const
  %1 = const 0 : f32 const
  %2 = const 0.3 : f32 const
  %3 = sine(freq %0, st %1) : f32 audio
  %4 = mul(a %3, b %2) : f32 audio
  %5 = pan(in %4, p %2) : stereo audio
  %6 = add(a %4, b %5) : stereo audio
  out 0, %6
  stem 0, %4
  stem 7, %5
}
