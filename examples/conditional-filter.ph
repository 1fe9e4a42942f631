-- A conditional effect form (LANGUAGE §3.6): the low-pass applies in cycles 0, 2, 4 …, the
-- dry saw plays in the others, with a 2 ms crossfade at each switch.
tempo: 1
out: (saw 110 $ every 2 (# lpf 300 1)) * 0.3
