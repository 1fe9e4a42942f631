-- RUN: not phononc %s 2>&1 | FileCheck %s
-- `stack` and `cat` take one list of patterns; signals are mixed with `+`.
out: stack "0 1" "2"
-- CHECK: pattern-list.ph:[[@LINE-1]]:6: error: `stack` takes one list of patterns: `stack [p, q, …]`
out1: cat [sine 1, "0 1"]
-- CHECK: pattern-list.ph:[[@LINE-1]]:12: error: `cat` combines patterns, not signals
-- CHECK: help: mix signals with `+`
