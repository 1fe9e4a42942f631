out: n "0 3 7 10" # s "superpiano" # lpf 1200 0.5
