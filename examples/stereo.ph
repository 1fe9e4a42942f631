-- Channels (LANGUAGE §2.4, §7.7): a saw and a square a fifth apart become one stereo signal,
-- each channel through its own low-pass (the filter runs once per channel, with its own
-- state), swept by an LFO; a bass panned by an LFO with the balance law, and a bell moved
-- across the field with equal power, mixed per channel.
tempo: 0.5
~pad:  stereo (saw 110) (square 165) * 0.15 # lpf (sine 0.25 * 800 + 1200) 2
~bass: pan (saw "55 41.2" * 0.2 # lpf 300 1) (sine 0.5 * 0.8)
~bell: pan2 (sine "880 660 990 ~" * 0.1) (sine 0.125)
out:   ~pad + ~bass + widener ~bell 1.5
