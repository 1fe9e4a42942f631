-- Feedback through a bus (LANGUAGE §2.3): ~echo reads its own previous sample, so each
-- pluck of the pattern is fed back through the low-pass, which thickens its low end. The gate
-- silences the rests (a rest holds the value before it where a pattern sets a number).
tempo: 0.5
~pluck: saw "110 ~ 165 ~" * "0.3 0 0.3 0"
~echo:  ~pluck + (~echo # lpf 1200 0.7) * 0.7
out:    ~echo * 0.5
