patch "examples/pattern-sweep.ph" cps 1/2 buffers 0 {
  %0 = const 0 : f32 const
  %1 = pattern 0 "55 82.5 110 55" hz : f32 event
  %2 = const 4 : f32 const
  %3 = pattern 1 "<[200 800]*2 [400 1600 3200 800]>" hz : f32 event
  %4 = const 0.3 : f32 const
  batch 0 cost 37 {
    kernel 0 cost 37 {
      %5 = saw(freq %1, st %0) : f32 audio
      %6 = lpf(in %5, cutoff %3, q %2) : f32 audio
      %7 = mul(a %6, b %4) : f32 audio
      out 0, %7
    }
  }
}
