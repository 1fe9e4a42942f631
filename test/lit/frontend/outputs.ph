-- RUN: phononc %s --emit=ir -O1 2>&1 | FileCheck %s
-- Numbered outputs are mixed into the main pair by outmix (LANGUAGE §2.4); `d3`, `o3` and
-- `out3` name the same output; hush commands apply in source order.
out1: sine 220
d2: sine 330
out3: sine 440
outmix: sqrt
hush
unhush1
unhush2
-- out3 is muted: only 220 and 330 Hz play, divided by √2.
-- CHECK:     %[[K:[0-9]+]] = const 1.4142135
-- CHECK:     %[[B:[0-9]+]] = sine(freq %{{[0-9]+}}
-- CHECK:     %[[A:[0-9]+]] = sine(freq %{{[0-9]+}}
-- CHECK:     %[[SUM:[0-9]+]] = add(a %[[A]], b %[[B]])
-- CHECK:     div(a %[[SUM]], b %[[K]])
-- CHECK-NOT: 440
