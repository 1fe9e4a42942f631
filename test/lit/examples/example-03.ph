-- RUN: phononc %s --emit=ir 2>&1 | FileCheck %s
-- LANGUAGE.md §11 example 3, verbatim below.
bpm: 120                                     -- (3) cps 0.5: kicks at 0, 0.5, 1.0, 1.5 s,
out: s "bd*4"                                --     built-in kit if no sample folder has bd
-- CHECK: patch "{{.*}}example-03.ph" cps 1/2
-- CHECK: voices 0 (s "bd*4") : f32 audio
