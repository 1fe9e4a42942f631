; RUN: phonon-opt --passes=fuse,batch-parallel,vectorize-across-nodes,allocate-buffers %s | FileCheck %s
; An additive stack summed whose first amplitude is exactly 1: simplify folded that lane's `* 1`
; away, so its kernel is one multiply short of the other four's shape. It gets the multiply back
; as `x * 1` (x·1 is x, bit for bit) and joins the bank, which then takes in the sum: 2 buffers,
; not one per lane and a sum kernel of its own.
patch "t.ph" cps 1/2 {
  %c0 = const 0 : f32 const
  %f0 = const 100 : f32 const
  %f1 = const 200 : f32 const
  %f2 = const 300 : f32 const
  %f3 = const 400 : f32 const
  %f4 = const 500 : f32 const
  %a1 = const 0.5 : f32 const
  %a2 = const 0.25 : f32 const
  %a3 = const 0.125 : f32 const
  %a4 = const 0.0625 : f32 const
  %o0 = sine(freq %f0, st %c0) : f32 audio
  %o1 = sine(freq %f1, st %c0) : f32 audio
  %m1 = mul(a %o1, b %a1) : f32 audio
  %o2 = sine(freq %f2, st %c0) : f32 audio
  %m2 = mul(a %o2, b %a2) : f32 audio
  %o3 = sine(freq %f3, st %c0) : f32 audio
  %m3 = mul(a %o3, b %a3) : f32 audio
  %o4 = sine(freq %f4, st %c0) : f32 audio
  %m4 = mul(a %o4, b %a4) : f32 audio
  %s = sum %o0, %m1, %m2, %m3, %m4 : f32 audio
  out 0, %s
}
; CHECK:      patch "t.ph" cps 1/2 buffers 2 {
; CHECK:        [[ONE:%[0-9]+]] = const 1 : f32 const
; CHECK:        batch 0 cost {{[0-9.]+}} {
; CHECK-NEXT:     kernel 0 cost {{[0-9.]+}} lanes 5 partials @1 writes(%s @0) {
; CHECK-NEXT:       %o0 = sine(freq %f0, st %c0) : f32 audio
; CHECK-NEXT:       [[X0:%[0-9]+]] = mul(a %o0, b [[ONE]]) : f32 audio
; CHECK-NEXT:       %o1 = sine
; CHECK-NEXT:       %m1 = mul(a %o1, b %a1) : f32 audio
; CHECK:            %m4 = mul(a %o4, b %a4) : f32 audio
; CHECK-NEXT:       %s = sum [[X0]], %m1, %m2, %m3, %m4 : f32 audio
; CHECK-NEXT:     }
; CHECK-NEXT:   }
