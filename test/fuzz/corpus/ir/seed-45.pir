patch "test/lit/examples/example-12.ph" cps 1 {
  %0 = const 0.9 : f32 const
  %1 = voices 0 (((n "0 1 2 3") |> (s "bd")) |> (gain 0.9f)) : stereo audio
  out 0, %1
}
