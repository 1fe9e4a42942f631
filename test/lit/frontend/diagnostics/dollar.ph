-- RUN: not phononc %s 2>&1 | FileCheck %s --strict-whitespace
-- LANGUAGE §11 example 16 and the other errors of §3.5–3.6.
out: sine "110 220" $ fast 2
-- CHECK:      dollar.ph:[[@LINE-1]]:23: error: `fast` transforms patterns, but `sine "110 220"` is an audio signal
-- CHECK-NEXT: {{^}}out: sine "110 220" $ fast 2{{$}}
-- CHECK-NEXT: {{^}}                      ^~~~~~{{$}}
-- CHECK-NEXT: {{^}}help: write `sine ("110 220" $ fast 2)`{{$}}
~b: "1 2" # fast 2
-- CHECK:      dollar.ph:[[@LINE-1]]:13: error: `fast` transforms patterns: use `$`
~c: 1 + rev
-- CHECK:      dollar.ph:[[@LINE-1]]:9: error: `rev` is a transform, not a value here
~d: "1" $ "2"
-- CHECK:      dollar.ph:[[@LINE-1]]:11: error: `$` joins one value with transforms or effects
~e: 1 + (fast 2 $ rev)
-- CHECK:      dollar.ph:[[@LINE-1]]:10: error: this `$` chain has no value to apply its functions to
~f: "1 2" $ every 2 3
-- CHECK:      dollar.ph:[[@LINE-1]]:21: error: expected a function here
~g: "1 2" $ fast
-- CHECK:      dollar.ph:[[@LINE-1]]:13: error: `fast` takes 1 argument before its pattern
-- CHECK:      note: signature: fast n pattern
~h: "1 2" $ every 2 (fast 2 # lpf 300)
-- CHECK:      dollar.ph:[[@LINE-1]]:21: error: this function mixes pattern transforms and effects
-- CHECK:      help: use two conditionals, one with the transforms and one with the effects
~i: "1 2" $ struct "x ~ bd"
-- CHECK:      dollar.ph:[[@LINE-1]]:25: error: `bd` is not a boolean (t, true, x, 1 or f, false, 0)
~j: 1 + (|+ 1)
-- CHECK:      dollar.ph:[[@LINE-1]]:9: error: a function is not a value
out2: ~b + ~c + ~d + ~e + ~f + ~g + ~h + ~i + ~j
