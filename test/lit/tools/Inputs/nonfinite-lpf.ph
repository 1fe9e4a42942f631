-- A filter fed beyond the float range: its state overflows to NaN a fifth of a second in.
out: sine 0.5 * 3e38 # lpf 1000 1
