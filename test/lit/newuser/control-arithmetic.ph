-- RUN: phononc %s
-- RUN: phonon render %s -o %t.wav --duration 2 2>&1 | FileCheck %s --implicit-check-not=dropped
-- Arithmetic between a control pattern and numbers reads the control's number first (LANGUAGE
-- §3.4: its `note` as a pitch, else its `n`): sema accepts it and the renderer renders it,
-- instead of dropping the pattern at run time.
out: saw (note "c a f e" - 24) * 0.2
out1: sine (n "0 2 4" + "c4") * 0.2
out2: sine ("c4" + note "<0 7>") * 0.2
-- CHECK: rendered 2.000 s to {{.*}}.wav
