; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; Every kernel and batch is closed, and so is the patch.
patch "sine.ph" cps 1/2 {
  %0 = const 440 : f32 const
  %1 = const 0 : f32 const
  batch 0 cost 10 {
; CHECK: {{^.*}}parse-regions-unclosed.pir:[[@LINE-1]]:3: error: this batch is not closed{{$}}
    kernel 0 cost 10 {
; CHECK: {{^.*}}parse-regions-unclosed.pir:[[@LINE-1]]:5: error: this kernel is not closed{{$}}
      %2 = sine(freq %0, st %1) : f32 audio
      out 0, %2
; CHECK: {{^.*}}parse-regions-unclosed.pir:[[@LINE+1]]:1: error: expected `}` at the end of the patch{{$}}
