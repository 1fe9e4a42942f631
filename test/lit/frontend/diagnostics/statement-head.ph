-- RUN: not phononc %s 2>&1 | FileCheck %s
sine 440
-- CHECK: statement-head.ph:[[@LINE-1]]:1: error: a statement must define something
-- CHECK: help: statements start with tempo, cps, bpm, ~bus, out, outN, fn, @template, hush, unhush, panic, outmix; did you mean `out: …`?
out: sine 440
