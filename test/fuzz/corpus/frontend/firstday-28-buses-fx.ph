tempo: 0.5
~drums: s "bd*2 [~ sn]" # room 0.3
~bass: saw "c2 eb2" # lpf (sine 0.25 * 400 + 600) 2 * 0.3
out: ~drums + ~bass # reverb 0.5 0.5 0.2
