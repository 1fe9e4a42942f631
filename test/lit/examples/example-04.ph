-- RUN: phononc %s --emit=ir 2>&1 | FileCheck %s
-- LANGUAGE.md §11 example 4, verbatim below.
out: s "bd(3,8,2)"                           -- (4) cps 0.5 (2 s cycles): kicks at 0.25, 1.0, 1.5 s
-- CHECK: voices 0 (s "bd(3,8,2)") : f32 audio
