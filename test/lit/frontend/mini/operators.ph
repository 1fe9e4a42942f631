-- RUN: phononc %s --emit=ir -O0 | FileCheck %s
-- Pattern operators keep their structure at the pattern level; `<~` shifts the pattern.
out: sine ("c4" |+ "0 12") + sine (0.25 <~ "110 220") + sine ("1 2" |> "3 4 5")
-- CHECK: pattern 0 ("c4" |+ "0 12") hz
-- CHECK: pattern 1 ("110 220" $ early 0.25) hz
-- CHECK: pattern 2 ("1 2" |> "3 4 5") hz
