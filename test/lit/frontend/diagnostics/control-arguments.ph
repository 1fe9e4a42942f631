-- RUN: not phononc %s 2>&1 | FileCheck %s
-- Controls take one value (`ar` two); only `s` takes controls as keyword arguments.
out: s "bd" # speed
-- CHECK: control-arguments.ph:[[@LINE-1]]:15: error: `speed` takes one value: `speed value`
out1: s "bd" # ar 0.01
-- CHECK: control-arguments.ph:[[@LINE-1]]:16: error: `ar` takes 2 values: `ar attack release`
out2: s "bd" :spede 2
-- CHECK: control-arguments.ph:[[@LINE-1]]:14: error: `s` has no control `spede`
-- CHECK: help: did you mean `:speed`?
out3: n "0 1" :gain 2
-- CHECK: control-arguments.ph:[[@LINE-1]]:15: error: `n` takes no keyword arguments
