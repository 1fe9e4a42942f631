-- RUN: not phononc %s 2>&1 | FileCheck %s
-- An event port (LANGUAGE §7.2) reads a pattern's events: a signal has none, a sound pattern
-- plays voices. A number is a pure pattern and is accepted.
out: trig (sine 1) + trig 1
-- CHECK: event-port.ph:[[@LINE-1]]:11: error: `bools` of `trig` takes a pattern: it reads the pattern's events
-- CHECK-NEXT: out: trig (sine 1) + trig 1
-- CHECK-NEXT: {{^          \^~~~~~~~$}}
-- CHECK-NEXT: note: a signal has no events
out1: tadsr (s "bd*2") 0.01 0.1 0.5 0.2
-- CHECK: event-port.ph:[[@LINE-1]]:13: error: `bools` of `tadsr` takes a pattern: it reads the pattern's events
-- CHECK: note: a sound pattern plays voices; it has no values here
-- Words where booleans are read: one error, though the port's value and its onset and active
-- columns all read the pattern.
out2: trig (fast 2 "bd sn")
-- CHECK: event-port.ph:[[@LINE-1]]:13: error: expected numbers here, but this pattern holds words
-- CHECK-NOT: error
