out: sine ("c4 e4 g4 b4" $ fast 2 $ rev) * 0.2
