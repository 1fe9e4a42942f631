patch "test/lit/examples/example-12.ph" cps 1 buffers 2 {
  batch 0 cost 200 {
    kernel 0 cost 200 writes(%0 @0) {
      %0 = voices 0 (((n "0 1 2 3") |> (s "bd")) |> (gain 0.9f)) : stereo audio
    }
  }
  batch 1 cost 1 {
    kernel 1 cost 1 reads(%0 @0) {
      out 0, %0
    }
  }
}
