out: s "hh*16?" # gain (range 0.6 1 rand)
