-- RUN: phononc %s --emit=ir | FileCheck %s
-- `convolve`'s response is a sample of the library (LANGUAGE §8.1), named in quotes; it is a
-- file constant of the IR, loaded by the host at init. `""` is the built-in response.
~a: saw 55 # convolve "hall:0"
~b: convolution (saw 55) :ir "room" :mix 1
~c: saw 55 # convolve "" 0.3
out: ~a + ~b + ~c
-- CHECK-DAG: %[[HALL:[0-9]+]] = const file "hall:0" : f32 const
-- CHECK-DAG: %[[ROOM:[0-9]+]] = const file "room" : f32 const
-- CHECK-DAG: convolve(in %{{[0-9]+}}, ir %[[HALL]],
-- CHECK-DAG: convolve(in %{{[0-9]+}}, ir %[[ROOM]],
