-- The demo of `make demo`: a filtered saw bass under a slow sweep, a sub sine and a
-- noise wash, all from the nodes available so far.
tempo: 0.5

~sweep: sine 0.125 * 0.5 + 0.5
~bass: saw 55 # lpf (~sweep * 1800 + 200) 4 * 0.35
~low: sine 55 * 0.25
~air: noise # hpf 6000 # lpf 9000 * (sine 0.5 * 0.02 + 0.03)
~lead: (square 220 + tri 330 * 0.5) # lpf 1200 0.7 * 0.08

out: ~bass + ~low + ~air + ~lead
