-- RUN: not phononc %s 2>&1 | FileCheck %s
-- A parameter holds what its argument is: a value cannot be applied, a function is no value.
fn apply x f = x # f
fn useit x f = f + x
out: apply (saw 110) 3 + useit (saw 1) (lpf 300 1) + apply (saw 2) (hpf 3 1) 4
-- CHECK: function-parameter.ph:3:20: error: `#` needs a function on its right, not a value
-- CHECK: function-parameter.ph:5:6: note: in this call of `apply`
-- CHECK: function-parameter.ph:4:16: error: parameter `f` holds a function, not a value
-- CHECK: function-parameter.ph:5:26: note: in this call of `useit`
-- CHECK: function-parameter.ph:[[@LINE-5]]:78: error: too many arguments to `apply`
