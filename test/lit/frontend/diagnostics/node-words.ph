-- RUN: not phononc %s 2>&1 | FileCheck %s
-- LANGUAGE §7.3: `vowel`'s `v` is a word pattern of a e i o u, or a number; any other word is
-- an error at its place in the string.
out: saw 110 # vowel "a <e y>"
-- CHECK: node-words.ph:[[@LINE-1]]:28: error: `v` of `vowel` takes the words a e i o u, not `y`
-- CHECK-NEXT: out: saw 110 # vowel "a <e y>"
-- CHECK-NEXT: {{^                           \^$}}
-- CHECK-NEXT: note: signature: vowel in v
~w: "a e"
out2: saw 110 # vowel ~w
-- CHECK: node-words.ph:[[@LINE-1]]:23: error: `v` of `vowel` takes its words in a string, such as `"a e i o u"`
-- CHECK: note: or a number: word k of `a e i o u` is the number k
-- CHECK-NOT: error
