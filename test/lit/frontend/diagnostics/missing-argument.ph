-- RUN: not phononc %s 2>&1 | FileCheck %s
-- `lpf` needs its cutoff; the error covers the whole call and shows the signature.
out: saw 110 # lpf
-- CHECK: missing-argument.ph:[[@LINE-1]]:16: error: `lpf` is missing its argument `cutoff`
-- CHECK: note: signature: lpf in cutoff q=1
