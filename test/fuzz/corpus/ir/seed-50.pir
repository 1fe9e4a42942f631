patch "test/lit/examples/example-14.ph" cps 1/2 buffers 2 {
  %0 = const 0.375 : f32 const
  %1 = const 0.4 : f32 const
  %2 = const 0.3 : f32 const
  %3 = const 0.6 : f32 const
  %4 = const 0.5 : f32 const
  %5 = const 0.2 : f32 const
  batch 0 cost 200 {
    kernel 0 cost 200 writes(%6 @0) {
      %6 = voices 0 ((s "bd ~ sn ~") |> (gain 0.8f)) : stereo audio
    }
  }
  batch 1 cost 1 {
    kernel 1 cost 1 reads(%6 @0) {
      %7 = delay(in %6, time %0, fb %1, mix %2) : stereo audio
      %8 = reverb(in %7, room %3, damping %4, mix %5) : stereo audio
      out 0, %8
    }
  }
}
