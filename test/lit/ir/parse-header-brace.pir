; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; The header ends with the `{` that opens the patch.
patch "t.ph" cps 1/2 buffers 2
; CHECK: {{^.*}}parse-header-brace.pir:[[@LINE-1]]:31: error: expected `{` to open the patch{{$}}
  %0 = const 1 : f32 const
}
