; RUN: phonon-opt --passes=fuse,batch-parallel,vectorize-across-nodes,allocate-buffers %s | FileCheck %s
; RUN: phonon-opt --passes=fuse,batch-parallel,vectorize-across-nodes,allocate-buffers %s -o %t.pir
; RUN: phonon-opt %t.pir | FileCheck %s
; Five sines summed by one n-ary sum: fuse keeps the sum (four or more operands) in a kernel
; of its own, the sines become one bank, and the bank takes the sum in as its last member —
; lane k is operand k — so the lanes add into the total of their one chunk, a buffer of its own
; (@1), and only the sum crosses to the next kernel (@0): 2 buffers, not one per sine. The text
; round-trips.
patch "t.ph" cps 1/2 {
  %c0 = const 0 : f32 const
  %f0 = const 100 : f32 const
  %f1 = const 200 : f32 const
  %f2 = const 300 : f32 const
  %f3 = const 400 : f32 const
  %f4 = const 500 : f32 const
  %g = const 0.2 : f32 const
  %o0 = sine(freq %f0, st %c0) : f32 audio
  %o1 = sine(freq %f1, st %c0) : f32 audio
  %o2 = sine(freq %f2, st %c0) : f32 audio
  %o3 = sine(freq %f3, st %c0) : f32 audio
  %o4 = sine(freq %f4, st %c0) : f32 audio
  %s = sum %o0, %o1, %o2, %o3, %o4 : f32 audio
  %m = mul(a %s, b %g) : f32 audio
  out 0, %m
}
; CHECK:      patch "t.ph" cps 1/2 buffers 2 {
; CHECK:        batch 0 cost {{[0-9.]+}} {
; CHECK-NEXT:     kernel 0 cost {{[0-9.]+}} lanes 5 partials @1 writes(%s @0) {
; CHECK-NEXT:       %o0 = sine
; CHECK-NEXT:       %o1 = sine
; CHECK-NEXT:       %o2 = sine
; CHECK-NEXT:       %o3 = sine
; CHECK-NEXT:       %o4 = sine
; CHECK-NEXT:       %s = sum %o0, %o1, %o2, %o3, %o4 : f32 audio
; CHECK-NEXT:     }
; CHECK-NEXT:   }
; CHECK-NEXT:   batch 1 cost {{[0-9.]+}} {
; CHECK-NEXT:     kernel 1 cost {{[0-9.]+}} reads(%s @0) {
; CHECK-NEXT:       %m = mul(a %s, b %g) : f32 audio
