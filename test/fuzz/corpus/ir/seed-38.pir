patch "test/lit/examples/example-08.ph" cps 1 buffers 0 {
  %0 = const 0 : f32 const
  %1 = pattern 0 ("c4 e4 g4" + 12) hz : f32 event
  %2 = const 0.2 : f32 const
  batch 0 cost 14 {
    kernel 0 cost 14 {
      %3 = sine(freq %1, st %0) : f32 audio
      %4 = mul(a %3, b %2) : f32 audio
      out 0, %4
    }
  }
}
