-- RUN: phononc %s --emit=ir -O1 2>/dev/null | FileCheck %s
-- The auto output (LANGUAGE §2.4) plays as `out`: its stem is the main mix.
~a: sine 220 * 0.2
~b: saw 110 * 0.1
-- CHECK:      %[[MIX:[0-9]+]] = mul(a %{{[0-9]+}}, b %{{[0-9]+}})
-- CHECK-NEXT: out 0, %[[MIX]]
-- CHECK-NEXT: stem 0, %[[MIX]]
-- CHECK-NEXT: }
