; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; A rational's denominator is positive.
patch "t.ph" cps 1/0 {
; CHECK: {{^.*}}parse-header-denominator.pir:[[@LINE-1]]:18: error: a tempo has a zero denominator{{$}}
}
