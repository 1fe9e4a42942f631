outmix: sqrt
out2: saw 110 # pan 0.3 * 0.2
d1: sine 220 * 0.3
out: 0
hush
unhush2
hush1
