-- RUN: not phononc %s 2>&1 | FileCheck %s
-- LANGUAGE §7.2, §8.4: a synth voice plays the wave its word names: sine, saw, square,
-- pulse, tri(angle) and supersaw with the voice engine's oscillators, the other waves of §7.2
-- (pluck, superkick …) with their §7.1 nodes (a voice template each). Unknown words and `:`
-- variants are an error at the word, never silence with only a warning.
out1: synth "c4" "sqare"
-- CHECK: synth-waves.ph:[[@LINE-1]]:19: error: unknown synth wave `sqare`
-- CHECK: help: did you mean `square`?
out2: synth "c4" "saw:1 2"
-- CHECK: synth-waves.ph:[[@LINE-1]]:19: error: a synth wave has no `:` variants
-- CHECK: synth-waves.ph:[[@LINE-2]]:25: error: unknown synth wave `2`
out3: synth "c4 e4" "[sine, triangle] ~ supersaw pulse?"
-- CHECK-NOT: error
