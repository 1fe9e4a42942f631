-- RUN: phononc %s --emit=ast | FileCheck %s
-- The whole expression grammar of LANGUAGE §3.1 parses: pattern operators at the levels of
-- + and *, time shifts, `$` chains, lists, sections, keyword arguments, per-sample functions.
~a: "0 1 2" |+ "10 20" * 2 +| "1" ||* "2" |< "3" ~+ 1
-- CHECK:      BusStmt ~a
-- CHECK-NEXT:   Binary ~+
-- CHECK-NEXT:     Binary |<
-- CHECK-NEXT:       Binary +|
-- CHECK-NEXT:         Binary |+
-- CHECK-NEXT:           String "0 1 2"
-- CHECK-NEXT:           Binary *
-- CHECK:            Binary ||*
~b: 0.25 <~ "a b" $ fast 2 $ rev
-- CHECK:      BusStmt ~b
-- CHECK-NEXT:   Dollar $
-- CHECK-NEXT:     Binary <~
-- CHECK-NEXT:       Number 0.25
-- CHECK-NEXT:       String "a b"
-- CHECK-NEXT:     Call fast
-- CHECK-NEXT:       Number 2
-- CHECK-NEXT:     Name rev
~c: layer [rev, (|+ 12), (0.25 <~), (# lpf 300 :q 2 # hpf 20)] "0"
-- CHECK:      BusStmt ~c
-- CHECK-NEXT:   Call layer
-- CHECK-NEXT:     List
-- CHECK-NEXT:       Name rev
-- CHECK-NEXT:       Section (|+ x)
-- CHECK-NEXT:         Number 12
-- CHECK-NEXT:       Section (x <~)
-- CHECK-NEXT:         Number 0.25
-- CHECK-NEXT:       ChainSection (# …)
-- CHECK-NEXT:         Call lpf
-- CHECK-NEXT:           Number 300
-- CHECK-NEXT:           Keyword :q
-- CHECK-NEXT:             Number 2
-- CHECK-NEXT:         Call hpf
~d: ~mul (sine 1) @wet % 3
-- CHECK:      BusStmt ~d
-- CHECK-NEXT:   Binary %
-- CHECK-NEXT:     Call ~mul
-- CHECK-NEXT:       Paren
-- CHECK:          Template @wet
fn kit p n = s p # n n
-- CHECK:      FnStmt kit p n
@wet: delay 0.375 0.4 0.3
-- CHECK:      TemplateStmt @wet
o2 $ sine 3
-- CHECK:      OutStmt o2
hush2
-- CHECK:      CommandStmt hush2
outmix: sqrt
-- CHECK:      OutmixStmt sqrt
buffer: 512
-- CHECK:      CommandStmt buffer
