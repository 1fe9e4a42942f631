-- RUN: not phononc %s 2>&1 | FileCheck %s
~a: saw 110 # lpf 300 :qq 2
-- CHECK: keyword-arguments.ph:[[@LINE-1]]:23: error: `lpf` has no parameter `qq`
-- CHECK: help: did you mean `:q`?
-- CHECK: note: signature: lpf in cutoff q=1
~b: saw 110 # lpf 300 :cutoff 2
-- CHECK: keyword-arguments.ph:[[@LINE-1]]:23: error: parameter `cutoff` of `lpf` is given twice
-- CHECK: keyword-arguments.ph:[[@LINE-2]]:19: note: first given here
~c: saw 110 # lpf :q 2 300
-- CHECK: keyword-arguments.ph:[[@LINE-1]]:24: error: positional arguments come before keyword arguments
out: ~a + ~b + ~c
