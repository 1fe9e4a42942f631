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
-- CHECK:      %[[F220:[0-9]+]] = const 220
-- CHECK:      %[[F330:[0-9]+]] = const 330
-- CHECK:      %[[K:[0-9]+]] = const 1.4142135
-- CHECK:      %[[A:[0-9]+]] = sine(freq %[[F220]]
-- CHECK:      %[[B:[0-9]+]] = sine(freq %[[F330]]
-- CHECK:      %[[SUM:[0-9]+]] = add(a %[[A]], b %[[B]])
-- CHECK-NEXT: %[[MIX:[0-9]+]] = div(a %[[SUM]], b %[[K]])
-- CHECK-NEXT: out 0, %[[MIX]]
-- Each output alone is its stem, in output order; the muted out3 is a silent one.
-- CHECK-NEXT: stem 1, %[[A]]
-- CHECK-NEXT: stem 2, %[[B]]
-- CHECK-NEXT: stem 3, %{{[0-9]+}}
-- CHECK-NOT: 440
