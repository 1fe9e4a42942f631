tempo: 1
out: synth "<c3'maj e3'min f3'maj7 g3'dom7>" "saw" 0.01 0.2 0.5 0.3 * 0.2
