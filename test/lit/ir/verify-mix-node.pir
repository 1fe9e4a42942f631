; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; `mix` is a row of the node table that sema writes as the n-ary `sum` (or, of stereo signals,
; as additions); as an IR node it has no kernel to run, so the verifier refuses it.
patch "mix.ph" cps 1/2 {
  %0 = const 100 : f32 const
  %1 = const 0 : f32 const
  %2 = sine(freq %0, st %1) : f32 audio
  %3 = mix(a %2, b %2) : f32 audio
; CHECK: {{^.*}}verify-mix-node.pir:[[@LINE-1]]:3: error: invalid IR: mix is not an IR node: sema writes it as other IR (`sum`, `voices`){{$}}
  out 0, %3
}
