-- RUN: phonon render %s -o %t.wav --duration 2 2>&1 | FileCheck %s
-- RUN: not phononc %S/Inputs/misspelt-transform.ph 2>&1 | FileCheck %s --check-prefix=TYPO
-- Every name of LANGUAGE §6 is a transform (test/unit/TransformCatalogueTest checks them all
-- against the spec's tables); the ones a user met as "unknown function" render.
out: sine (euclidFull 3 8 "220" "330") * 0.1
out1: sine ("200 300" $ foldEvery [2, 3] (|+ 10)) * 0.1
out2: sine ("0 1 2" $ fit 1 [200, 300, 400]) * 0.1
out3: sine ("200*8" $ groove "jazz") * 0.1
-- CHECK: rendered 2.000 s to
-- TYPO: misspelt-transform.ph:1:22: error: unknown function `fastt`
-- TYPO: help: did you mean `fast`?
