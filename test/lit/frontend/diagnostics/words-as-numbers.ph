-- RUN: not phononc %s 2>&1 | FileCheck %s
-- A string is typed where it is used: words where numbers are needed are an error at the
-- atom, even through a function parameter; at an output a string of words is `s`.
fn tone p = sine p * 0.2
out: tone "110 bd"
-- CHECK: words-as-numbers.ph:[[@LINE-1]]:16: error: `bd` is not a number or a note name
-- CHECK: note: this pattern is used as numbers here; to play sounds, write `s "…"`
out1: "bd sn" * 0.5
-- CHECK: words-as-numbers.ph:[[@LINE-1]]:8: error: `bd` is not a number or a note name
