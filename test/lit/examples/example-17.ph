-- RUN: phononc %s --emit=ir 2>&1 | FileCheck %s
-- LANGUAGE.md §11 example 17 (auto output), verbatim below.
~a: sine 440
-- (17) warning: no output defined; playing 0.25 × (~a). Result: 440 Hz at peak 0.25
-- CHECK: example-17.ph:3:1: warning: no output defined; playing 0.25 × (~a)
-- CHECK: %[[Q:[0-9]+]] = const 0.25 : f32 const
-- CHECK: %~a = sine(
-- CHECK: mul(a %~a, b %[[Q]])
