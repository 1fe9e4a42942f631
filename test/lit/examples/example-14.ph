-- RUN: phononc %s --emit=ir --passes= 2>&1 | FileCheck %s
-- LANGUAGE.md §11 example 14 (a function and a template), verbatim below.
@wet: delay 0.375 0.4 0.3 # reverb 0.6 0.5 0.2
fn kit p = s p # gain 0.8
out: kit "bd ~ sn ~" # @wet                    -- (14) function and template: a quieter, wetter beat
-- CHECK: %[[V:[0-9]+]] = voices 0 ((s "bd ~ sn ~") |> (gain 0.8)) : stereo audio
-- CHECK: %[[D:[0-9]+]] = delay(in %[[V]],
-- CHECK: reverb(in %[[D]],
