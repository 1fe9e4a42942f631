-- RUN: not phononc %s 2>&1 | FileCheck %s
-- A response is one sample name in quotes, set up once: not a pattern, not a signal.
~a: saw 55 # convolve "hall:0 room"
-- CHECK: sample-response-errors.ph:[[@LINE-1]]:23: error: `ir` of `convolve` must be a sample name in quotes, as in `"name:0"`
-- CHECK: note: it sets up the node once, so it cannot follow a pattern or a signal
~b: saw 55 # convolve (sine 1)
-- CHECK: sample-response-errors.ph:[[@LINE-1]]:23: error: `ir` of `convolve` must be a sample name in quotes
out: ~a + ~b
