-- RUN: not phononc %s 2>&1 | FileCheck %s
-- An operator with nothing after it: the caret points just past it.
out: sine 440 *
-- CHECK: syntax-error-end.ph:[[@LINE-1]]:16: error: expected an expression after '*'
