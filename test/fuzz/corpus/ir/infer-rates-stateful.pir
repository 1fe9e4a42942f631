; RUN: phonon-opt --passes=infer-rates %s | FileCheck %s
; Negative: a stateful node runs every sample even when all its inputs are constants, and so
; does what reads it; a feedback read is audio.
patch "t.ph" cps 1/2 {
  %0 = const 440 : f32 const
  %1 = const 0 : f32 const
  %2 = sine(freq %0, st %1) : f32 audio
  %3 = mul(a %2, b %0) : f32 audio
  %4 = feedback.read 0 : f32 audio
  %5 = add(a %3, b %4) : f32 audio
  out 0, %5
  feedback.write 0, %5
}
; CHECK:      %2 = sine(freq %0, st %1) : f32 audio
; CHECK-NEXT: %3 = mul(a %2, b %0) : f32 audio
; CHECK-NEXT: %4 = feedback.read 0 : f32 audio
; CHECK-NEXT: %5 = add(a %3, b %4) : f32 audio
