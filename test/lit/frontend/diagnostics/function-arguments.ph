-- RUN: not phononc %s 2>&1 | FileCheck %s
-- Calls of user functions are checked like calls of nodes, against the definition.
fn fx x cut = x # lpf cut 1
~a: fx (saw 1) 2 3
-- CHECK: function-arguments.ph:[[@LINE-1]]:18: error: too many arguments to `fx`
-- CHECK: function-arguments.ph:3:4: note: defined here as `fn fx x cut`
~b: saw 2 # fx
-- CHECK: function-arguments.ph:[[@LINE-1]]:13: error: `fx` is missing its argument `cut`
~c: fx (saw 3) :cat 3
-- CHECK: function-arguments.ph:[[@LINE-1]]:16: error: `fx` has no parameter `cat`
-- CHECK-NEXT: ~c: fx (saw 3) :cat 3
-- CHECK: help: did you mean `:cut`?
~d: fx (saw 4) 300 :cut 2
-- CHECK: function-arguments.ph:[[@LINE-1]]:20: error: parameter `cut` of `fx` is given twice
out: ~a + ~b + ~c + ~d
