-- RUN: phononc %s --emit=ir --passes=fold-constants | FileCheck %s
-- Negative case: nodes with state (oscillators, noise, filters) never fold, even with
-- constant inputs; a signal times a constant stays a signal.
out: (sine 0 + noise) # lpf 1000 * 2
-- CHECK: sine(freq %{{[0-9]+}}, st %{{[0-9]+}}) : f32 audio
-- CHECK: noise() : f32 audio {seed 0x{{[0-9a-f]+}}}
-- CHECK: add(a %{{[0-9]+}}, b %{{[0-9]+}}) : f32 audio
-- CHECK: lpf(in %{{[0-9]+}}, cutoff %{{[0-9]+}}, q %{{[0-9]+}}) : f32 audio
-- CHECK: mul(a %{{[0-9]+}}, b %{{[0-9]+}}) : f32 audio
