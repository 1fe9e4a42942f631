; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; Every read of a feedback cell returns the same stored value, so they have one type.
patch "t.ph" cps 1/2 {
  %0 = voices 0 (s "bd*4") : stereo audio
  %1 = feedback.read 0 : stereo audio
  %2 = feedback.read 0 : f32 audio
; CHECK: {{^.*}}verify-feedback-read-types.pir:[[@LINE-1]]:3: error: invalid IR: feedback cell 0 is read as both stereo and f32{{$}}
  %3 = add(a %0, b %1) : stereo audio
  out 0, %3
  out 1, %2
  feedback.write 0, %3
}
