out: s "hh*8" $ sometimes (# speed 2)
