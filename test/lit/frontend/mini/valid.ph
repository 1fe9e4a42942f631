-- RUN: phononc %s --emit=ir -O0 | FileCheck %s
-- A pattern used as a parameter is an event-rate value (LANGUAGE §4.3); at a Hz parameter its
-- pitches become Hz, and arithmetic between a pattern and a number stays a pattern (§3.7).
out: sine ("c4 e4 g4" + 12) * 0.2 + saw "<110 220>*2 [330 440](3,8)" * "0.1 0.2"
-- CHECK: %[[P0:[0-9]+]] = pattern 0 ("c4 e4 g4" + 12) hz : f32 event
-- CHECK: sine(freq %[[P0]], st %{{[0-9]+}}) : f32 audio
-- CHECK: %[[P1:[0-9]+]] = pattern 1 "<110 220>*2 [330 440](3,8)" hz : f32 event
-- CHECK: saw(freq %[[P1]], st %{{[0-9]+}}) : f32 audio
-- CHECK: %[[P2:[0-9]+]] = pattern 2 "0.1 0.2" : f32 event
-- CHECK: mul(a %{{[0-9]+}}, b %[[P2]]) : f32 audio
