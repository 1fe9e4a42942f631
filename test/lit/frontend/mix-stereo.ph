-- RUN: phononc %s --emit=ir -O0 | FileCheck %s
-- `mix` of mono signals is the n-ary sum; with a stereo signal among them it is the chain of
-- per-channel additions that `stack` makes (split into left and right by split-channels).
out1: mix (sine 100) (sine 200) (sine 300)
-- CHECK: %[[M:[0-9]+]] = sum %{{[0-9]+}}, %{{[0-9]+}}, %{{[0-9]+}} : f32 audio
out2: mix (pan (saw 110) 0.5) (sine 220)
-- CHECK: pan_left(
-- CHECK: pan_right(
-- CHECK: add(a %{{[0-9]+}}, b %{{[0-9]+}}) : f32 audio
-- CHECK: add(a %{{[0-9]+}}, b %{{[0-9]+}}) : f32 audio
-- CHECK-NOT: mix(
