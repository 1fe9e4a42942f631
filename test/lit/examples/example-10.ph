-- RUN: phononc %s --emit=ir 2>&1 | FileCheck %s
-- LANGUAGE.md §11 example 10, verbatim below.
tempo: 1
out: s "bd*2 [~ sn] hh*3 <cp oh>" $ every 3 (fast 2)
-- (10) cycles 1, 2, 4…: bd +0 and +0.125 s, sn +0.375, hh +0.5, +0.583, +0.667, then oh (odd
--      cycles) or cp (even) at +0.75. Cycles 0, 3, 6…: two source cycles squeezed in: bd +0,
--      +0.0625, sn +0.1875, hh +0.25 +0.292 +0.333, cp +0.375, then the same with oh from +0.5
-- CHECK: voices 0 ((s "bd*2 [~ sn] hh*3 <cp oh>") $ every 3 (fast 2)) : f32 audio
