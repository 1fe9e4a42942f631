-- RUN: not phononc %s 2>&1 | FileCheck %s
~lfo: sine 0.25 * 100 + 300
out: sine ~lfoo * 0.2
-- CHECK: unknown-bus.ph:[[@LINE-1]]:11: error: unknown bus `~lfoo`
-- CHECK-NEXT: out: sine ~lfoo * 0.2
-- CHECK-NEXT: ^~~~~
-- CHECK-NEXT: help: did you mean `~lfo`?
