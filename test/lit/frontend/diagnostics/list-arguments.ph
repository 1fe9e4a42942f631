-- RUN: not phononc %s 2>&1 | FileCheck %s
-- The list, word and pattern arguments of `foldEvery`, `fit`, `groove`, `euclidFull` and
-- `weave` are checked where they are written.
~a: "1 2" $ groove "polka"
-- CHECK: list-arguments.ph:[[@LINE-1]]:20: error: unknown groove `polka` (mpc, hiphop, jazz, reggae, one_drop, drunken)
~b: "1 2" $ groove jazz
-- CHECK: list-arguments.ph:[[@LINE-1]]:20: error: `groove` takes a name here, written as a string
-- CHECK: note: signature: groove name [amount=1] pattern
~c: "1 2" $ groove "jazz mpc"
-- CHECK: list-arguments.ph:[[@LINE-1]]:20: error: `groove` takes a name here, written as a string
~d: "1 2" $ groove
-- CHECK: list-arguments.ph:[[@LINE-1]]:13: error: `groove` takes 1 or 2 arguments before its pattern
~e: "1 2" $ foldEvery 2 rev
-- CHECK: list-arguments.ph:[[@LINE-1]]:23: error: `foldEvery` takes a list here
-- CHECK: note: signature: foldEvery [n, …] f pattern
~f: "1 2" $ fit 1 [0, "0 1"]
-- CHECK: list-arguments.ph:[[@LINE-1]]:23: error: `fit` takes constant numbers in this list
~g: "1 2" $ fit 1 []
-- CHECK: list-arguments.ph:[[@LINE-1]]:19: error: `fit` takes a list here
~h: euclidFull 3 8 (saw 2) "1"
-- CHECK: list-arguments.ph:[[@LINE-1]]:20: error: `euclidFull` takes a pattern here, not a signal
~i: weave 2 (pan "0 1") [s "bd", saw 2]
-- CHECK: list-arguments.ph:[[@LINE-1]]:34: error: `weave` combines patterns, not signals
~j: weave 2 (pan "0 1") (s "bd")
-- CHECK: list-arguments.ph:[[@LINE-1]]:25: error: `weave` takes a list here
-- CHECK: note: signature: weave p p [p, …]
out: ~a + ~b + ~c + ~d + ~e + ~f + ~g + ~h + ~i + ~j
