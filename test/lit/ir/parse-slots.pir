; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; Pattern and voices slots are numbered from 0 without gaps, each defined once.
patch "slots.ph" cps 1/2 {
  %0 = pattern 1 "110 220" hz : f32 event
; CHECK: {{^.*}}parse-slots.pir:[[@LINE-1]]:16: error: pattern slot 0 is never defined{{$}}
  %1 = pattern 1 "330" hz : f32 event
; CHECK: {{^.*}}parse-slots.pir:[[@LINE-1]]:16: error: slot 1 is defined twice{{$}}
  %2 = pattern 5 "440" hz : f32 event
; CHECK: {{^.*}}parse-slots.pir:[[@LINE-1]]:16: error: pattern slots 2 to 4 are never defined{{$}}
  %3 = voices 1 (s "bd") : stereo audio
; CHECK: {{^.*}}parse-slots.pir:[[@LINE-1]]:15: error: voices slot 0 is never defined{{$}}
  %4 = pattern 6 "110 [220" hz : f32 event
; CHECK: {{^.*}}parse-slots.pir:[[@LINE-1]]:23: error: unclosed '['{{$}}
  out 0, %0
}
