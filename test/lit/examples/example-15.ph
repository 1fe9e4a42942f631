-- RUN: phononc %s --emit=ir --passes= 2>&1 | FileCheck %s
-- LANGUAGE.md §11 example 15 (stems and outmix sqrt), verbatim below.
outmix: sqrt
out1: s "bd*4"
out2: s "~ hh*2 ~ hh"
-- (15) two stems (mix.out1.wav, mix.out2.wav with -o mix.wav --stems); the main file is (out1 + out2)/√2
-- CHECK: %[[A:[0-9]+]] = voices 0 (s "bd*4") : stereo audio
-- CHECK: %[[B:[0-9]+]] = voices 1 (s "~ hh*2 ~ hh") : stereo audio
-- CHECK: %[[SUM:[0-9]+]] = add(a %[[A]], b %[[B]]) : stereo audio
-- CHECK: %[[K:[0-9]+]] = const 1.4142{{[0-9]*}} : f32 const
-- CHECK: div(a %[[SUM]], b %[[K]]) : stereo audio
