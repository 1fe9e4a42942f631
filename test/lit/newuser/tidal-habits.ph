-- RUN: not phononc %s 2>&1 | FileCheck %s
-- What a Tidal or Strudel user writes on the first day gets the Phonon way as a hint.
// a Strudel comment
-- CHECK: tidal-habits.ph:[[@LINE-1]]:1: error: comments start with `--`, not `//`
-- CHECK: help: write `-- …`
out: s bd*4
-- CHECK: tidal-habits.ph:[[@LINE-1]]:8: error: unknown function `bd`
-- CHECK: help: sound names are a pattern in a string: add quotes, as in `s "bd"`
out1: saw 55 # cutoff 400 # resonance 0.3
-- CHECK: tidal-habits.ph:[[@LINE-1]]:16: error: unknown function `cutoff`
-- CHECK: help: `cutoff` is a SuperDirt control; a low-pass filter is a node here: `# lpf 800 0.7`
-- CHECK: tidal-habits.ph:[[@LINE-3]]:29: error: unknown function `resonance`
-- CHECK: help: `resonance` is a SuperDirt control; resonance is the filter's q
out2: saw 55 # hcutoff 400 # room 0.3 # size 0.8 # shape 0.5 # crush 4 # orbit 1
-- CHECK: [[@LINE-1]]:16: error: unknown function `hcutoff`
-- CHECK: help: {{.*}}`# hpf 300 0.7`
-- CHECK: [[@LINE-3]]:30: error: unknown function `room`
-- CHECK: help: {{.*}}`# reverb 0.8 0.5 0.3`
-- CHECK: [[@LINE-5]]:41: error: unknown function `size`
-- CHECK: help: {{.*}}`# reverb 0.8 0.5 0.3`
-- CHECK: [[@LINE-7]]:52: error: unknown function `shape`
-- CHECK: help: {{.*}}`# distort 4`
-- CHECK: [[@LINE-9]]:64: error: unknown function `crush`
-- CHECK: help: {{.*}}`# bitcrush 4`
-- CHECK: [[@LINE-11]]:74: error: unknown function `orbit`
-- CHECK: help: {{.*}}there are no orbits
out3: saw 55 # delaytime 0.25 # delayfeedback 0.5
-- CHECK: [[@LINE-1]]:16: error: unknown function `delaytime`
-- CHECK: help: {{.*}}`# delay 0.375 0.5 0.3`
-- CHECK: [[@LINE-3]]:33: error: unknown function `delayfeedback`
out4: sine 440
# a comment in Python's style
-- CHECK: tidal-habits.ph:[[@LINE-1]]:3: error: unknown function `a`
-- CHECK: help: comments start with `--`; a line starting with `#` chains onto the statement above
