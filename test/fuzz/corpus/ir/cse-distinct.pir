; RUN: phonon-opt --passes=cse %s | FileCheck %s
; Negative: different patterns, different operand order and buses stay apart (a bus keeps its
; name; inline-buses is the pass that folds it).
patch "t.ph" cps 1 {
  %0 = pattern 0 "1 2" : f32 event
  %1 = pattern 1 "1 3" : f32 event
  %2 = sub(a %0, b %1) : f32 event
  %3 = sub(a %1, b %0) : f32 event
  %~x = bus %2 : f32 event
  %~y = bus %2 : f32 event
  %6 = add(a %~x, b %~y) : f32 event
  %7 = add(a %6, b %3) : f32 event
  out 0, %7
}
; CHECK:      %2 = sub(a %0, b %1) : f32 event
; CHECK-NEXT: %3 = sub(a %1, b %0) : f32 event
; CHECK-NEXT: %~x = bus %2 : f32 event
; CHECK-NEXT: %~y = bus %2 : f32 event
