-- RUN: not phononc %s 2>&1 | FileCheck %s
out: sine "110 220"
-- CHECK: string-pattern.ph:[[@LINE-1]]:11: error: patterns (string literals) cannot drive the graph yet
