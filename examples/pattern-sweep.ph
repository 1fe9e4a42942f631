-- A pattern drives a filter's cutoff: the coefficients change once per event, never per sample.
tempo: 0.5
~cutoff: "<[200 800]*2 [400 1600 3200 800]>"
out: saw "55 82.5 110 55" # lpf ~cutoff 4 * 0.3
