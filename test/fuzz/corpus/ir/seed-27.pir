patch "test/lit/examples/example-03.ph" cps 1/2 {
  %0 = voices 0 (s "bd*4") : stereo audio
  out 0, %0
}
