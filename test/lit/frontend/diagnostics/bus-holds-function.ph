-- RUN: not phononc %s 2>&1 | FileCheck %s
~fx: lpf 800 1 # hpf 20 1
-- CHECK: bus-holds-function.ph:[[@LINE-1]]:6: error: a bus holds a signal or a pattern, not a function
-- CHECK-NEXT: ~fx: lpf 800 1 # hpf 20 1
-- CHECK-NEXT: {{^     \^~~~~~~~~~~~~~~~~~~~$}}
-- CHECK-NEXT: help: store it in a template: `@fx: lpf 800 1 # hpf 20 1`
~wobble: every 2 (fast 2)
-- CHECK: bus-holds-function.ph:[[@LINE-1]]:10: error: a bus holds a signal or a pattern, not a function
-- CHECK: help: store it in a template: `@wobble: every 2 (fast 2)`
out: saw 110 # ~fx + ~wobble
-- CHECK-NOT: error
