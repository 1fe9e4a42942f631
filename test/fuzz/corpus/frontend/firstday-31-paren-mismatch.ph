out: s "bd*4" # lpf (sine 0.5 * 800 1
