-- RUN: not phononc %s 2>&1 | FileCheck %s
-- A mini-notation value out of range (found while the pattern is built) is an error at its
-- string, not a crash (a fuzzer-found input).
out: s "bd(6,82222222222222222222222222222222222222222222,2)"
-- CHECK: pattern-value-range.ph:[[@LINE-1]]:8: error: this pattern cannot be built: 8.222222222222222e+43 is out of range
out1: sine "1(3,1e40)"
-- CHECK: pattern-value-range.ph:[[@LINE-1]]:12: error: this pattern cannot be built: 1e+40 is out of range
