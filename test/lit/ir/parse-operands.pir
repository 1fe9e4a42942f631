; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; Operands: a node's operands are its ports, named, in order.
patch "sine.ph" cps 1/2 {
  %0 = const 440 : f32 const
  %1 = const 0 : f32 const
  %2 = sine(st %1, freq %0) : f32 audio
; CHECK: {{^.*}}parse-operands.pir:[[@LINE-1]]:13: error: expected port `freq`, found `st`{{$}}
  %3 = sine(freq %0, st %1, phase %1) : f32 audio
; CHECK: {{^.*}}parse-operands.pir:[[@LINE-1]]:29: error: too many operands for `sine`{{$}}
  %4 = sine freq %0, st %1 : f32 audio
; CHECK: {{^.*}}parse-operands.pir:[[@LINE-1]]:13: error: expected `(` before the operands{{$}}
  %5 = sine(freq %0, st %1 : f32 audio
; CHECK: {{^.*}}parse-operands.pir:[[@LINE-1]]:28: error: expected `)` after the operands{{$}}
  %6 = noise(freq %0) : f32 audio {seed 0x1}
; CHECK: {{^.*}}parse-operands.pir:[[@LINE-1]]:14: error: too many operands for `noise`{{$}}
  out 0 %1
; CHECK: {{^.*}}parse-operands.pir:[[@LINE-1]]:9: error: expected `,` before the operand{{$}}
  %7 = sine(freq %0, st %1) : f32 audio
  out 0, %7
}
