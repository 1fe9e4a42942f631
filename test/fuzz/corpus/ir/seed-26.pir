patch "test/lit/examples/example-02.ph" cps 1 buffers 0 {
  %0 = const 0 : f32 const
  %1 = pattern 0 "220 440" hz : f32 event
  %2 = const 0.3 : f32 const
  batch 0 cost 14 {
    kernel 0 cost 14 {
      %3 = sine(freq %1, st %0) : f32 audio
      %4 = mul(a %3, b %2) : f32 audio
      out 0, %4
    }
  }
}
