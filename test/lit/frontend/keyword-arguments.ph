-- RUN: phononc %s --emit=ir -O0 | FileCheck %s
-- `:name value` sets a parameter by its catalogue name, after the positional ones.
out: saw 110 # lpf :q 4 :cutoff 800
-- CHECK: %[[Q:[0-9]+]] = const 4
-- CHECK: %[[C:[0-9]+]] = const 800
-- CHECK: lpf(in %{{[0-9]+}}, cutoff %[[C]], q %[[Q]])
