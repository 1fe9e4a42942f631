-- RUN: not phononc %s 2>&1 | FileCheck %s
-- Pattern functions check their arguments and literal scale and chord names.
out: sine (scale "majr" "0 2") * 0.1
-- CHECK: pattern-functions.ph:[[@LINE-1]]:18: error: unknown scale `majr`
-- CHECK: note: the scales are major minor
out1: sine (run) * 0.1
-- CHECK: pattern-functions.ph:[[@LINE-1]]:13: error: `run` takes 1 argument
-- CHECK: note: signature: run p
out2: sine (choose 1 2) * 0.1
-- CHECK: pattern-functions.ph:[[@LINE-1]]:13: error: `choose` takes 1 argument
out3: sine (choose [1, "0 1"]) * 0.1
-- CHECK: pattern-functions.ph:[[@LINE-1]]:24: error: `choose` takes a constant number here
out4: sine ("0 2" # chord "mja") * 0.1
-- CHECK: pattern-functions.ph:[[@LINE-1]]:27: error: unknown chord quality `mja`
out5: saw 110 # run 4
-- CHECK: pattern-functions.ph:[[@LINE-1]]:17: error: `run` makes a pattern; it takes no input
