-- RUN: phononc %s --emit=ir -O0 | FileCheck %s
-- A word pattern at `vowel` reaches the node as the words' indices in a e i o u (LANGUAGE §7.3),
-- printed as numbers so that the textual IR reads them back; `adsr` chained on a signal
-- multiplies it (§7.4).
tempo: 0.5
out: saw 110 # vowel "[a|e] <o u>!2 ~ i" # adsr 0.01 0.1
-- CHECK: %[[V:[0-9]+]] = pattern 0 "[0|1] <3 4>!2 ~ 2" : f32 event
-- CHECK: %[[VOWEL:[0-9]+]] = vowel(in %{{[0-9]+}}, v %[[V]]) : f32 audio
-- CHECK: %[[CPS:[0-9]+]] = tempo : f32 block
-- CHECK: %[[ENV:[0-9]+]] = adsr(a %{{[0-9]+}}, d %{{[0-9]+}}, s %{{[0-9]+}}, r %{{[0-9]+}}, cps %[[CPS]]) : f32 audio
-- CHECK: mul(a %[[VOWEL]], b %[[ENV]]) : f32 audio
