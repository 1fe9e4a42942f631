; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; A stereo value reaches only signal inputs (processed per channel); a parameter such as a
; frequency takes a mono value (sema inserts `mono` there).
patch "t.ph" cps 1/2 {
  %0 = voices 0 (s "bd*4") : stereo audio
  %1 = const 0 : f32 const
  %2 = sine(freq %0, st %1) : f32 audio
; CHECK: {{^.*}}verify-stereo-operand.pir:[[@LINE-1]]:3: error: invalid IR: operand %0 is stereo; this port takes mono{{$}}
  out 0, %2
}
