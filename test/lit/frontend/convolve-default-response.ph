-- RUN: phononc %s --emit=ir -O0 | FileCheck %s
-- RUN: phonon render %s -o %t.wav --duration 0.1 2>&1 | FileCheck %s --check-prefix=RENDER
-- `""` at `convolve`'s `ir` is its default, the built-in response, so that the mix can be given
-- by position.
out: convolve (saw 110) "" 0.3
-- CHECK: %[[MIX:[0-9]+]] = const 0.3 : f32 const
-- CHECK: convolve(in %{{[0-9]+}}, ir %{{[0-9]+}}, mix %[[MIX]]) : f32 audio {seed {{.*}}}
-- RENDER: rendered 0.100 s to {{.*}}: peak
-- RENDER-NEXT: 2 channels
