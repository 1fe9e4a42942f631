; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; Types and rates: `: TYPE RATE` after a value's definition.
patch "sine.ph" cps 1/2 {
  %0 = const 440 : f32 const
  %1 = const 0 f32 const
; CHECK: {{^.*}}parse-types.pir:[[@LINE-1]]:16: error: expected `:` before the type and rate{{$}}
  %2 = const 0 : mono const
; CHECK: {{^.*}}parse-types.pir:[[@LINE-1]]:18: error: unknown type `mono` (f32 or stereo){{$}}
  %3 = sine(freq %0, st %0) : f32 audio extra
; CHECK: {{^.*}}parse-types.pir:[[@LINE-1]]:41: error: unexpected text after the instruction{{$}}
  %4 = sine(freq %0, st %0) : f32 audio
  out 0, %4
}
