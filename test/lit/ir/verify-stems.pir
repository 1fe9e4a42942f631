; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; The stems are the host's channel pairs in the order of the outputs (out, out1, out2, …): in
; increasing output number, one per output, numbered like outputs, with one value or a pair
; of mono values.
patch "stems.ph" cps 1/2 {
  %0 = const 440 : f32 const
  %1 = const 0 : f32 const
  %2 = sine(freq %0, st %1) : f32 audio
  %3 = pan(in %2, p %1) : stereo audio
  out 0, %2
  stem 2, %2
  stem 1, %2
; CHECK: {{^.*}}verify-stems.pir:[[@LINE-1]]:3: error: invalid IR: stem 1 comes after stem 2: stems are in increasing output number{{$}}
  stem 2, %2
; CHECK: {{^.*}}verify-stems.pir:[[@LINE-1]]:3: error: invalid IR: output 2 has two stems{{$}}
  stem 100, %2
; CHECK: {{^.*}}verify-stems.pir:[[@LINE-1]]:3: error: invalid IR: output index above 99{{$}}
  stem 101, %2, %3
; CHECK: {{^.*}}verify-stems.pir:[[@LINE-1]]:3: error: invalid IR: the channels of an output pair are mono values{{$}}
; CHECK: {{^.*}}verify-stems.pir:[[@LINE-2]]:3: error: invalid IR: output index above 99{{$}}
}
