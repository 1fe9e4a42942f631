-- RUN: not phononc %s 2>&1 | FileCheck %s
~a: sine 1
~a: sine 2
-- CHECK: duplicate-bus.ph:[[@LINE-1]]:1: error: bus `~a` is defined twice
-- CHECK: duplicate-bus.ph:[[@LINE-3]]:1: note: first defined here
out: ~a
