-- RUN: phononc %s --emit=ir | FileCheck %s
-- LANGUAGE §3.4–3.5, §8.3: control patterns, `#` between them (`|>`, structure from the left),
-- controls set by a transform's function argument, gain on a signal, and a control pattern
-- read as a number through its `note`.
out: s "bd:3*2 sn" :gain 0.8 # speed "1 2" $ every 2 (# legato 0.5 # speed 2)
-- CHECK: voices 0 ((((s "bd:3*2 sn") |> (gain 0.8)) |> (speed "1 2")) $ every 2 ((|> (legato 0.5)) . (|> (speed 2)))) : stereo audio
out1: saw 110 # gain 0.5
-- CHECK: %[[SAW:[0-9]+]] = saw(
-- CHECK: mul(a %[[SAW]], b %{{[0-9]+}}) : f32 audio
out2: sine (note "c e g" |+ note 12) * 0.1
-- CHECK: pattern 0 ((note "c e g") |+ (note 12)) hz : f32 event
out3: "bd ~ sn"
-- CHECK: voices 1 (s "bd ~ sn") : stereo audio
