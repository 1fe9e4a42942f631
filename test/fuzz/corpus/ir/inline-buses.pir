; RUN: phonon-opt --passes=inline-buses %s | FileCheck %s
; A bus is a name, not a node: every use reads its value, which takes the bus's name.
patch "t.ph" cps 1/2 {
  %0 = const 2 : f32 const
  %1 = const 0 : f32 const
  %2 = sine(freq %0, st %1) : f32 audio
  %~lfo = bus %2 : f32 audio
  %4 = mul(a %~lfo, b %~lfo) : f32 audio
  out 0, %~lfo
  out 1, %4
}
; CHECK:      %~lfo = sine(freq %0, st %1) : f32 audio
; CHECK-NEXT: %3 = mul(a %~lfo, b %~lfo) : f32 audio
; CHECK-NEXT: out 0, %~lfo
; CHECK-NEXT: out 1, %3
; CHECK-NOT:  bus
