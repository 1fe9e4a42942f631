-- RUN: not phononc %s 2>&1 | FileCheck %s --strict-whitespace
-- Mini-notation errors point inside the string, at file line and column.
~a: sine "bd [sn"
-- CHECK:      errors.ph:[[@LINE-1]]:14: error: unclosed '['
-- CHECK-NEXT: {{^}}~a: sine "bd [sn"{{$}}
-- CHECK-NEXT: {{^}}             ^{{$}}
-- CHECK:      errors.ph:[[@LINE-4]]:17: note: the pattern ends here
~b: sine "bd(3,"
-- CHECK:      errors.ph:[[@LINE-1]]:13: error: unclosed '('
~c: sine "a*"
-- CHECK:      errors.ph:[[@LINE-1]]:13: error: the pattern ends too early: expected a number or a pattern
~d: sine "<>"
-- CHECK:      errors.ph:[[@LINE-1]]:12: error: unexpected '>'; expected a step
~e: sine "a
  b [c d]] e"
-- CHECK:      errors.ph:[[@LINE-1]]:10: error: unmatched ']'
-- CHECK-NEXT: {{^}}  b [c d]] e"{{$}}
-- CHECK-NEXT: {{^}}         ^{{$}}
out: ~a + ~b + ~c + ~d + ~e
