; RUN: phonon-opt --passes=fuse,batch-parallel %s | FileCheck %s
; A batch is handed to the thread pool only when it has several kernels and enough work to
; pay for waking the workers: sixteen filtered saws do, the join after them does not.
patch "t.ph" cps 1/2 {
  %0 = const 0 : f32 const
  %1 = const 800 : f32 const
  %2 = const 0.7 : f32 const
  %3 = const 55 : f32 const
  %s0 = saw(freq %3, st %0) : f32 audio
  %f0 = lpf(in %s0, cutoff %1, q %2) : f32 audio
  %s1 = saw(freq %3, st %0) : f32 audio
  %f1 = lpf(in %s1, cutoff %1, q %2) : f32 audio
  %s2 = saw(freq %3, st %0) : f32 audio
  %f2 = lpf(in %s2, cutoff %1, q %2) : f32 audio
  %s3 = saw(freq %3, st %0) : f32 audio
  %f3 = lpf(in %s3, cutoff %1, q %2) : f32 audio
  %s4 = saw(freq %3, st %0) : f32 audio
  %f4 = lpf(in %s4, cutoff %1, q %2) : f32 audio
  %s5 = saw(freq %3, st %0) : f32 audio
  %f5 = lpf(in %s5, cutoff %1, q %2) : f32 audio
  %s6 = saw(freq %3, st %0) : f32 audio
  %f6 = lpf(in %s6, cutoff %1, q %2) : f32 audio
  %s7 = saw(freq %3, st %0) : f32 audio
  %f7 = lpf(in %s7, cutoff %1, q %2) : f32 audio
  %s8 = saw(freq %3, st %0) : f32 audio
  %f8 = lpf(in %s8, cutoff %1, q %2) : f32 audio
  %a1 = add(a %f0, b %f1) : f32 audio
  %a2 = add(a %a1, b %f2) : f32 audio
  %a3 = add(a %a2, b %f3) : f32 audio
  %a4 = add(a %a3, b %f4) : f32 audio
  %a5 = add(a %a4, b %f5) : f32 audio
  %a6 = add(a %a5, b %f6) : f32 audio
  %a7 = add(a %a6, b %f7) : f32 audio
  %a8 = add(a %a7, b %f8) : f32 audio
  out 0, %a8
}
; CHECK:      batch 0 cost {{[0-9.]+}} parallel {
; CHECK-COUNT-8: kernel {{[0-9]+}} cost 35 {
; CHECK:      batch 1 cost {{[0-9.]+}} {
; CHECK-NEXT:   kernel 8 cost
