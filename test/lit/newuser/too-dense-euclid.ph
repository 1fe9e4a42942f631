-- RUN: not phononc %s 2>&1 | FileCheck %s
-- RUN: not phonon render %s -o %t.wav 2>&1 | FileCheck %s
-- RUN: not test -e %t.wav
-- Euclid's steps are potential events: more than a million in a cycle is the limit of
-- LANGUAGE §10, refused before a single step is made (it used to fill 330 MB first).
out: s "bd(6,8222222222222222,2)"
-- CHECK: too-dense-euclid.ph:[[@LINE-1]]:8: error: this pattern cannot be built: euclid: more than 1000000 steps in a cycle
-- CHECK-NEXT: out: s "bd(6,8222222222222222,2)"
-- A sparse rhythm of a million steps is three events a cycle: no error.
out2: s "bd(3,1000000)" * 0.5
-- CHECK-NOT: too-dense-euclid.ph:[[@LINE-1]]
