patch "x" cps 1/2 {
  %0 = const 1 : f32 const
  %1 = sine(freq %0) : f32 audio
  out 0, %1
}
