-- RUN: not phononc %s 2>&1 | FileCheck %s
out: sine 440 12 3
-- CHECK: too-many-arguments.ph:[[@LINE-1]]:18: error: too many arguments to `sine`
-- CHECK: note: signature: sine freq=1 st=0
