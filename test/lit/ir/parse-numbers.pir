; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; Numbers: a constant's value, slot and output numbers, and their bounds.
patch "sine.ph" cps 1/2 {
  %0 = const four : f32 const
; CHECK: {{^.*}}parse-numbers.pir:[[@LINE-1]]:14: error: expected a number{{$}}
  %1 = const 1.5x : f32 const
; CHECK: {{^.*}}parse-numbers.pir:[[@LINE-1]]:14: error: expected a number{{$}}
  %2 = feedback.read x : f32 audio
; CHECK: {{^.*}}parse-numbers.pir:[[@LINE-1]]:22: error: expected a slot number{{$}}
  %3 = const 4 : f32 const
  %4 = const [1, x] : f32 const
; CHECK: {{^.*}}parse-numbers.pir:[[@LINE-1]]:18: error: expected a number{{$}}
  %5 = const [1, 2 : f32 const
; CHECK: {{^.*}}parse-numbers.pir:[[@LINE-1]]:20: error: expected `]` after a constant list{{$}}
  out -1, %3
; CHECK: {{^.*}}parse-numbers.pir:[[@LINE-1]]:7: error: expected an output number{{$}}
  out 16777217, %3
; CHECK: {{^.*}}parse-numbers.pir:[[@LINE-1]]:7: error: an output number is too large{{$}}
  out 0, %3
}
