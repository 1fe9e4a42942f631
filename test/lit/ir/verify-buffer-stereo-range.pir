; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; A stereo value takes two buffers, left then right: written at the last buffer, its right
; channel would fall outside them.
; CHECK: {{^.*}}verify-buffer-stereo-range.pir: error: invalid IR: kernel 0 writes buffers 0 and 1 of 1{{$}}
; CHECK-NEXT: {{^.*}}verify-buffer-stereo-range.pir: error: invalid IR: kernel 1 reads buffers 0 and 1 of 1{{$}}
patch "t.ph" cps 1/2 buffers 1 {
  %0 = const 0.5 : f32 const
  batch 0 cost 200 {
    kernel 0 cost 200 writes(%1 @0) {
      %1 = voices 0 (s "bd*4") : stereo audio
    }
  }
  batch 1 cost 1 {
    kernel 1 cost 1 reads(%1 @0) {
      %2 = mul(a %1, b %0) : stereo audio
      out 0, %2
    }
  }
}
