tempo: 1
out: sine ("c4 e4 g4 <b4 a4>" $ every 4 (fast 2) $ sometimes (|+ 12)) * 0.2
