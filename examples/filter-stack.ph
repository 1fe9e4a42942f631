-- Twelve saws through low-passes swept by LFOs of their own, stacked: lanes of five members
-- each (saw, sine, two operators, lpf) in one bank; and ten sines whose pitches are patterns,
-- lanes whose inputs change at event boundaries.
~filters: stack [(saw 110 # lpf (sine 0.10 * 1500 + 2000) 2), (saw 113 # lpf (sine 0.11 * 1500 + 2000) 2), (saw 116 # lpf (sine 0.12 * 1500 + 2000) 2), (saw 119 # lpf (sine 0.13 * 1500 + 2000) 2), (saw 122 # lpf (sine 0.14 * 1500 + 2000) 2), (saw 125 # lpf (sine 0.15 * 1500 + 2000) 2), (saw 128 # lpf (sine 0.16 * 1500 + 2000) 2), (saw 131 # lpf (sine 0.17 * 1500 + 2000) 2), (saw 134 # lpf (sine 0.18 * 1500 + 2000) 2), (saw 137 # lpf (sine 0.19 * 1500 + 2000) 2), (saw 140 # lpf (sine 0.20 * 1500 + 2000) 2), (saw 143 # lpf (sine 0.21 * 1500 + 2000) 2)] * 0.05
~melody: stack [sine "<200 300>", sine "<250 325>", sine "<300 350>", sine "<350 375>", sine "<400 400>", sine "<450 425>", sine "<500 450>", sine "<550 475>", sine "<600 500>", sine "<650 525>"] * 0.03
out: ~filters + ~melody
