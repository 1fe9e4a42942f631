-- RUN: not phononc %s 2>&1 | FileCheck %s
-- LANGUAGE §3.5: after `#` on a signal, `gain` multiplies and `pan` pans; any other control
-- sets a sample parameter, which only a sound pattern has.
out: saw 110 # speed 2
-- CHECK: control-on-signal.ph:[[@LINE-1]]:16: error: `speed` sets a sample parameter; it only applies to a sound pattern
-- CHECK-NEXT: out: saw 110 # speed 2
-- CHECK-NEXT: {{^}}               ^~~~~{{$}}
-- CHECK: help: a sound pattern is one with a sound, such as `s "bd*2" # speed …`
