patch "test/lit/examples/example-17.ph" cps 1/2 buffers 0 {
  %0 = const 440 : f32 const
  %1 = const 0 : f32 const
  %2 = const 0.25 : f32 const
  batch 0 cost 14 {
    kernel 0 cost 14 {
      %~a = sine(freq %0, st %1) : f32 audio
      %4 = mul(a %~a, b %2) : f32 audio
      out 0, %4
    }
  }
}
