-- RUN: not phononc %s 2>&1 | FileCheck %s --implicit-check-not=error:
-- A node without a kernel inside a bus played as voices is in the patch's graph and in each
-- voice template that plays the bus: it is reported once, at its place.
~pad: saw 220 # chorus 0.5 0.3 # lpf 1500 0.8
~chord: ~pad * 0.5 + ~pad
out: s "~pad [~pad ~chord]" + ~pad
-- CHECK: kernel-not-written-bus-voice.ph:4:17: error: `chorus` is not available yet: its kernel is not written
