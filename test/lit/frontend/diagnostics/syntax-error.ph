-- RUN: not phononc %s 2>&1 | FileCheck %s
out: sine 440 * * 0.2
-- CHECK: syntax-error.ph:[[@LINE-1]]:17: error: unexpected '*'
