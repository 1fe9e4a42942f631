-- RUN: not phononc %s --emit=ir -O0 2>&1 | FileCheck %s
-- RUN: not phononc %s --emit=ir -O2 2>&1 | FileCheck %s
-- RUN: not phonon render %s -o %t.wav --engine interp 2>&1 | FileCheck %s
-- RUN: not test -e %t.wav
-- A constant that is NaN or ±Inf is an error at its place, before any pass, so that every -O
-- level and engine refuses the same program (docs/language.md, "Numbers"): no signal may
-- carry one (LANGUAGE §9.2). Only the first non-finite value of a chain is an error.
out: sine 440 * (1e38 * 10)
-- CHECK: fold-constants-nonfinite.ph:[[@LINE-1]]:18: error: `*` of the constants 1e+38 and 10 is +inf; a signal must be a finite number
-- CHECK-NEXT: out: sine 440 * (1e38 * 10)
-- CHECK-NEXT: {{^}}                 ^~~~~~~~~{{$}}
~big: saw 55 * 1e39
-- CHECK: fold-constants-nonfinite.ph:[[@LINE-1]]:16: error: this number is beyond the range of a 32-bit float (about ±3.4e38)
~nan: (3e38 + 3e38) - (0 - 3e38 - 3e38)
-- CHECK: fold-constants-nonfinite.ph:[[@LINE-1]]:8: error: `+` of the constants 3e+38 and 3e+38 is +inf
-- CHECK: fold-constants-nonfinite.ph:[[@LINE-2]]:24: error: `-` of the constants -3e+38 and 3e+38 is -inf
-- CHECK-NOT: error
-- Division by zero is 0 (LANGUAGE §3.7), and what only comes close to the limit is fine.
out1: sine 1 / 0 + 3e38 * 1.1 * 0
