-- RUN: phononc %s --emit=ir 2>&1 | FileCheck %s
-- LANGUAGE.md §11 example 11, verbatim below.
tempo: 1
out: s "bd sn hh cp" $ jux rev
-- (11) left channel: bd sn hh cp at 0, .25, .5, .75 s; right channel: cp hh sn bd
-- CHECK: voices 0 ((s "bd sn hh cp") $ jux (rev)) : f32 audio
