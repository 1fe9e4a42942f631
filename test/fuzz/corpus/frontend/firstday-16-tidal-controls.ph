out: s "bd*2 sn" # cutoff 800 # resonance 0.3 # room 0.5 # size 0.8
