; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; The header gives the tempo after `cps`.
patch "t.ph" tempo 1/2 {
; CHECK: {{^.*}}parse-header-keyword.pir:[[@LINE-1]]:14: error: expected `cps`{{$}}
}
