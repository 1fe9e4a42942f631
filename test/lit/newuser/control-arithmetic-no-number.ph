-- RUN: not phononc %s 2>&1 | FileCheck %s
-- A control pattern without `note` or `n` has no number for the arithmetic: an error at
-- compile time, not a pattern dropped while rendering.
out: sine (gain "0 2 4" + "c4")
-- CHECK: control-arithmetic-no-number.ph:[[@LINE-1]]:12: error: this control pattern has no `note` or `n` to give a number
-- CHECK: help: arithmetic between a control pattern and numbers reads its `note` or `n`
