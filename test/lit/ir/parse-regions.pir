; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; Batches and kernels are numbered in order, give a cost, and a batch holds kernels only.
patch "sine.ph" cps 1/2 buffers 0 {
  %0 = const 440 : f32 const
  %1 = const 0 : f32 const
  batch 0 cost 14 {
    %2 = const 0.2 : f32 const
; CHECK: {{^.*}}parse-regions.pir:[[@LINE-1]]:5: error: a batch holds kernels only{{$}}
    kernel 0 cost 14 {
      %3 = sine(freq %0, st %1) : f32 audio
    }
    kernel 2 cost 14 {
; CHECK: {{^.*}}parse-regions.pir:[[@LINE-1]]:5: error: kernels are numbered in order: expected kernel 1{{$}}
    kernel 1 cost {
; CHECK: {{^.*}}parse-regions.pir:[[@LINE-1]]:19: error: expected a cost{{$}}
    kernel 1 cost 14 lanes {
; CHECK: {{^.*}}parse-regions.pir:[[@LINE-1]]:28: error: expected a lane count{{$}}
    kernel 1 costs 14 {
; CHECK: {{^.*}}parse-regions.pir:[[@LINE-1]]:14: error: expected `cost`{{$}}
  }
  batch 2 cost 1 {
; CHECK: {{^.*}}parse-regions.pir:[[@LINE-1]]:3: error: batches are numbered in order: expected batch 1{{$}}
}
