-- RUN: not phononc %s 2>&1 | FileCheck %s
-- Outputs are `out`, `out1` … `out99` (LANGUAGE §2.4); any other number is an error at the
-- statement's head, however many digits it has (a long one never wraps around to a valid one).
out7: sine 440 * 0.1
out100: sine 440
-- CHECK: output-numbers.ph:[[@LINE-1]]:1: error: outputs are numbered 1 to 99
out000000000000000000000000003586866903221301703: sine 220
-- CHECK: output-numbers.ph:[[@LINE-1]]:1: error: outputs are numbered 1 to 99
-- CHECK-NOT: internal error
