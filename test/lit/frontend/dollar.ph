-- RUN: phononc %s --emit=ir -O1 | FileCheck %s
-- LANGUAGE §3.6: with exactly one value, the functions right of it apply first, left to right,
-- then those left of it, right to left; a parenthesised composition applies its last first.
out: sine ("110 220" $ fast 2 $ rev)
   + sine (rev $ fast 2 $ "110 220")
   + sine ((fast 2 $ rev) $ "110 220")
   + sine (fast 3 "110 220" + "1 2" $ every 2 (|* 2) $ off 0.25 (|+ 7))
-- CHECK: pattern 0 (("110 220" $ fast 2) $ rev) hz
-- CHECK: pattern 1 (("110 220" $ fast 2) $ rev) hz
-- CHECK: pattern 2 (("110 220" $ rev) $ fast 2) hz
-- CHECK: pattern 3 (((("110 220" $ fast 3) + "1 2") $ every 2 (|* 2)) $ off 0.25 (|+ 7)) hz
