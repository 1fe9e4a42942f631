-- RUN: not phononc %s 2>&1 | FileCheck %s
-- Parts of the language that later versions add are clear errors, never silently ignored.
out: sine 440 |+ 3
-- CHECK: not-yet.ph:[[@LINE-1]]:15: error: '|+' is not available yet
hush
-- CHECK: not-yet.ph:[[@LINE-1]]:1: error: the `hush` statement is not available yet
~y: @wet
-- CHECK: not-yet.ph:[[@LINE-1]]:5: error: templates (`@wet`) are not available yet
