; RUN: phonon-opt --passes=inline-buses %s | FileCheck %s
; A bus holding another bus (`~b: ~a`) reads the first bus's value; the value keeps the first
; name, the second goes with its instruction.
patch "t.ph" cps 1/2 {
  %0 = const 110 : f32 const
  %1 = const 0 : f32 const
  %2 = saw(freq %0, st %1) : f32 audio
  %~a = bus %2 : f32 audio
  %~b = bus %~a : f32 audio
  out 0, %~b
}
; CHECK:      %~a = saw(freq %0, st %1) : f32 audio
; CHECK-NEXT: out 0, %~a
; CHECK-NOT:  %~b
