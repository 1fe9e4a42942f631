-- A first beat on the built-in kit (no samples folder needed): kick and snare, hats swung
-- between the channels, a clap every other cycle, and a synth bass whose notes release at the
-- end of each event, through a low-pass.
tempo: 0.5
~drums: s "bd*2 [~ sn] bd [~ sn:1]" # gain 0.9
~hats: s "hh*8" # gain "[0.6 0.3]*4" # pan "[-0.4 0.4]*4"
~clap: s "<~ [~ cp]>" # reverb 0.5 0.5 0.3
~bass: synth "<c2 c2 eb2 g1>*4" "saw" 0.005 0.1 0.6 0.1 # lpf 900 1.5
out: (~drums + ~hats * 0.5 + ~clap * 0.6 + ~bass * 0.35) * 0.6
