-- LANGUAGE §11 example 6: (lpf (saw 110) 300 0.7) * 0.5 — a 110 Hz fundamental with the
-- harmonics above 1 kHz at least 20 dB down.
out: saw 110 # lpf 300 0.7 * 0.5
