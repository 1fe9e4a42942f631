out: ~drum # lpf 800 1
