-- RUN: not phononc %s 2>&1 | FileCheck %s
-- Strudel's method calls get the Phonon way as a hint.
out: s("bd sn").fast(2)
-- CHECK: strudel-methods.ph:[[@LINE-1]]:16: error: unexpected character '.'
-- CHECK: help: `.fast` is a method call, which Phonon does not have: a transform goes after `$` (`s "bd sn" $ fast 2`), an effect after `#` (`# lpf 800 0.7`), arithmetic is an operator (`* 0.5`)
out1: sine(440).mul(0.2)
-- CHECK: strudel-methods.ph:[[@LINE-1]]:16: error: unexpected character '.'
-- CHECK: help: `.mul` is a method call
