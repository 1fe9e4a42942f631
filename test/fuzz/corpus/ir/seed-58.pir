patch "test/lit/examples/feedback-loop.ph" cps 1/2 buffers 4 {
  %0 = const 2000 : f32 const
  %1 = const 0.7 : f32 const
  %2 = const 0.6 : f32 const
  batch 0 cost 200 {
    kernel 0 cost 200 writes(%3 @0) {
      %3 = voices 0 (s "cp ~ ~ ~") : stereo audio
    }
  }
  batch 1 cost 29 {
    kernel 1 cost 29 reads(%3 @0) writes(%~loop @2) {
      %4 = feedback.read 0 : stereo audio
      %5 = lpf(in %4, cutoff %0, q %1) : stereo audio
      %6 = mul(a %5, b %2) : stereo audio
      %~loop = add(a %3, b %6) : stereo audio
      feedback.write 0, %~loop
    }
  }
  batch 2 cost 1 {
    kernel 2 cost 1 reads(%~loop @2) {
      out 0, %~loop
    }
  }
}
