; RUN: phonon-opt --passes=inline-buses %s | FileCheck %s
; Negative: without bus instructions the pass changes nothing; a named value keeps its name
; and an unrelated name is not moved onto it.
patch "t.ph" cps 1/2 {
  %0 = const 110 : f32 const
  %1 = const 0 : f32 const
  %~osc = saw(freq %0, st %1) : f32 audio
  %3 = mul(a %~osc, b %0) : f32 audio
  out 0, %3
}
; CHECK:      %~osc = saw(freq %0, st %1) : f32 audio
; CHECK-NEXT: %3 = mul(a %~osc, b %0) : f32 audio
; CHECK-NEXT: out 0, %3
