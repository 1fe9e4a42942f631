; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; The patch is closed by `}`.
patch "t.ph" cps 1/2 {
  %0 = const 1 : f32 const
  out 0, %0
; CHECK: {{^.*}}parse-unclosed-patch.pir:[[@LINE+1]]:1: error: expected `}` at the end of the patch{{$}}
