-- RUN: not phononc %s 2>&1 | FileCheck %s
~sub: sine 55
-- CHECK: reserved-bus.ph:[[@LINE-1]]:1: error: `~sub` is reserved and cannot be defined
-- CHECK: note: `~sub a b` is per-sample arithmetic (LANGUAGE §3.7)
out: ~add (sine 1) 2
