; RUN: phonon-opt --passes=infer-rates %s | FileCheck %s
; Every value gets the cheapest rate at which it is correct: operators on constants are
; const, on the tempo block, on a pattern event — however dear the input said they were.
patch "t.ph" cps 1 {
  %0 = const 2 : f32 const
  %1 = add(a %0, b %0) : f32 audio
  %2 = tempo : f32 block
  %3 = mul(a %2, b %1) : f32 audio
  %4 = pattern 0 "1 2" : f32 event
  %5 = mul(a %4, b %3) : f32 audio
  %6 = const 0 : f32 const
  %7 = sine(freq %5, st %6) : f32 audio
  out 0, %7
}
; CHECK:      %1 = add(a %0, b %0) : f32 const
; CHECK:      %3 = mul(a %2, b %1) : f32 block
; CHECK:      %5 = mul(a %4, b %3) : f32 event
; CHECK:      %7 = sine(freq %5, st %6) : f32 audio
