-- RUN: phononc %s --emit=ir 2>&1 | FileCheck %s
-- LANGUAGE.md §11 example 8, verbatim below.
tempo: 1
out: sine ("c4 e4 g4" + 12) * 0.2            -- (8) pitches 72 76 79: 523.25, 659.26, 783.99 Hz in thirds of a second
-- CHECK: %[[P:[0-9]+]] = pattern 0 ("c4 e4 g4" + 12) hz : f32 event
-- CHECK: sine(freq %[[P]],
