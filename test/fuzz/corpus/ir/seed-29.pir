patch "test/lit/examples/example-04.ph" cps 1/2 {
  %0 = voices 0 (s "bd(3,8,2)") : stereo audio
  out 0, %0
}
