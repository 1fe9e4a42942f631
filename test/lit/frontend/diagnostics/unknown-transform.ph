-- RUN: not phononc %s 2>&1 | FileCheck %s --strict-whitespace
-- An unknown name in a `$` chain is an unknown function, with the nearest transform or node,
-- not a second value.
out: sine ("c4 e4" $ fastt 2)
-- CHECK:      unknown-transform.ph:[[@LINE-1]]:22: error: unknown function `fastt`
-- CHECK-NEXT: {{^}}out: sine ("c4 e4" $ fastt 2){{$}}
-- CHECK-NEXT: {{^}}                     ^~~~~{{$}}
-- CHECK-NEXT: {{^}}help: did you mean `fast`?{{$}}
~a: "1 2" $ revv
-- CHECK:      unknown-transform.ph:[[@LINE-1]]:13: error: unknown function `revv`
-- CHECK:      help: did you mean `rev`?
~b: pallindrome $ "1 2"
-- CHECK:      unknown-transform.ph:[[@LINE-1]]:5: error: unknown function `pallindrome`
-- CHECK:      help: did you mean `palindrome`?
~c: s "bd*2" # speed 2 $ chopp 2
-- CHECK:      unknown-transform.ph:[[@LINE-1]]:26: error: unknown function `chopp`
-- CHECK:      help: did you mean `chop`?
~d: "1 2" $ (every 2 (fastt 2))
-- CHECK:      unknown-transform.ph:[[@LINE-1]]:23: error: unknown function `fastt`
-- CHECK-NOT:  joins one value
out2: ~a + ~b + ~c + ~d
