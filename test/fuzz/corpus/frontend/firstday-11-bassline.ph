tempo: 0.5
out: saw "c2 c2 eb2 g1" # lpf 800 4 * 0.3
