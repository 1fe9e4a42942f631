-- RUN: not phononc %s 2>&1 | FileCheck %s
-- Tidal's `# pan sine` is a continuous pattern; in Phonon `sine` is an oscillator, so the
-- error says where continuous pattern values come from and how to pan a signal.
out: s "bd*4" # pan sine
-- CHECK: signal-as-control.ph:[[@LINE-1]]:21: error: expected a number or a pattern here, not a signal
-- CHECK: help: a pattern's continuous values come from `cosine`, `rand` or `irand n` (`range 0 1 cosine`); a signal such as `sine 0.5` works on signals: `s "bd*4" # pan2 (sine 0.5)` pans the played samples
