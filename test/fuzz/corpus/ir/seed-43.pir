patch "test/lit/examples/example-11.ph" cps 1 {
  %0 = voices 0 ((s "bd sn hh cp") $ jux (rev)) : stereo audio
  out 0, %0
}
