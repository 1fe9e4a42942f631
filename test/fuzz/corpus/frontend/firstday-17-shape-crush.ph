out: s "sn*4" # shape 0.5 # crush 4 # coarse 8
