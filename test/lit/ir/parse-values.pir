; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; Values: each line is reported and skipped, so one run names every bad line; a use of a
; value whose own line was bad is not reported again.
patch "sine.ph" cps 1/2 {
  %0 = const 440 : f32 const
  % = const 0 : f32 const
; CHECK: {{^.*}}parse-values.pir:[[@LINE-1]]:3: error: expected a value name after `%`{{$}}
  %1 const 0 : f32 const
; CHECK: {{^.*}}parse-values.pir:[[@LINE-1]]:6: error: expected `=` after the value's name{{$}}
  %1 = const 0 : f32 const
  %1 = const 1 : f32 const
; CHECK: {{^.*}}parse-values.pir:[[@LINE-1]]:3: error: value `%1` is defined twice{{$}}
  %2 = sine(freq %0, st %9) : f32 audio
; CHECK: {{^.*}}parse-values.pir:[[@LINE-1]]:25: error: use of undefined value `%9`{{$}}
  %3 = sine(freq %0, st %1) : f32 audio
  sine(freq %0, st %1) : f32 audio
; CHECK: {{^.*}}parse-values.pir:[[@LINE-1]]:3: error: `sine` defines a value: write `%name = …`{{$}}
  %4 = out 0, %3
; CHECK: {{^.*}}parse-values.pir:[[@LINE-1]]:3: error: `out` defines no value{{$}}
  %5 = mul(a %3, b 0.2) : f32 audio
; CHECK: {{^.*}}parse-values.pir:[[@LINE-1]]:20: error: expected a value (`%name`){{$}}
  %6 = mul(a %2, b %3) : f32 audio
  out 0, %3
}
