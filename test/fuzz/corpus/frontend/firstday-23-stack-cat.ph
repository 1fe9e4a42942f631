out: stack [s "bd*4", s "~ sn", s "hh*8" # gain 0.6]
