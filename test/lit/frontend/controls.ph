-- RUN: phononc %s --emit=ir --passes= | FileCheck %s
-- RUN: phononc %s --emit=ir --passes= 2>&1 >/dev/null | FileCheck %s --check-prefix=NOWARN --allow-empty
-- LANGUAGE §3.4–3.5, §8.3: control patterns, `#` between them (`|>`, structure from the left),
-- controls set by a transform's function argument, gain on a signal, and a control pattern
-- read as a number through its `note`.
out: s "bd:3*2 sn" :gain 0.8 # speed "1 2" $ every 2 (# legato 0.5 # speed 2)
out1: saw 110 # gain 0.5
out2: sine (note "c e g" |+ note 12) * 0.1
out3: "bd ~ sn"
-- NOWARN-NOT: warning
-- Sema's IR, before the passes:
-- CHECK: voices 0 ((((s "bd:3*2 sn") |> (gain 0.8)) |> (speed "1 2")) $ every 2 ((|> (legato 0.5)) . (|> (speed 2)))) : stereo audio
-- CHECK: %[[SAW:[0-9]+]] = saw(
-- CHECK: mul(a %[[SAW]], b %{{[0-9]+}}) : f32 audio
-- CHECK: pattern 0 ((note "c e g") |+ (note 12)) hz : f32 event
-- CHECK: voices 1 (s "bd ~ sn") : stereo audio
