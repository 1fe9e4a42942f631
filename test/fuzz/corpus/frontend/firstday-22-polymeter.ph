out: s "{bd sn, hh hh hh}" # pan sine
