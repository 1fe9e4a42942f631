-- RUN: not phononc %s 2>&1 | FileCheck %s
-- A bus body is ordinary application (LANGUAGE §3.3): a node takes its input as its first
-- argument there, as after `out:`; only what is a function everywhere needs a template.
~wet: lpf (saw 110) 300
~wetter: lpf (saw 110) 300 # hpf 100 0.7
~fx: lpf 800 1
-- CHECK: bus-node-input.ph:[[@LINE-1]]:6: error: a bus holds a signal or a pattern, not a function
-- CHECK: help: store it in a template: `@fx: lpf 800 1`
~t: fast 2
-- CHECK: bus-node-input.ph:[[@LINE-1]]:5: error: a bus holds a signal or a pattern, not a function
-- CHECK-NOT: error
out: ~wet + ~wetter + ~fx + ~t
