; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; A kernel lists the buffers it reads: kernel 2 uses %6 without reading its buffer, so kernel 0's
; write of it is also unread.
patch "three-sines.ph" cps 1/2 buffers 2 {
  %0 = const 100 : f32 const
  %1 = const 0 : f32 const
  %2 = const 0.5 : f32 const
  %3 = const 200 : f32 const
  %4 = const 300 : f32 const
  batch 0 cost 26 {
    kernel 0 cost 13 writes(%6 @0) {
      %5 = sine(freq %3, st %1) : f32 audio
      %6 = mul(a %5, b %2) : f32 audio
; CHECK: {{^.*}}verify-buffer-not-read.pir:[[@LINE-1]]:7: error: invalid IR: written to a buffer that no other kernel reads{{$}}
    }
    kernel 1 cost 13 writes(%8 @1) {
      %7 = sine(freq %4, st %1) : f32 audio
      %8 = mul(a %7, b %2) : f32 audio
    }
  }
  batch 1 cost 16 {
    kernel 2 cost 16 reads(%8 @1) {
      %9 = sine(freq %0, st %1) : f32 audio
      %10 = mul(a %9, b %2) : f32 audio
      %11 = add(a %10, b %6) : f32 audio
; CHECK: {{^.*}}verify-buffer-not-read.pir:[[@LINE-1]]:7: error: invalid IR: reads %6 from kernel 0 without its buffer in the kernel's reads{{$}}
      %12 = add(a %11, b %8) : f32 audio
      out 0, %12
    }
  }
}
