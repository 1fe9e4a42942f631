-- RUN: phononc %s --emit=ir 2>&1 | FileCheck %s
-- LANGUAGE.md §11 example 12, verbatim below.
tempo: 1
out: n "0 1 2 3" # s "bd" # gain 0.9           -- (12) the four variants of bd, one per quarter second
-- CHECK: voices 0 (((n "0 1 2 3") |> (s "bd")) |> (gain 0.9)) : f32 audio
