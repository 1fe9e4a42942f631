; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; Voices are computed a block at a time, not in a per-sample loop: they are a kernel alone.
patch "t.ph" cps 1/2 buffers 0 {
  %0 = const 0.5 : f32 const
  batch 0 cost 201 {
    kernel 0 cost 201 {
      %1 = voices 0 (s "bd*4") : stereo audio
; CHECK: {{^.*}}verify-block-based-kernel.pir:[[@LINE-1]]:7: error: invalid IR: a block-based op is a kernel of its own{{$}}
      %2 = mul(a %1, b %0) : stereo audio
      out 0, %2
    }
  }
}
