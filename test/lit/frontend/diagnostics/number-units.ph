-- RUN: not phononc %s 2>&1 | FileCheck %s
out: sine 440hz
-- CHECK: number-units.ph:[[@LINE-1]]:11: error: numbers have no units; write `440`
~b: saw 1. * 2
-- CHECK: number-units.ph:[[@LINE-1]]:9: error: `1.` is not a number; write `1` or `1.0`
