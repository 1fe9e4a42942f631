-- RUN: phononc %s --emit=ir -O0 | FileCheck %s
-- LANGUAGE §2.5: user functions bind their arguments once and instantiate their bodies per
-- call; the first parameter is the input for `#` and `$`; templates expand per use.
tempo: 1
@wet: lpf 800 1 # hpf 100 1
@twice: fast 2
fn voice f amt = saw f * amt
fn shaped x f = x # f
out: voice ("110 220" $ @twice) 0.3 # @wet + shaped (sine 3) (# lpf 40 1)
-- CHECK:      %[[AMT:[0-9]+]] = const 0.3 : f32 const
-- CHECK:      %[[PAT:[0-9]+]] = pattern 0 ("110 220" $ fast 2) hz : f32 event
-- CHECK-NEXT: %[[SAW:[0-9]+]] = saw(freq %[[PAT]], st %{{[0-9]+}}) : f32 audio
-- CHECK-NEXT: %[[MUL:[0-9]+]] = mul(a %[[SAW]], b %[[AMT]]) : f32 audio
-- CHECK:      %[[LPF:[0-9]+]] = lpf(in %[[MUL]], cutoff %{{[0-9]+}}, q %{{[0-9]+}}) : f32 audio
-- CHECK:      %[[HPF:[0-9]+]] = hpf(in %[[LPF]], cutoff %{{[0-9]+}}, q %{{[0-9]+}}) : f32 audio
-- CHECK:      %[[SINE:[0-9]+]] = sine(freq %{{[0-9]+}}, st %{{[0-9]+}}) : f32 audio
-- CHECK:      %[[LP2:[0-9]+]] = lpf(in %[[SINE]], cutoff %{{[0-9]+}}, q %{{[0-9]+}}) : f32 audio
-- CHECK-NEXT: %{{[0-9]+}} = add(a %[[HPF]], b %[[LP2]]) : f32 audio
