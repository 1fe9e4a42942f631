-- RUN: not phononc %s 2>&1 | FileCheck %s
-- Aliases are suggested too; names far from every node get no suggestion.
out: triangel 110
-- CHECK: unknown-function-alias.ph:[[@LINE-1]]:6: error: unknown function `triangel`
-- CHECK-NEXT: out: triangel 110
-- CHECK-NEXT: ^~~~~~~~
-- CHECK-NEXT: help: did you mean `triangle`?
~x: zzzzzzzzzzz 3
-- CHECK: unknown-function-alias.ph:[[@LINE-1]]:5: error: unknown function `zzzzzzzzzzz`
-- CHECK-NOT: help
