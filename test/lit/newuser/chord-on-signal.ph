-- RUN: phononc %s 2>&1 | FileCheck %s
-- Several simultaneous values on a signal parameter: a warning that only one is heard.
out: saw "c3'maj" * 0.2
-- CHECK: chord-on-signal.ph:[[@LINE-1]]:10: warning: this pattern plays several values at once, but a signal takes one value: only one is heard
-- CHECK: help: voices play chords and stacks
out1: sine "[220, 330] 440" * 0.2
-- CHECK: chord-on-signal.ph:[[@LINE-1]]:12: warning: this pattern plays several values at once
out2: sine "220 <330 440>" * 0.2
-- CHECK-NOT: warning
