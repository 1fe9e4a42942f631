patch "test/lit/examples/continuation.ph" cps 1/2 buffers 2 {
  %0 = const 3000 : f32 const
  %1 = const 0.7 : f32 const
  batch 0 cost 200 {
    kernel 0 cost 200 writes(%2 @0) {
      %2 = voices 0 ((s "bd*2 [~ sn]") |> (gain 0.8f)) : stereo audio
    }
  }
  batch 1 cost 26 {
    kernel 1 cost 26 reads(%2 @0) {
      %3 = lpf(in %2, cutoff %0, q %1) : stereo audio
      out 0, %3
    }
  }
}
