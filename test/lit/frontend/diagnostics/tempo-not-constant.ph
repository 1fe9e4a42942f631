-- RUN: not phononc %s 2>&1 | FileCheck %s
tempo: sine 1
-- CHECK: tempo-not-constant.ph:[[@LINE-1]]:8: error: the tempo must be a constant expression of numbers
out: sine 440
