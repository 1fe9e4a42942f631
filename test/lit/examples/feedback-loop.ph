-- RUN: phononc %s --emit=ir 2>&1 | FileCheck %s
-- LANGUAGE.md §2.3, the feedback example, verbatim below.
~in:   s "cp ~ ~ ~"
~loop: ~in + (~loop # lpf 2000 0.7) * 0.6     -- ~loop reads its own previous sample
out:   ~loop
-- The loop runs per channel (a feedback cell each), sample by sample, adding the voices.
-- CHECK: %[[V:[0-9]+]] = voices 0 (s "cp ~ ~ ~") : f32 audio
-- CHECK-NEXT: %[[VR:[0-9]+]] = right %[[V]] : f32 audio
-- CHECK: %[[LATE:[0-9]+]] = feedback.read 0 : f32 audio
-- CHECK-NEXT: lpf(in %[[LATE]],
-- CHECK: %~loop = add(a %[[V]],
-- CHECK-NEXT: feedback.write 0, %~loop
-- CHECK: feedback.read 1 : f32 audio
-- CHECK: add(a %[[VR]],
-- CHECK: out 0, %~loop, %{{[0-9]+}}
