tempo: 1
out: s "bd sn hh cp" $ jux rev
