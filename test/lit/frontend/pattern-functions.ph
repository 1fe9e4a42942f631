-- RUN: phononc %s --emit=ir --passes= | FileCheck %s
-- The pattern functions of LANGUAGE §6.2 and §7.2 build patterns: generators, continuous
-- patterns, value choices, and the value maps `scale` and `chord` (also after `#`).
tempo: 1
out: sine (note (run 4 # scale "major")) * 0.1
-- CHECK: pattern 0 (note (scale "major":sound (run 4))) hz : f32 event
out1: sine (rand * 200 + 200) * 0.1
-- CHECK: pattern 1 (((rand) * 200) + 200) hz : f32 event
out2: sine (segment 4 (choose [200, 300, 450])) * 0.1
-- CHECK: pattern 2 ((choose 200 300 450) $ segment 4) hz : f32 event
out3: sine (timeCat [[1, "200"], [3, "300 400"]]) * 0.1
-- CHECK: pattern 3 (timeCat 1 "200" 3 "300 400") hz : f32 event
out4: sine (note ("c e" # chord "maj7")) * 0.1
-- CHECK: pattern 4 (note (chord "maj7":sound "c e")) hz : f32 event
out5: sine (every_val 2 200 400 + wchoose [[0, 1], [7, 3]]) * 0.1
-- CHECK: pattern 5 ((every_val 2 200 400) + (wchoose 0 1 7 3)) hz : f32 event
out6: sew "t f" (s "bd*2") (s "hh*4")
-- CHECK: voices 0 (sew "t f":bool (s "bd*2") (s "hh*4")) : stereo audio
-- Bare `wedge` is `phasor` (LANGUAGE §3.3).
out7: sine (wedge * 100 + 100) * 0.1
-- CHECK: phasor(speed %{{[0-9]+}}, cps %{{[0-9]+}}) : f32 audio
