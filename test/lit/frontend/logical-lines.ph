-- RUN: phononc %s --emit=ast | FileCheck %s
-- LANGUAGE §2.1: indented lines, lines starting with a binary operator and lines inside
-- open parentheses continue the statement; a blank or comment-only line ends it.
~a: saw 110
  # lpf 300 0.7
* 0.5
~b: sine (220
+ 1)

~c: sine 3
out: ~a + ~b + ~c
-- `#` binds loosest, so the continued `* 0.5` belongs to the chain's right side.
-- CHECK:      BusStmt ~a <4:1-6:6>
-- CHECK-NEXT:   Chain # <4:5-6:6>
-- CHECK-NEXT:     Call saw <4:5-4:12>
-- CHECK:          Binary * <5:5-6:6>
-- CHECK: BusStmt ~b <7:1-8:5>
-- CHECK: BusStmt ~c <10:1-10:11>
-- CHECK: OutStmt out <11:1-11:18>
