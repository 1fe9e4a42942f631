; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; `right` reads the right output of a two-output node; a saw has one output. A two-output
; node's value is its left channel, so it is never stereo.
patch "t.ph" cps 1/2 {
  %0 = const 110 : f32 const
  %1 = const 0 : f32 const
  %2 = saw(freq %0, st %1) : f32 audio
  %3 = right %2 : f32 audio
; CHECK: {{^.*}}verify-right-operand.pir:[[@LINE-1]]:3: error: invalid IR: `right` reads the right output of a two-output node or split voices; %2 has one output{{$}}
  %4 = reverb_pair(l %2, r %2, room %0, damping %0, mix %0) : stereo audio
; CHECK: {{^.*}}verify-right-operand.pir:[[@LINE-1]]:3: error: invalid IR: reverb_pair has two mono outputs: its value is the left, `right` reads the right{{$}}
; CHECK: {{^.*}}verify-right-operand.pir:[[@LINE-2]]:3: error: invalid IR: reverb_pair has no stereo input, so it is mono{{$}}
  out 0, %3
  out 1, %4
}
