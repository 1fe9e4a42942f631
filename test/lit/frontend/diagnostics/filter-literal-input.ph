-- RUN: not phononc %s 2>&1 | FileCheck %s
-- A filter in value position takes its input first; a number there is a mistake.
out: lpf 800 1
-- CHECK: filter-literal-input.ph:[[@LINE-1]]:10: error: `lpf` expects an input signal first
-- CHECK: help: filter a signal with `saw 110 # lpf …` or `lpf (saw 110) …`
