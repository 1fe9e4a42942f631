patch "test/lit/examples/example-15.ph" cps 1/2 buffers 4 {
  %0 = const 1.4142135 : f32 const
  batch 0 cost 400 parallel {
    kernel 0 cost 200 writes(%1 @0) {
      %1 = voices 0 (s "bd*4") : stereo audio
    }
    kernel 1 cost 200 writes(%2 @2) {
      %2 = voices 1 (s "~ hh*2 ~ hh") : stereo audio
    }
  }
  batch 1 cost 3 {
    kernel 2 cost 3 reads(%1 @0, %2 @2) {
      %3 = add(a %1, b %2) : stereo audio
      %4 = div(a %3, b %0) : stereo audio
      out 0, %4
    }
  }
}
