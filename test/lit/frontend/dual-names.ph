-- RUN: phononc %s --emit=ir | FileCheck %s
-- `struct` and `quantize` are transforms on patterns and nodes on signals (LANGUAGE §7.2, §7.8).
tempo: 1
out: sine (struct "t ~ t" "200 300") * 0.1
out1: struct "t ~ t t" (saw 110)
out2: sine ("200.4 301.6" $ quantize 1) + quantize 0.5 (sine 1)
-- The IR lists patterns first, then the kernels:
-- CHECK: pattern 0 ("200 300" $ struct "t ~ t") hz : f32 event
-- The node's event port reads the pattern's onsets and active events too (LANGUAGE §7.2):
-- CHECK: %[[ON:[0-9]+]] = pattern 1 "t ~ t t":bool onset : f32 event
-- CHECK: %[[ACTIVE:[0-9]+]] = pattern 2 "t ~ t t":bool active : f32 event
-- CHECK: %[[B:[0-9]+]] = pattern 3 "t ~ t t":bool : f32 event
-- CHECK: pattern 4 ("200.4 301.6" $ quantize 1) hz : f32 event
-- CHECK: %[[SAW:[0-9]+]] = saw(
-- CHECK: struct(bools %[[B]], sig %[[SAW]], bools.onset %[[ON]], bools.active %[[ACTIVE]]) : f32 audio
-- CHECK: quantize(q %{{[0-9]+}}, x %{{[0-9]+}}) : f32 audio
