-- RUN: not phononc %s 2>&1 | FileCheck %s
-- `synth` plays the waveforms the voice engine has; the rest of LANGUAGE §7.2's list is an
-- error at its place (not silence), and a misspelt one gets the nearest name.
~a: synth "c4 e4" "superfm"
-- CHECK: synth-waves.ph:[[@LINE-1]]:19: error: the `superfm` waveform of `synth` is not available yet
-- CHECK-NEXT: ~a: synth "c4 e4" "superfm"
-- CHECK-NEXT: {{^                  \^~~~~~~~~$}}
-- CHECK-NEXT: note: the voices play sine, saw, square, pulse, tri and supersaw
~b: synth "c4 e4" "sqaure"
-- CHECK: synth-waves.ph:[[@LINE-1]]:19: error: unknown `synth` waveform `sqaure`
-- CHECK: help: did you mean `square`?
~c: synth "c4 e4" "<saw tri>" + synth "c3" "supersaw sine pulse"
out: ~a + ~b + ~c
-- CHECK-NOT: error
