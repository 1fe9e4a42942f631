outmix: sqrt
out: sine 330 * 0.1
out1: sine 220 * 0.3
out2: saw 110 # lpf 800 * 0.2 # pan 0.5
