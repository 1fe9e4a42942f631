-- RUN: phononc %s --emit=ir -O0 | FileCheck %s
-- LANGUAGE §7.8: `mix a b …` is the sum of its signals: the n-ary sum, its operands in order,
-- added as ir::sumOf defines (operand k into partial k mod 8, then the partials in order).
out: mix (sine 100) (saw 200) (tri 300) (sine 400) * 0.3
-- CHECK-DAG: [[A:%[0-9]+]] = sine(freq %{{[0-9]+}}
-- CHECK-DAG: [[B:%[0-9]+]] = saw(freq %{{[0-9]+}}
-- CHECK-DAG: [[C:%[0-9]+]] = tri(freq %{{[0-9]+}}
-- CHECK-DAG: [[D:%[0-9]+]] = sine(freq %{{[0-9]+}}
-- CHECK:     [[SUM:%[0-9]+]] = sum [[A]], [[B]], [[C]], [[D]] : f32 audio
-- CHECK:     mul(a [[SUM]], b %{{[0-9]+}})
