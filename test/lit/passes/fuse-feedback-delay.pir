; RUN: phonon-opt --passes=fuse %s | FileCheck %s
; RUN: phonon render %s -o %t.wav --duration 0.1 2>&1 | FileCheck %s --check-prefix=RENDER
; A feedback write whose value does not depend on the cell's reads (a one-sample delay of
; another signal) still runs in the reads' kernel: a cell holds one sample. Fusing them apart
; used to fail allocate-buffers' verification with an internal error.
patch "t.ph" cps 1/2 {
  %0 = feedback.read 0 : f32 audio
  %1 = const 0.5 : f32 const
  %2 = mul(a %0, b %1) : f32 audio
  %3 = const 0 : f32 const
  %4 = sine(freq %1, st %3) : f32 audio
  out 0, %2
  feedback.write 0, %4
}
; CHECK:      kernel 0 cost {{[0-9.]+}} {
; CHECK-NEXT:   %[[READ:[0-9]+]] = feedback.read 0 : f32 audio
; CHECK-NEXT:   %[[OUT:[0-9]+]] = mul(a %[[READ]], b %{{[0-9]+}}) : f32 audio
; CHECK-NEXT:   %[[SINE:[0-9]+]] = sine(
; CHECK-NEXT:   out 0, %[[OUT]]
; CHECK-NEXT:   feedback.write 0, %[[SINE]]
; CHECK-NEXT: }
; RENDER: rendered 0.100 s to
