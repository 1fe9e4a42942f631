-- Buses played as voices (LANGUAGE §8.4): every event of `s "~pad"` starts the bus's graph
-- afresh, transposed by `note`, with its own envelope. `~sweep` keeps state, so the voices
-- share it: one slow sweep moves the filters of every voice at once.
tempo: 0.5
~sweep: sine 0.125 * 800 + 1400
~pad: saw 110 # lpf ~sweep 0.8
~pluck: square 220 * 0.5 # lpf 2400 0.7
~keys: s "~pad*2" # note "<[0,3,7] [5,8,12]>" # attack 0.05 # release 0.8 # gain 0.15
~arp: s "~pluck*8" # note "0 7 12 3 15 12 7 3" # legato 0.4 # release 0.05 # pan "-0.5 0.5"
out: ~keys + ~arp * 0.3
