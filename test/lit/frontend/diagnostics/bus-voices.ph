-- RUN: not phononc %s 2>&1 | FileCheck %s
-- LANGUAGE §8.4: `s "~name"` plays a bus as voices; the bus must exist and hold a signal. What
-- a voice cannot do yet is an error at the name, never silence in its place: play sound
-- patterns or files inside the voice, or nest bus voices (also inside a bus the voices share).
~kick: sine 60
~steps: "1 2"
~lfo: sine 0.5 + s "~kick"
~wob: saw 110 # lpf (~lfo * 400 + 800) 0.7
~drums: s "bd sn" # lpf 800 0.7
~rev: convolve (saw 55) "cr"
~nested: saw 220 * 0.5 + s "~kick"
out: s "~kick*4 ~kik"
-- CHECK-DAG: bus-voices.ph:[[@LINE-1]]:17: error: unknown bus `~kik`
-- CHECK-DAG: help: did you mean `~kick`?
out1: s "~steps bd" + sine ~steps
-- CHECK-DAG: bus-voices.ph:[[@LINE-1]]:10: error: a pattern bus cannot be a voice
out2: s "~wob ~drums"
-- CHECK-DAG: bus-voices.ph:[[@LINE-1]]:10: error: the bus `~wob` cannot be played as a voice: a bus voice inside the bus voice `~wob` is not available yet
-- CHECK-DAG: bus-voices.ph:[[@LINE-2]]:15: error: the bus `~drums` plays sound patterns: a bus voice of it is not available yet
out3: "~rev ~nested"
-- CHECK-DAG: bus-voices.ph:[[@LINE-1]]:8: error: the bus `~rev` names a sample file (`convolve`): a bus voice of it is not available yet
-- CHECK-DAG: bus-voices.ph:[[@LINE-2]]:13: error: the bus `~nested` cannot be played as a voice: a bus voice inside the bus voice `~nested` is not available yet
