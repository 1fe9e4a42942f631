-- RUN: phononc %s --emit=ir --passes= | FileCheck %s
-- RUN: phononc %s --emit=ir --passes= > %t.pir && phonon-opt %t.pir | FileCheck %s
-- The transforms of LANGUAGE §6 whose arguments are a second pattern (`euclidFull`), a list
-- (`foldEvery`, `fit`), a word with an amount that may be left out (`groove`) or a list of
-- patterns (`weave`) resolve in a patch; the textual IR reads back what it prints.
out: sine (euclidFull 3 8 "220" "330") * 0.1
-- CHECK: pattern 0 ("330" $ euclidFull 3 8 "220") hz
out1: sine ("330" $ euclidFull 3 8 "220" $ fast 2) * 0.1
-- CHECK: pattern 1 (("330" $ euclidFull 3 8 "220") $ fast 2) hz
out2: sine ("200" $ foldEvery [2, "<3 5>"] (|+ 10)) * 0.1
-- CHECK: pattern 2 ("200" $ foldEvery [2, "<3 5>"] (|+ 10)) hz
out3: sine ("0 1" $ fit 1 [200, 300, 400]) * 0.1
-- CHECK: pattern 3 ("0 1" $ fit 1 [200, 300, 400]) hz
out4: sine ("200*8" $ groove "jazz") * 0.1
-- CHECK: pattern 4 ("200*8" $ groove "jazz" 1) hz
out5: sine (groove "one_drop" 0.5 "200*8") * 0.1
-- CHECK: pattern 5 ("200*8" $ groove "one_drop" 0.5) hz
out6: weave 2 (pan "0 1") [s "bd*2", s "hh*4"]
-- CHECK: voices 0 (weave 2 (pan "0 1") (s "bd*2") (s "hh*4")) : stereo audio
out7: s (euclidFull 3 8 "bd" "hh")
-- CHECK: voices 1 (s ("hh":sound $ euclidFull 3 8 "bd":sound)) : stereo audio
