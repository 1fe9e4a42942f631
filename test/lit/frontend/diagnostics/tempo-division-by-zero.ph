-- RUN: not phononc %s 2>&1 | FileCheck %s
tempo: 1 / (2 - 2)
-- CHECK: tempo-division-by-zero.ph:[[@LINE-1]]:12: error: division by zero in a constant expression
out: sine 440
