-- RUN: not phononc %s 2>&1 | FileCheck %s
-- LANGUAGE §3.4: a control pattern used as a number gives its `note`, else its `n`.
out: sine (note "c e g" # speed 2) * 0.2
out1: sine (speed "1 2") * 0.2
-- CHECK: control-without-number.ph:[[@LINE-1]]:13: error: this control pattern has no `note` or `n` to give a number
-- CHECK: help: to play it, give it a sound: `… # s "bd"`
