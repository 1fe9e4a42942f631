patch "examples/conditional-filter.ph" cps 1 buffers 1 {
  %0 = const 110 : f32 const
  %1 = const 0 : f32 const
  %2 = const 300 : f32 const
  %3 = const 1 : f32 const
  %4 = pattern 0 (0 $ every 2 (|> 1)) : f32 event
  %5 = const 0.3 : f32 const
  batch 0 cost 10 {
    kernel 0 cost 10 writes(%6 @0) {
      %6 = saw(freq %0, st %1) : f32 audio
    }
  }
  batch 1 cost 31 {
    kernel 1 cost 31 reads(%6 @0) {
      %7 = lpf(in %6, cutoff %2, q %3) : f32 audio
      %8 = switch(dry %6, wet %7, cond %4) : f32 audio
      %9 = mul(a %8, b %5) : f32 audio
      out 0, %9
    }
  }
}
