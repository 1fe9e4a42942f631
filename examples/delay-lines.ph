-- Nodes whose memory is sized at init from the patch's one arena (LANGUAGE §7.3, §7.5): delay
-- lines, combs and Freeverb, and `additive`, handed its constant list of harmonic levels at
-- init. The six saw chains are W5 of the shared benchmark in small: same-shaped delays that
-- -O3 makes one bank, each lane with its own slice of the arena.
tempo: 0.5
~notes: additive "220 330 275 440" [1, 0.5, 0.33, 0.25] * "0.3 0 0.3 0.1"
~echo:  ~notes # delay "0.25 0.375" 0.6 0.4
~ring:  (saw 55 * 0.1 # comb 110 0.8) + (saw 82.5 * 0.1 # comb 165.5 -0.7)
~chain: (saw 110 # lpf 800 0.7 # delay 0.25 0.5 0.5 # tanh) +
  (saw 116.875 # lpf 800 0.7 # delay 0.25 0.5 0.5 # tanh) +
  (saw 123.75 # lpf 800 0.7 # delay 0.25 0.5 0.5 # tanh) +
  (saw 130.625 # lpf 800 0.7 # delay 0.25 0.5 0.5 # tanh) +
  (saw 137.5 # lpf 800 0.7 # delay 0.25 0.5 0.5 # tanh) +
  (saw 144.375 # lpf 800 0.7 # delay 0.25 0.5 0.5 # tanh)
out:    (~echo + ~ring + ~chain * 0.05) # reverb 0.7 0.4 0.3
