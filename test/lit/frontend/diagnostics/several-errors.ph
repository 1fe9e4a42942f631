-- RUN: not phononc %s 2>&1 | FileCheck %s
-- Every error of the program is reported, in source order; one bad statement does not
-- hide the next, and a broken bus definition does not cascade into "unknown bus".
~a: sine (1 +
-- CHECK: several-errors.ph:[[@LINE-1]]:10: error: unclosed '('

~b: sinee 2
-- CHECK: several-errors.ph:[[@LINE-1]]:5: error: unknown function `sinee`
out: ~a + ~b + ~c
-- CHECK: several-errors.ph:[[@LINE-1]]:16: error: unknown bus `~c`
-- CHECK-NOT: error
