; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; A feedback cell holds one sample, so its read and its write run in the same loop: here the
; write has moved into the kernel after the one that reads the cell.
patch "feedback-echo.ph" cps 1/2 buffers 1 {
  %0 = const 0 : f32 const
  %1 = pattern 0 "110 ~ 165 ~" hz : f32 event
  %2 = const 0.3 : f32 const
  %3 = const 1200 : f32 const
  %4 = const 0.7 : f32 const
  %5 = const 0.5 : f32 const
  batch 0 cost 11 {
    kernel 0 cost 11 writes(%~pluck @0) {
      %6 = saw(freq %1, st %0) : f32 audio
      %~pluck = mul(a %6, b %2) : f32 audio
    }
  }
  batch 1 cost 28 {
    kernel 1 cost 28 reads(%~pluck @0) writes(%~echo @0) {
      %8 = feedback.read 0 : f32 audio
      %9 = lpf(in %8, cutoff %3, q %4) : f32 audio
      %10 = mul(a %9, b %4) : f32 audio
      %~echo = add(a %~pluck, b %10) : f32 audio
    }
  }
  batch 2 cost 3 {
    kernel 2 cost 3 reads(%~echo @0) {
      feedback.write 0, %~echo
; CHECK: {{^.*}}verify-feedback-kernels.pir:[[@LINE-1]]:7: error: invalid IR: feedback cell 0 is read and written in different kernels{{$}}
      %13 = mul(a %~echo, b %5) : f32 audio
      out 0, %13
    }
  }
}
