-- RUN: not phononc %s 2>&1 | FileCheck %s
out: saw 110 # 0.5
-- CHECK: chain-to-value.ph:[[@LINE-1]]:16: error: `#` needs a function on its right, not a value
