patch "x" cps 1/2 {
  %0 = const 1 : f32 konst
  %1 = const 2 : f32 const
  %2 = sin(freq %1) : f32 audio
}
