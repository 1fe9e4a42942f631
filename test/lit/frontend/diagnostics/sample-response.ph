-- RUN: not phononc %s 2>&1 | FileCheck %s
-- `convolve` runs its built-in response; a named response would come from the sample library,
-- which is not written: an error at the name, never the built-in response in its place.
~a: saw 55 # convolve "hall:0"
-- CHECK: sample-response.ph:[[@LINE-1]]:23: error: `ir` of `convolve`: sample responses need the sample library, not written yet (leave it out for the built-in response)
-- CHECK-NEXT: ~a: saw 55 # convolve "hall:0"
-- CHECK-NEXT: {{^                      \^~~~~~~~$}}
~b: convolution (saw 55) :ir "room" :mix 1
-- CHECK: sample-response.ph:[[@LINE-1]]:30: error: `ir` of `convolution`: sample responses need the sample library
out: ~a + ~b
-- CHECK-NOT: error
