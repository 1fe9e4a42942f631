-- RUN: phononc %s --emit=ir -O0 | FileCheck %s
-- Every rate of DESIGN §2 in one dump: numbers are `const`, the tempo is `block` (read once
-- per block from the block context), a pattern used as a number is `event` (held between
-- event boundaries), and what a stateful node computes is `audio`.
tempo: 1
out: sine ("110 220" * 2) * 0.2 + phasor 0.5 * 0.1 + sine (440 * 0.5) * 0
-- CHECK:      [[P:%[0-9]+]] = pattern 0 {{.*}} hz : f32 event
-- CHECK:      [[F:%[0-9]+]] = sine(freq [[P]], st %{{[0-9]+}}) : f32 audio
-- CHECK:      [[T:%[0-9]+]] = tempo : f32 block
-- CHECK-NEXT: phasor(speed %{{[0-9]+}}, cps [[T]]) : f32 audio
-- CHECK:      mul(a %{{[0-9]+}}, b %{{[0-9]+}}) : f32 const
