out: saw ("c2*8" $ degradeBy 0.3 $ ply 2) # lpf 900 2 * 0.3
