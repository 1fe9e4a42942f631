-- RUN: not phononc %s 2>&1 | FileCheck %s
out: saw 110 # sine 3
-- CHECK: chain-to-source.ph:[[@LINE-1]]:16: error: `sine` has no input, so it cannot follow `#`
-- CHECK: note: signature: sine freq=1 st=0
