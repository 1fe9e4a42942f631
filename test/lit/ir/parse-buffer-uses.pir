; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; A kernel's buffer uses are `reads(%value @buffer, …)` and `writes(…)` of defined values.
patch "three-sines.ph" cps 1/2 buffers 2 {
  %0 = const 100 : f32 const
  %1 = const 0 : f32 const
  %2 = const 0.5 : f32 const
  kernel 0 cost 13 writes(%4 0) {
; CHECK: {{^.*}}parse-buffer-uses.pir:[[@LINE-1]]:30: error: expected `@` before a buffer number{{$}}
  kernel 0 cost 13 writes %4 @0 {
; CHECK: {{^.*}}parse-buffer-uses.pir:[[@LINE-1]]:27: error: expected `(` before buffer uses{{$}}
  kernel 0 cost 13 writes(4 @0) {
; CHECK: {{^.*}}parse-buffer-uses.pir:[[@LINE-1]]:27: error: expected a value{{$}}
  kernel 0 cost 13 writes(%4 @0 {
; CHECK: {{^.*}}parse-buffer-uses.pir:[[@LINE-1]]:33: error: expected `)` after buffer uses{{$}}
  kernel 0 cost 13 writes(%9 @0) {
; CHECK: {{^.*}}parse-buffer-uses.pir:[[@LINE-1]]:27: error: use of undefined value `%9`{{$}}
    %3 = sine(freq %0, st %1) : f32 audio
    %4 = mul(a %3, b %2) : f32 audio
  }
  kernel 1 cost 13 reads(%4 @0) {
    out 0, %4
  }
}
