-- RUN: phononc %s --emit=ir 2>&1 | FileCheck %s
-- LANGUAGE.md §11 example 1, verbatim below.
out: sine 440 * 0.2                          -- (1) 440 Hz, peak 0.2 in both channels
-- CHECK: %[[F:[0-9]+]] = const 440 : f32 const
-- CHECK: %[[S:[0-9]+]] = sine(freq %[[F]], st %{{[0-9]+}}) : f32 audio
-- CHECK: %[[O:[0-9]+]] = mul(a %[[S]], b %{{[0-9]+}}) : f32 audio
-- CHECK: out 0, %[[O]]
