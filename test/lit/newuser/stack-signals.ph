-- RUN: phononc %s --emit=ir -O0 | FileCheck %s
-- RUN: phononc %s
-- LANGUAGE §6.2: a `stack` with a signal in it is the per-sample sum of its elements: one
-- n-ary `sum`, its operands in the stack's order (the pattern held as an event-rate value).
out: stack [sine 440, saw 220, "0.1 0.2"] * 0.3
-- CHECK-DAG: [[SINE:%[0-9]+]] = sine(freq %{{[0-9]+}}
-- CHECK-DAG: [[SAW:%[0-9]+]] = saw(freq %{{[0-9]+}}
-- CHECK-DAG: [[PAT:%[0-9]+]] = pattern 0 "0.1 0.2" : f32 event
-- CHECK-DAG: [[SUM:%[0-9]+]] = sum [[SINE]], [[SAW]], [[PAT]] : f32 audio
-- CHECK-DAG: mul(a [[SUM]], b %{{[0-9]+}})
