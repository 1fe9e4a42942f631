; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; The tempo is a positive rational.
patch "t.ph" cps 0/2 {
; CHECK: {{^.*}}parse-header-tempo.pir:[[@LINE-1]]:18: error: the tempo must be positive{{$}}
}
