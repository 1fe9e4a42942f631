-- RUN: not phononc %s 2>&1 | FileCheck %s
-- A pattern value beyond a 32-bit float would be muted blocks at run time: an error at its
-- place instead (sema plays the first cycles of every pattern).
out: sine "1e39 440"
-- CHECK: pattern-beyond-float.ph:[[@LINE-1]]:11: error: this pattern plays 1e+39, which is beyond the range of a signal (a 32-bit float)
out1: sine ("c4" + "<0 1e40>")
-- CHECK: pattern-beyond-float.ph:[[@LINE-1]]:13: error: this pattern plays 1e+40
out2: sine "1e30" * 0
