-- RUN: phononc %s --emit=ir --passes= 2>&1 | FileCheck %s
-- LANGUAGE.md §2.1, the continuation example, verbatim below.
out: s "bd*2 [~ sn]"      -- one statement of three physical lines
  # gain 0.8
  # lpf 3000 0.7
-- CHECK: %[[V:[0-9]+]] = voices 0 ((s "bd*2 [~ sn]") |> (gain 0.8)) : stereo audio
-- CHECK: %[[F:[0-9]+]] = lpf(in %[[V]], cutoff %{{[0-9]+}}, q %{{[0-9]+}}) : stereo audio
-- CHECK: out 0, %[[F]]
