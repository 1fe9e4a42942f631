-- RUN: phononc %s --emit=ir --passes= 2>&1 | FileCheck %s
-- LANGUAGE.md §11 example 13 (a conditional effect form), verbatim below.
tempo: 1
out: s "bd*4 sn" $ every 2 (# reverb 0.8 0.5 0.4)
-- (13) reverberated in cycles 0, 2, 4…; dry in the others (2 ms crossfade at the switches)
-- CHECK: %[[V:[0-9]+]] = voices 0 (s "bd*4 sn") : stereo audio
-- CHECK: %[[R:[0-9]+]] = reverb(in %[[V]],
-- CHECK: %[[C:[0-9]+]] = pattern 0 (0 $ every 2 (|> 1)) : f32 event
-- CHECK: switch(dry %[[V]], wet %[[R]], cond %[[C]]) : stereo audio
