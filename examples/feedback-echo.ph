-- Feedback through a bus (LANGUAGE §2.3): ~echo reads its own previous sample, so each
-- pluck of the pattern rings on as a decaying one-pole tail through the low-pass.
tempo: 0.5
~pluck: saw "110 ~ 165 ~" * 0.3
~echo:  ~pluck + (~echo # lpf 1200 0.7) * 0.7
out:    ~echo * 0.5
