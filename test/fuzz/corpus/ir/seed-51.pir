patch "test/lit/examples/example-15.ph" cps 1/2 {
  %0 = voices 0 (s "bd*4") : stereo audio
  %1 = voices 1 (s "~ hh*2 ~ hh") : stereo audio
  %2 = add(a %0, b %1) : stereo audio
  %3 = const 1.4142135 : f32 const
  %4 = div(a %2, b %3) : stereo audio
  out 0, %4
}
