-- RUN: phononc %s --emit=ir 2>&1 | FileCheck %s
-- LANGUAGE.md §2.3, the feedback example, verbatim below.
~in:   s "cp ~ ~ ~"
~loop: ~in + (~loop # lpf 2000 0.7) * 0.6     -- ~loop reads its own previous sample
out:   ~loop
-- CHECK: %[[LATE:[0-9]+]] = feedback.read 0 : stereo audio
-- CHECK: lpf(in %[[LATE]],
-- CHECK: voices 0 (s "cp ~ ~ ~") : stereo audio
-- CHECK: %~loop = add(
-- CHECK: out 0, %~loop
-- CHECK-NEXT: feedback.write 0, %~loop
