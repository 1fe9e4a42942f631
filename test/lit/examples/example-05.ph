-- RUN: phononc %s --emit=ir 2>&1 | FileCheck %s
-- LANGUAGE.md §11 example 5, verbatim below.
out: sine 440 12 * 0.2                       -- (5) one tone at 880 Hz
-- CHECK: %[[F:[0-9]+]] = const 440 : f32 const
-- CHECK: %[[T:[0-9]+]] = const 12 : f32 const
-- CHECK: sine(freq %[[F]], st %[[T]]) : f32 audio
