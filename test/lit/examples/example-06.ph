-- RUN: phononc %s --emit=ir 2>&1 | FileCheck %s
-- LANGUAGE.md §11 example 6, verbatim below.
out: saw 110 # lpf 300 0.7 * 0.5             -- (6) = (lpf (saw 110) 300 0.7) * 0.5:
                                             --     110 Hz fundamental, harmonics above 1 kHz ≥ 20 dB down
-- CHECK: %[[S:[0-9]+]] = saw(
-- CHECK: %[[L:[0-9]+]] = lpf(in %[[S]], cutoff %{{[0-9]+}}, q %{{[0-9]+}}) : f32 audio
-- CHECK: mul(a %[[L]],
