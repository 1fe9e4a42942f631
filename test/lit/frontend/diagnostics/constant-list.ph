-- RUN: not phononc %s 2>&1 | FileCheck %s
-- A constant list port (`additive`'s `amps`, `!` in LANGUAGE §7) is handed to the node at init:
-- constant numbers only, as a list `[1, 0.5]` or a string of numbers.
~a: additive 110 [1, sine 2]
-- CHECK: constant-list.ph:[[@LINE-1]]:22: error: a list at `amps` of `additive` holds constant numbers
-- CHECK-NEXT: ~a: additive 110 [1, sine 2]
-- CHECK-NEXT: {{^                     \^~~~~~$}}
-- CHECK-NEXT: note: it sets up the node once, so it cannot follow a pattern or a signal
~b: additive 110 "1 0.5 x"
-- CHECK: constant-list.ph:[[@LINE-1]]:18: error: `amps` of `additive` is a list of numbers; `x` is not a number
-- CHECK: help: write the list as `[1, 0.5]` or `"1 0.5"`
~c: additive 110 (saw 3)
-- CHECK: constant-list.ph:[[@LINE-1]]:18: error: `amps` of `additive` must be a constant list of numbers
-- CHECK: note: it sets up the node once
~d: additive 110 ""
-- CHECK: constant-list.ph:[[@LINE-1]]:18: error: `amps` of `additive` is an empty list
~e: saw 55 # convolve "a b"
-- CHECK: constant-list.ph:[[@LINE-1]]:23: error: `ir` of `convolve` must be a sample name in quotes, as in `"name:0"`
~f: saw 55 # convolve (sine 1)
-- CHECK: constant-list.ph:[[@LINE-1]]:23: error: `ir` of `convolve` must be a sample name in quotes
out: ~a + ~b + ~c + ~d + ~e + ~f
-- CHECK-NOT: error
