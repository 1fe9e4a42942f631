; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; Once a module is scheduled, every audio-rate value, output and feedback write runs in a
; kernel's loop: an output left outside would never be computed.
patch "sine.ph" cps 1/2 buffers 0 {
  %0 = const 440 : f32 const
  %1 = const 0 : f32 const
  %2 = const 0.2 : f32 const
  batch 0 cost 14 {
    kernel 0 cost 14 {
      %3 = sine(freq %0, st %1) : f32 audio
      %4 = mul(a %3, b %2) : f32 audio
    }
  }
  out 0, %4
; CHECK: {{^.*}}verify-outside-kernel.pir:[[@LINE-1]]:3: error: invalid IR: an audio-rate value, output or feedback write outside every kernel{{$}}
}
