-- RUN: phononc %s --emit=ir 2>&1 | FileCheck %s
-- LANGUAGE.md §11 example 9 (synth voices: passes sema; its kernel is not written yet), verbatim below.
tempo: 1
out: synth "c4 e4 g4 ~" "saw" 0.01 0.1 0.6 0.2 # lpf 2000 1
-- (9) each gate closes at its event end and releases over 0.2 s: c4 sounds 0–0.45 s,
--     e4 0.25–0.70 s, g4 0.5–0.95 s; silence in 0.95–1 s
-- CHECK: %[[N:[0-9]+]] = pattern 0 "c4 e4 g4 ~" hz : f32 event
-- CHECK: %[[W:[0-9]+]] = pattern 1 "saw":sound : f32 event
-- CHECK: %[[S:[0-9]+]] = synth(notes %[[N]], wave %[[W]], a %{{[0-9]+}}, d %{{[0-9]+}}, s %{{[0-9]+}}, r %{{[0-9]+}}) : f32 audio
-- CHECK: lpf(in %[[S]],
