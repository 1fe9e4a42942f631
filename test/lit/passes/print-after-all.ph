-- RUN: phononc %s --emit=ir -O1 --print-after-all --time-passes 2>&1 | FileCheck %s
out: sine (2 * 3)
-- CHECK: ; *** IR Dump After fold-constants ***
-- CHECK: %2 = const 6 : f32 const
-- CHECK: ; *** IR Dump After dce ***
-- CHECK: %0 = const 6 : f32 const
-- CHECK: ; pass timings (ms)
-- CHECK-NEXT: ;   fold-constants
-- CHECK-NEXT: ;   dce
-- CHECK-NEXT: ;   total
