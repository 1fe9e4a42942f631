-- RUN: not phononc %s 2>&1 | FileCheck %s
-- Parts of the language that later versions add are clear errors, never silently ignored.
~z: [1, 2]
-- CHECK: not-yet.ph:[[@LINE-1]]:5: error: lists outside function arguments are not available yet
