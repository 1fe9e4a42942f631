; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; A feedback cell holds one sample: it has one write.
patch "feedback-echo.ph" cps 1/2 {
  %0 = const 0 : f32 const
  %1 = pattern 0 "110 ~ 165 ~" hz : f32 event
  %2 = saw(freq %1, st %0) : f32 audio
  %3 = const 0.3 : f32 const
  %4 = mul(a %2, b %3) : f32 audio
  %~pluck = bus %4 : f32 audio
  %6 = feedback.read 0 : f32 audio
  %7 = const 1200 : f32 const
  %8 = const 0.7 : f32 const
  %9 = lpf(in %6, cutoff %7, q %8) : f32 audio
  %10 = const 0.7 : f32 const
  %11 = mul(a %9, b %10) : f32 audio
  %12 = add(a %~pluck, b %11) : f32 audio
  %~echo = bus %12 : f32 audio
  %14 = const 0.5 : f32 const
  %15 = mul(a %~echo, b %14) : f32 audio
  out 0, %15
  feedback.write 0, %~echo
  feedback.write 0, %~pluck
; CHECK: {{^.*}}verify-feedback-written-twice.pir:[[@LINE-1]]:3: error: invalid IR: feedback cell 0 is written twice{{$}}
}
