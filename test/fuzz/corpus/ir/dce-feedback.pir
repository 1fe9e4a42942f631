; RUN: phonon-opt --passes=dce %s | FileCheck %s
; A feedback cell is live while something live reads it: the loop that reaches the output
; stays (read, body and write); a cell whose reader is dead loses its write too.
patch "t.ph" cps 1/2 {
  %0 = const 0.5 : f32 const
  %1 = feedback.read 0 : f32 audio
  %2 = mul(a %1, b %0) : f32 audio
  %3 = feedback.read 1 : f32 audio
  %4 = mul(a %3, b %0) : f32 audio
  out 0, %2
  feedback.write 0, %2
  feedback.write 1, %4
}
; CHECK:      %1 = feedback.read 0 : f32 audio
; CHECK-NEXT: %2 = mul(a %1, b %0) : f32 audio
; CHECK-NEXT: out 0, %2
; CHECK-NEXT: feedback.write 0, %2
; CHECK-NEXT: }
