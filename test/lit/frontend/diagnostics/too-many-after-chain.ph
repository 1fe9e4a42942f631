-- RUN: not phononc %s 2>&1 | FileCheck %s
-- After `#` the input is supplied, so `lpf 300 1 2` has one argument too many.
out: saw 110 # lpf 300 1 2
-- CHECK: too-many-after-chain.ph:[[@LINE-1]]:26: error: too many arguments to `lpf`
-- CHECK: note: signature: lpf in cutoff q=1 (`in` comes from `#`)
