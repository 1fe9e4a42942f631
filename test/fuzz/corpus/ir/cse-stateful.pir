; RUN: phonon-opt --passes=cse %s | FileCheck %s
; Negative: two oscillators with the same operands are two oscillators (stateful nodes are
; never merged), and two noise sources differ by their seeds.
patch "t.ph" cps 1/2 {
  %0 = const 440 : f32 const
  %1 = const 0 : f32 const
  %2 = sine(freq %0, st %1) : f32 audio
  %3 = sine(freq %0, st %1) : f32 audio
  %4 = noise() : f32 audio {seed 0x00000001}
  %5 = noise() : f32 audio {seed 0x00000002}
  %6 = add(a %2, b %3) : f32 audio
  %7 = add(a %4, b %5) : f32 audio
  %8 = add(a %6, b %7) : f32 audio
  out 0, %8
}
; CHECK:      %2 = sine(freq %0, st %1) : f32 audio
; CHECK-NEXT: %3 = sine(freq %0, st %1) : f32 audio
; CHECK-NEXT: %4 = noise() : f32 audio {seed 0x00000001}
; CHECK-NEXT: %5 = noise() : f32 audio {seed 0x00000002}
