-- RUN: not phononc %s 2>&1 | FileCheck %s
@wet: lpf 800 1
out: saw 110 # @weet
-- CHECK: unknown-template.ph:[[@LINE-1]]:16: error: unknown template `@weet`
-- CHECK-NEXT: out: saw 110 # @weet
-- CHECK-NEXT: {{^               \^~~~~$}}
-- CHECK-NEXT: help: did you mean `@wet`?
