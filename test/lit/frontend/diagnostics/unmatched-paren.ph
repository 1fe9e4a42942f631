-- RUN: not phononc %s 2>&1 | FileCheck %s
out: sine 440) * 0.2
-- CHECK: unmatched-paren.ph:[[@LINE-1]]:14: error: unmatched ')'
