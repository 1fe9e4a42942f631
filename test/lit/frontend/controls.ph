-- RUN: phononc %s --emit=ir | FileCheck %s
-- RUN: phononc %s --emit=ir 2>&1 >/dev/null | FileCheck %s --check-prefix=NOWARN --allow-empty
-- LANGUAGE §3.4–3.5, §8.3: control patterns, `#` between them (`|>`, structure from the left),
-- controls set by a transform's function argument, gain on a signal, and a control pattern
-- read as a number through its `note`.
out: s "bd:3*2 sn" :gain 0.8 # speed "1 2" $ every 2 (# legato 0.5 # speed 2)
out1: saw 110 # gain 0.5
out2: sine (note "c e g" |+ note 12) * 0.1
out3: "bd ~ sn"
-- A bus played as voices is used (no warning) and stays one shared signal.
~kick: sine 60
out4: s "~kick*4"
-- NOWARN-NOT: warning
-- The IR lists patterns first, then the kernels (voices have their own):
-- CHECK: pattern 0 ((note "c e g") |+ (note 12)) hz : f32 event
-- CHECK: voices 0 ((((s "bd:3*2 sn") |> (gain 0.8)) |> (speed "1 2")) $ every 2 ((|> (legato 0.5)) . (|> (speed 2)))) : stereo audio
-- CHECK: %[[SAW:[0-9]+]] = saw(
-- CHECK: mul(a %[[SAW]], b %{{[0-9]+}}) : f32 audio
-- CHECK: voices 1 (s "bd ~ sn") : stereo audio
-- CHECK: voices 2 (s "~kick*4") : stereo audio
