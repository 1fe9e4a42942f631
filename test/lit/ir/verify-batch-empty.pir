; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; A batch runs at least one kernel.
; CHECK: {{^.*}}verify-batch-empty.pir: error: invalid IR: batch 1 is empty{{$}}
patch "sine.ph" cps 1/2 buffers 0 {
  %0 = const 440 : f32 const
  %1 = const 0 : f32 const
  %2 = const 0.2 : f32 const
  batch 0 cost 14 {
    kernel 0 cost 14 {
      %3 = sine(freq %0, st %1) : f32 audio
      %4 = mul(a %3, b %2) : f32 audio
      out 0, %4
    }
  }
  batch 1 cost 0 {
  }
}
