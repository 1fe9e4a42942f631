-- RUN: phononc %s --emit=ir | FileCheck %s
-- LANGUAGE §2.3: inside a cycle, a reference to a bus defined at or before the referring one
-- reads the previous sample (feedback.read); the others read the current sample. The cells
-- are written after every read of them, in the loop's kernel.
~a: sine 220 + ~b * 0.5
~b: ~a # lpf 800 1
~self: ~self * 0.9 + ~a
out: ~self
-- ~a reads ~b (defined later: the current sample); ~b reads ~a a sample late.
-- CHECK:      %[[ALATE:[0-9]+]] = feedback.read 0 : f32 audio
-- CHECK:      %~b = lpf(in %[[ALATE]],
-- CHECK:      %~a = add(a %{{[0-9]+}}, b %{{[0-9]+}}) : f32 audio
-- CHECK-NEXT: feedback.write 0, %~a
-- CHECK:      %[[SELF:[0-9]+]] = feedback.read 1 : f32 audio
-- CHECK:      mul(a %[[SELF]],
-- CHECK:      feedback.write 1, %~self
-- CHECK:      out 0, %~self
