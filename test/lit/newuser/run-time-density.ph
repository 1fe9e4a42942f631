-- RUN: phononc %s
-- RUN: phonon render %s -o %t.wav --cycles 6 2>&1 | FileCheck %s
-- A patterned density that sema cannot see in the first cycles is dropped for the blocks it
-- overflows while rendering, with one warning (LANGUAGE §10).
tempo: 1
out: sine ("440 880" $ fast "<1 1 1 1 1e9>") * 0.1
-- CHECK-COUNT-1: warning: a pattern was dropped
-- CHECK-NOT: warning: a pattern was dropped
