-- RUN: not phononc %s 2>&1 | FileCheck %s
-- A string used as numbers: every atom must be a number or a note name, and the error points
-- at the atom inside the string.
out: sine "110 bd 220"
-- CHECK: string-pattern.ph:[[@LINE-1]]:16: error: `bd` is not a number or a note name
-- CHECK-NEXT: out: sine "110 bd 220"
-- CHECK-NEXT: {{^}}               ^~{{$}}
-- CHECK: note: this pattern is used as numbers here; to play sounds, write `s "…"`
