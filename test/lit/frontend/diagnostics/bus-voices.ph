-- RUN: not phononc %s 2>&1 | FileCheck %s
-- LANGUAGE §8.4: `s "~name"` plays a bus as voices; the bus must exist and hold a signal.
-- The voice engine plays samples and synth voices but not yet a bus's graph per voice: an
-- error at the name, never silence in its place.
~kick: sine 60
~steps: "1 2"
out: s "~kick*4 ~kik"
-- CHECK: bus-voices.ph:[[@LINE-1]]:9: error: bus voices (a `~name` in a sound pattern) are not available yet
-- CHECK: help: play the bus as a signal (`~kick`) or its notes with `synth`
-- CHECK: bus-voices.ph:[[@LINE-3]]:17: error: unknown bus `~kik`
-- CHECK: help: did you mean `~kick`?
out1: s "~steps bd" + sine ~steps
-- CHECK: bus-voices.ph:[[@LINE-1]]:10: error: a pattern bus cannot be a voice
