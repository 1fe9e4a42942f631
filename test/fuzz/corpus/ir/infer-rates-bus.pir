; RUN: phonon-opt --passes=infer-rates %s | FileCheck %s
; A bus has its value's rate: a bus of a pattern is event-rate, a bus of a constant is const.
patch "t.ph" cps 1 {
  %0 = pattern 0 "200 300" hz : f32 event
  %~f = bus %0 : f32 audio
  %2 = const 0.5 : f32 const
  %~g = bus %2 : f32 audio
  %4 = const 0 : f32 const
  %5 = sine(freq %~f, st %4) : f32 audio
  %6 = mul(a %5, b %~g) : f32 audio
  out 0, %6
}
; CHECK:      %~f = bus %0 : f32 event
; CHECK:      %~g = bus %2 : f32 const
; CHECK:      %6 = mul(a %5, b %~g) : f32 audio
