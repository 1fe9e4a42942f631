-- RUN: not phononc %s 2>&1 | FileCheck %s
out2: sine 1
d2: sine 2
-- CHECK: outputs.ph:[[@LINE-1]]:1: error: output 2 (`d2`) is defined twice
-- CHECK: outputs.ph:[[@LINE-3]]:1: note: first defined here
outmix: loud
-- CHECK: outputs.ph:[[@LINE-1]]:1: error: unknown outmix mode `loud`
-- CHECK: help: the modes are none, gain, sqrt, tanh and hard
buffer: 10
-- CHECK: outputs.ph:[[@LINE-1]]:9: error: `buffer` takes a whole number from 64 to 16384
