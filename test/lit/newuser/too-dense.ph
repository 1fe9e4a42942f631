-- RUN: not phononc %s 2>&1 | FileCheck %s
-- RUN: not phonon render %s -o %t.wav 2>&1 | FileCheck %s
-- RUN: not test -e %t.wav
-- LANGUAGE §10: a pattern denser than 1 000 000 events per cycle is an error at compile time
-- whenever it can be known then (sema plays the first cycles), not silence with a warning.
out: sine ("440" $ fast 1e12)
-- CHECK: too-dense.ph:[[@LINE-1]]:12: error: this pattern makes more than 1 000 000 events per cycle
-- CHECK-NEXT: out: sine ("440" $ fast 1e12)
-- CHECK-NEXT: {{^           \^~~~~~~~~~~~~~~~~$}}
-- CHECK: note: the limit of LANGUAGE §10
out1: sine "440*100000000"
-- CHECK: too-dense.ph:[[@LINE-1]]:12: error: this pattern makes more than 1 000 000 events per cycle
out2: sine ("440 880" $ fast "<1 1e9>")
-- CHECK: too-dense.ph:[[@LINE-1]]:13: error: this pattern makes more than 1 000 000 events per cycle
out3: sine ("440 880" $ fast "<1 1 1 1 1e9>") * 0.1
-- A density that arises in the fifth cycle only is found while rendering (the warning of §10).
out4: sine ("c4 e4 g4 b4" $ echo 1e6 0.001 0.5) * 0.1
-- A million copies is a million layers to query: the limit, at once, instead of a render that
-- runs for minutes.
-- CHECK: too-dense.ph:[[@LINE-3]]:13: error: this pattern makes more than 1 000 000 events per cycle
