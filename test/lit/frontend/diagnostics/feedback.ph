-- RUN: not phononc %s 2>&1 | FileCheck %s
~a: sine 1 + ~b
~b: ~a * 0.5
-- CHECK: feedback.ph:[[@LINE-1]]:5: error: feedback through buses is not available yet
-- CHECK: note: the definitions form a loop: ~a → ~b → ~a
out: ~a
