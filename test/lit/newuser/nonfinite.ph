-- RUN: phonon render %s -o %t.wav --duration 1 2>&1 | FileCheck %s
-- RUN: phonon render %s -o %t.wav --duration 1 --engine interp 2>&1 | FileCheck %s
-- A feedback loop with a gain above 1 grows until it overflows: the warning names the node
-- that first produced a non-finite value, at its place (LANGUAGE §9.2).
~boom: sine 1 ~+ ~boom * 1.5
out: ~boom * 0.1
-- CHECK: nonfinite.ph:[[@LINE-2]]:18: warning: `*` produced +inf at {{.*}} blocks of the output were muted
-- CHECK-NEXT: ~boom: sine 1 ~+ ~boom * 1.5
