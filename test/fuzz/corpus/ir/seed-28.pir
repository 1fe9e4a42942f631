patch "test/lit/examples/example-03.ph" cps 1/2 buffers 2 {
  batch 0 cost 200 {
    kernel 0 cost 200 writes(%0 @0) {
      %0 = voices 0 (s "bd*4") : stereo audio
    }
  }
  batch 1 cost 1 {
    kernel 1 cost 1 reads(%0 @0) {
      out 0, %0
    }
  }
}
