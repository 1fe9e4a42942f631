-- Stereo reverbs (LANGUAGE §7.5): `reverb` on a stereo input is the stereo Freeverb — both
-- channels feed the combs, the right channel's lines are 23 samples longer, so one state gives
-- a decorrelated stereo tail; `reverb_stereo` is the same tank set by its decay time (here
-- 2.5 s), always stereo, even from the mono pluck.
tempo: 0.5
~chords: stereo (saw "110 146.8" * 0.12) (saw "165 220" * 0.12) # lpf 1200 0.7
~pluck:  sine "440 ~ 660 ~ 550 ~ ~ 880" * 0.2
out:     (~chords # reverb 0.85 0.4 0.35) + (~pluck # reverb_stereo 0.4 2.5)
