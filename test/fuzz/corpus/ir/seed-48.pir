patch "test/lit/examples/example-13.ph" cps 1 buffers 2 {
  %0 = const 0.8 : f32 const
  %1 = const 0.5 : f32 const
  %2 = const 0.4 : f32 const
  %3 = pattern 0 (0 $ every 2 (|> 1)) : f32 event
  batch 0 cost 200 {
    kernel 0 cost 200 writes(%4 @0) {
      %4 = voices 0 (s "bd*4 sn") : stereo audio
    }
  }
  batch 1 cost 5 {
    kernel 1 cost 5 reads(%4 @0) {
      %5 = reverb(in %4, room %0, damping %1, mix %2) : stereo audio
      %6 = switch(dry %4, wet %5, cond %3) : stereo audio
      out 0, %6
    }
  }
}
