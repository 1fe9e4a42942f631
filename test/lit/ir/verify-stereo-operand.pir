; RUN: not phonon-opt %s 2>&1 | FileCheck %s
; A stereo value reaches only signal inputs (processed per channel); a parameter such as a
; frequency takes a mono value (sema inserts `mono` there).
patch "t.ph" cps 1/2 {
  %0 = voices 0 (s "bd*4") : stereo audio
  %1 = const 0 : f32 const
  %2 = sine(freq %0, st %1) : f32 audio
  out 0, %2
}
; CHECK:      {{^.*}}verify-stereo-operand.pir: error: invalid IR:
; CHECK-NEXT: {{^}}  %2: operand %0 is stereo; this port takes mono{{$}}
; CHECK-NOT:  {{.}}
