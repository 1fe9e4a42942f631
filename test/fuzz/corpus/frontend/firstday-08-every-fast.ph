out: s "bd*2 sn" $ every 4 (fast 2)
