out: s("bd sn").fast(2)
