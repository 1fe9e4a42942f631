-- RUN: not phononc %s 2>&1 | FileCheck %s
out: sine 1
out: sine 2
-- CHECK: duplicate-out.ph:[[@LINE-1]]:1: error: output `out` is defined twice
-- CHECK: duplicate-out.ph:[[@LINE-3]]:1: note: first defined here
