; RUN: phonon-opt --passes=dce %s | FileCheck %s
; A pattern only dead code read goes with it, and the slots left are renumbered, so the runtime
; queries no dead pattern.
patch "t.ph" cps 1 {
  %0 = pattern 0 "100 200" hz : f32 event
  %1 = pattern 1 "300 400" hz : f32 event
  %2 = const 0 : f32 const
  %3 = sine(freq %0, st %2) : f32 audio
  %4 = sine(freq %1, st %2) : f32 audio
  out 0, %4
}
; CHECK:      %0 = pattern 0 "300 400" hz : f32 event
; CHECK-NEXT: %1 = const 0 : f32 const
; CHECK-NEXT: %2 = sine(freq %0, st %1) : f32 audio
; CHECK-NEXT: out 0, %2
; CHECK-NOT:  "100 200"
