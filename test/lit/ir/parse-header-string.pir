; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; The header names the patch's source in a string: this one is not closed.
patch "t.ph cps 1/2 {
; CHECK: {{^.*}}parse-header-string.pir:[[@LINE-1]]:7: error: unterminated string{{$}}
}
