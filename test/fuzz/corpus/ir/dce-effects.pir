; RUN: phonon-opt --passes=dce %s | FileCheck %s
; Negative: everything an output reads stays, numbered outputs included, even constants.
patch "t.ph" cps 1/2 {
  %0 = const 440 : f32 const
  %1 = const 0 : f32 const
  %2 = sine(freq %0, st %1) : f32 audio
  out 2, %2
  out 0, %1
}
; CHECK:      %0 = const 440 : f32 const
; CHECK-NEXT: %1 = const 0 : f32 const
; CHECK-NEXT: %2 = sine(freq %0, st %1) : f32 audio
; CHECK-NEXT: out 2, %2
; CHECK-NEXT: out 0, %1
