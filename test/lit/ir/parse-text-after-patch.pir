; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; Nothing follows the patch's `}`.
patch "t.ph" cps 1/2 {
  %0 = const 1 : f32 const
  out 0, %0
}
out 1, %0
; CHECK: {{^.*}}parse-text-after-patch.pir:[[@LINE-1]]:1: error: unexpected text after the patch{{$}}
