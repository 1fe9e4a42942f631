; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; A block node (`convolve`: a block of 512 samples at a time) is a kernel of its own, outside
; a feedback loop through it.
patch "t.ph" cps 1/2 buffers 0 {
  %0 = const 0.5 : f32 const
  %1 = const 0 : f32 const
  batch 0 cost 1201 {
    kernel 0 cost 1201 {
      %2 = noise() : f32 audio
      %3 = convolve(in %2, ir %1, mix %0) : f32 audio
; CHECK: {{^.*}}verify-block-based-kernel.pir:[[@LINE-1]]:7: error: invalid IR: a block-based op is a kernel of its own{{$}}
      out 0, %3
    }
  }
}
