; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; A node processes a stereo signal input per channel, so its result is stereo.
patch "t.ph" cps 1/2 {
  %0 = voices 0 (s "bd*4") : stereo audio
  %1 = const 800 : f32 const
  %2 = const 1 : f32 const
  %3 = lpf(in %0, cutoff %1, q %2) : f32 audio
; CHECK: {{^.*}}verify-node-stereo.pir:[[@LINE-1]]:3: error: invalid IR: lpf has a stereo input, so it is stereo{{$}}
  out 0, %3
}
