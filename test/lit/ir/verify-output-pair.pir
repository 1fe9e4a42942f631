; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; An output takes one value (mono, or stereo before split-channels) or a pair of mono values,
; left and right; pan is stereo whatever its input.
patch "t.ph" cps 1/2 {
  %0 = const 110 : f32 const
  %1 = const 0 : f32 const
  %2 = saw(freq %0, st %1) : f32 audio
  %3 = pan(in %2, p %1) : f32 audio
; CHECK: {{^.*}}verify-output-pair.pir:[[@LINE-1]]:3: error: invalid IR: pan is stereo{{$}}
  %4 = pan(in %2, p %1) : stereo audio
  out 0, %2, %4
; CHECK: {{^.*}}verify-output-pair.pir:[[@LINE-1]]:3: error: invalid IR: the channels of an output pair are mono values{{$}}
  out 0, %2, %2
}
