; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; Outputs are `out` (0) and `out1` … `out99`.
patch "sine.ph" cps 1/2 {
  %0 = const 440 : f32 const
  %1 = const 0 : f32 const
  %2 = sine(freq %0, st %1) : f32 audio
  %3 = const 0.2 : f32 const
  %4 = mul(a %2, b %3) : f32 audio
  out 100, %4
; CHECK: {{^.*}}verify-output-index.pir:[[@LINE-1]]:3: error: invalid IR: output index above 99{{$}}
}
