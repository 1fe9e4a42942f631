-- RUN: phononc %s --emit=ir 2>&1 | FileCheck %s
-- LANGUAGE.md §11 example 7, verbatim below.
~lfo: sine 0.5 * 0.5 + 0.5                   -- (7) frequency sweeps 200–600 Hz, period 2 s,
out:  sine (~lfo * 400 + 200) * 0.2          --     starting at 400 Hz rising
-- CHECK: %~lfo = add(
-- CHECK: mul(a %~lfo,
-- CHECK: sine(freq %{{[0-9]+}}, st %{{[0-9]+}}) : f32 audio
