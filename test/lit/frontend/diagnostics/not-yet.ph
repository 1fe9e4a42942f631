-- RUN: not phononc %s 2>&1 | FileCheck %s
-- Parts of the language that later versions add are clear errors, never silently ignored.
~z: [1, 2]
-- CHECK: not-yet.ph:[[@LINE-1]]:5: error: a list is an argument, not a value
-- CHECK: help: lists are given to functions, as in `stack ["0 2", "7"]` or `layer [fast 2, rev]`
