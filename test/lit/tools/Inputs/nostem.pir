patch "nostem.ph" cps 1/2 {
  %0 = const 0.5 : f32 const
  out 0, %0
}
