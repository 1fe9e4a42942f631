-- RUN: phononc %s --emit=ir -O0 | FileCheck %s
-- Every output is its own stem besides the main mix (LANGUAGE §2.4): `stem N` after `out 0`,
-- in increasing output number whatever the order of definition; a muted output's stem is
-- silence, and it leaves the mix.
out2: saw 110 * 0.1
out: sine 330 * 0.1
out1: tri 220 * 0.1
hush
unhush2
-- CHECK:      %[[SINE:[0-9]+]] = sine(
-- CHECK-NEXT: %{{[0-9]+}} = const 0.1
-- CHECK-NEXT: %{{[0-9]+}} = mul(a %[[SINE]],
-- CHECK-NEXT: %[[MUTED0:[0-9]+]] = const 0 : f32 const
-- CHECK:      %[[TRI:[0-9]+]] = tri(
-- CHECK-NEXT: %{{[0-9]+}} = const 0.1
-- CHECK-NEXT: %{{[0-9]+}} = mul(a %[[TRI]],
-- CHECK-NEXT: %[[MUTED1:[0-9]+]] = const 0 : f32 const
-- CHECK:      %[[SAW:[0-9]+]] = saw(
-- CHECK-NEXT: %{{[0-9]+}} = const 0.1
-- CHECK-NEXT: %[[OUT2:[0-9]+]] = mul(a %[[SAW]],
-- CHECK-NEXT: out 0, %[[OUT2]]
-- CHECK-NEXT: stem 0, %[[MUTED0]]
-- CHECK-NEXT: stem 1, %[[MUTED1]]
-- CHECK-NEXT: stem 2, %[[OUT2]]
-- CHECK-NEXT: }
