-- RUN: phononc %s --emit=ir -O0 | FileCheck %s
-- Number forms of LANGUAGE §1 and the exact tempo: bpm 120 is cps 1/2, and a tempo
-- expression is evaluated in exact rationals.
bpm: 140 3
out: sine .5 * 1e3 + 2.5E-2
-- CHECK: patch {{.*}} cps 7/9
-- CHECK: const 0.5
-- CHECK: const 1000
-- CHECK: const 0.025
