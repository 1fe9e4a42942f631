-- RUN: not phononc %s --emit=ir 2>&1 | FileCheck %s
-- LANGUAGE.md §11 example 16 (an error), verbatim below.
out: sine "110 220" $ fast 2
-- (16) error: `fast` transforms patterns, but `sine "110 220"` is an audio signal
--      help: write `sine ("110 220" $ fast 2)`
-- CHECK: example-16.ph:3:23: error: `fast` transforms patterns, but `sine "110 220"` is an audio signal
-- CHECK: help: write `sine ("110 220" $ fast 2)`
