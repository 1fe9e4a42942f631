-- LANGUAGE §11 example 8: pitches 72 76 79 — 523.25, 659.26, 783.99 Hz in thirds of a second.
tempo: 1
out: sine ("c4 e4 g4" + 12) * 0.2
