; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; A node is stereo only through a stereo signal input (it then runs per channel) or when it
; makes stereo (pan, pan2, stereo); `mono` is mono.
patch "t.ph" cps 1/2 {
  %0 = const 110 : f32 const
  %1 = const 0 : f32 const
  %2 = saw(freq %0, st %1) : stereo audio
; CHECK: {{^.*}}verify-node-mono.pir:[[@LINE-1]]:3: error: invalid IR: saw has no stereo input, so it is mono{{$}}
  %3 = stereo(l %0, r %0) : stereo const
  %4 = mono(in %3) : stereo const
; CHECK: {{^.*}}verify-node-mono.pir:[[@LINE-1]]:3: error: invalid IR: mono is mono{{$}}
  %5 = add(a %3, b %0) : stereo const
  %6 = add(a %0, b %0) : stereo const
; CHECK: {{^.*}}verify-node-mono.pir:[[@LINE-1]]:3: error: invalid IR: add has no stereo input, so it is mono{{$}}
  out 0, %5
}
