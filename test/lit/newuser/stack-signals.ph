-- RUN: phononc %s --emit=ir -O0 | FileCheck %s
-- RUN: phononc %s
-- LANGUAGE §6.2: a `stack` with a signal in it is the per-sample sum of its elements.
out: stack [sine 440, saw 220, "0.1 0.2"] * 0.3
-- CHECK-DAG: [[SINE:%[0-9]+]] = sine(freq %{{[0-9]+}}
-- CHECK-DAG: [[SAW:%[0-9]+]] = saw(freq %{{[0-9]+}}
-- CHECK-DAG: [[SUM:%[0-9]+]] = add(a [[SINE]], b [[SAW]])
-- CHECK-DAG: add(a [[SUM]], b %{{[0-9]+}})
