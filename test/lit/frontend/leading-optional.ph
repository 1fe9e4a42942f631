-- RUN: phononc %s --emit=ir -O0 | FileCheck %s
-- `lush`'s predelay is there only when all eight parameters after the input are given
-- (LANGUAGE §7.5), whether the input comes from `#` or is the first argument; left out, it
-- keeps its default of 0.02 s and the first number is the decay. (A mono input is both
-- channels of the two-output `lush_pair` that split-channels runs `lush` as.)
out1: lush (saw 110) 3
-- CHECK: %[[D1:[0-9]+]] = const 3
-- CHECK: %[[P1:[0-9]+]] = const 0.02
-- CHECK: lush_pair(l %[[IN1:[0-9]+]], r %[[IN1]], predelay %[[P1]], decay %[[D1]],
out2: saw 110 # lush 4
-- CHECK: %[[D2:[0-9]+]] = const 4
-- CHECK: %[[P2:[0-9]+]] = const 0.02
-- CHECK: lush_pair(l %[[IN2:[0-9]+]], r %[[IN2]], predelay %[[P2]], decay %[[D2]],
out3: lush (saw 110) 0.25 5 0.7 0.3 0.3 0.2 0 0.5
-- CHECK: %[[P3:[0-9]+]] = const 0.25
-- CHECK: %[[D3:[0-9]+]] = const 5
-- CHECK: lush_pair(l %[[IN3:[0-9]+]], r %[[IN3]], predelay %[[P3]], decay %[[D3]],
-- An empty default word is no word: `convolve` without `ir` takes the built-in response.
out4: convolve (saw 110)
-- CHECK: saw(freq
-- CHECK-NEXT: %[[IR:[0-9]+]] = const 0 :
-- CHECK: convolve(in %{{[0-9]+}}, ir %[[IR]], mix %{{[0-9]+}})
