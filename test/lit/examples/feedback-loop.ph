-- RUN: phononc %s --emit=ir 2>&1 | FileCheck %s
-- LANGUAGE.md §2.3, the feedback example, verbatim below.
~in:   s "cp ~ ~ ~"
~loop: ~in + (~loop # lpf 2000 0.7) * 0.6     -- ~loop reads its own previous sample
out:   ~loop
-- The voices are a kernel of their own; the loop is one kernel, run sample by sample.
-- CHECK: voices 0 (s "cp ~ ~ ~") : stereo audio
-- CHECK: %[[LATE:[0-9]+]] = feedback.read 0 : stereo audio
-- CHECK: lpf(in %[[LATE]],
-- CHECK: %~loop = add(
-- CHECK-NEXT: feedback.write 0, %~loop
-- CHECK: out 0, %~loop
