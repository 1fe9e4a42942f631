patch "test/lit/examples/example-06.ph" cps 1/2 buffers 0 {
  %0 = const 110 : f32 const
  %1 = const 0 : f32 const
  %2 = const 300 : f32 const
  %3 = const 0.7 : f32 const
  %4 = const 0.5 : f32 const
  batch 0 cost 37 {
    kernel 0 cost 37 {
      %5 = saw(freq %0, st %1) : f32 audio
      %6 = lpf(in %5, cutoff %2, q %3) : f32 audio
      %7 = mul(a %6, b %4) : f32 audio
      out 0, %7
    }
  }
}
