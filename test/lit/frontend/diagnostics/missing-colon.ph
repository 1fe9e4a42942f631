-- RUN: not phononc %s 2>&1 | FileCheck %s
out sine 440
-- CHECK: missing-colon.ph:[[@LINE-1]]:4: error: expected ':' after `out`
-- CHECK: help: write `out: …`
