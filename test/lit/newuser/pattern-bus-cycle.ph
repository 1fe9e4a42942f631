-- RUN: not phononc %s 2>&1 | FileCheck %s
-- LANGUAGE §2.3: a cycle through pattern buses is an error, not a runaway feedback. Only a
-- loop with a signal in it (a node with state, a voice, or a per-sample operator) feeds back.
~a: "1 2" + ~b
~b: ~a
-- CHECK: pattern-bus-cycle.ph:[[@LINE-1]]:5: error: patterns cannot be defined in terms of themselves
-- CHECK: note: no signal runs through this loop: `~a` holds patterns and numbers only
-- CHECK: help: to feed a signal back sample by sample, say so with a per-sample operator: `~+ ~- ~* ~/`
~count: ~count + 1
-- CHECK: pattern-bus-cycle.ph:[[@LINE-1]]:9: error: patterns cannot be defined in terms of themselves
out: sine (~a * 100 + ~count)
