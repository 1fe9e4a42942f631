-- LANGUAGE §11 example 7: the frequency sweeps 200–600 Hz with a 2 s period, starting at
-- 400 Hz and rising.
~lfo: sine 0.5 * 0.5 + 0.5
out:  sine (~lfo * 400 + 200) * 0.2
