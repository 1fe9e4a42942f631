; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; A feedback cell's reads come before its write: a read after the write would see this
; sample's value, not the previous one.
patch "feedback-echo.ph" cps 1/2 {
  %0 = const 0 : f32 const
  %1 = pattern 0 "110 ~ 165 ~" hz : f32 event
  %2 = saw(freq %1, st %0) : f32 audio
  %3 = const 0.3 : f32 const
  %4 = mul(a %2, b %3) : f32 audio
  %~pluck = bus %4 : f32 audio
  feedback.write 0, %~pluck
  %7 = feedback.read 0 : f32 audio
; CHECK: {{^.*}}verify-feedback-read-after-write.pir:[[@LINE-1]]:3: error: invalid IR: feedback.read after the cell's feedback.write{{$}}
  %8 = const 1200 : f32 const
  %9 = const 0.7 : f32 const
  %10 = lpf(in %7, cutoff %8, q %9) : f32 audio
  %11 = add(a %~pluck, b %10) : f32 audio
  out 0, %11
}
