-- RUN: not phononc %s 2>&1 | FileCheck %s
@a: lpf 300 1 # @b
@b: hpf 20 1 # @a
-- CHECK: template-cycle.ph:[[@LINE-1]]:16: error: template `@a` uses itself
-- CHECK-NEXT: @b: hpf 20 1 # @a
-- CHECK-NEXT: {{^               \^~$}}
-- CHECK-NEXT: note: the definitions form a loop: @a → @b → @a
out: saw 110 # @a
-- CHECK-NOT: error
