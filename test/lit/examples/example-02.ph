-- RUN: phononc %s --emit=ir 2>&1 | FileCheck %s
-- LANGUAGE.md §11 example 2, verbatim below.
tempo: 1
out: sine "220 440" * 0.3                    -- (2) 220 Hz in 0–0.5 s, 440 Hz in 0.5–1 s, repeating
-- CHECK: patch "{{.*}}example-02.ph" cps 1
-- CHECK: %[[P:[0-9]+]] = pattern 0 "220 440" hz : f32 event
-- CHECK: sine(freq %[[P]],
