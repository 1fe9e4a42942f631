-- RUN: phononc %s --emit=ast | FileCheck %s
-- LANGUAGE §1: `-12` after a function argument is an argument; after another operand it
-- subtracts; `a-1` always subtracts; an operator starting a continuation line is binary.
~a: sine 110 -12
-- CHECK:      BusStmt ~a
-- CHECK-NEXT:   Call sine
-- CHECK-NEXT:     Number 110
-- CHECK-NEXT:     Number -12
~b: ~a -1
-- CHECK:      BusStmt ~b
-- CHECK-NEXT:   Binary -
-- CHECK-NEXT:     Bus ~a
-- CHECK-NEXT:     Number 1
~c: ~b-1 * -2
-- CHECK:      BusStmt ~c
-- CHECK-NEXT:   Binary -
-- CHECK-NEXT:     Bus ~b
-- CHECK-NEXT:     Binary *
-- CHECK-NEXT:       Number 1
-- CHECK-NEXT:       Negate
-- CHECK-NEXT:         Number 2
~d: sine 3
-1
-- CHECK:      BusStmt ~d
-- CHECK-NEXT:   Binary -
-- CHECK-NEXT:     Call sine
-- CHECK-NEXT:     Number 3
-- CHECK-NEXT:     Number 1
out: -sine 1 * 2 + ~c + ~d
-- CHECK:      OutStmt out
-- CHECK-NEXT:   Binary +
-- CHECK-NEXT:     Binary +
-- CHECK-NEXT:       Binary *
-- CHECK-NEXT:         Negate
-- CHECK-NEXT:           Call sine
