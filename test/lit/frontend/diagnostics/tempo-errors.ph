-- RUN: not phononc %s 2>&1 | FileCheck %s
tempo: 1 - 2
-- CHECK: tempo-errors.ph:[[@LINE-1]]:8: error: the tempo must be positive, is -1
cps: 1
-- CHECK: tempo-errors.ph:[[@LINE-1]]:1: error: the tempo is set twice
-- CHECK: tempo-errors.ph:[[@LINE-4]]:1: note: first set here
out: sine 440
