-- RUN: not phononc %s 2>&1 | FileCheck %s
-- Parameters marked `!` in LANGUAGE §7 set a node up once: they take constant numbers only.
out: supersaw 55 0.2 "5 7" + supersaw 55 0.2 (sine 1) + supersaw 55 (1 + 2 * 0.1) 3
-- CHECK: constant-port.ph:[[@LINE-1]]:22: error: `voices` of `supersaw` must be a constant number
-- CHECK-NEXT: out: supersaw 55 0.2 "5 7"
-- CHECK-NEXT: {{^                     \^~~~~$}}
-- CHECK-NEXT: note: it sets up the node once, so it cannot follow a pattern or a signal
-- CHECK: constant-port.ph:[[@LINE-5]]:46: error: `voices` of `supersaw` must be a constant number
-- CHECK-NOT: error
