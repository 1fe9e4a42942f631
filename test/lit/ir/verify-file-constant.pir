; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; A file port takes a constant (a file constant, or 0 for the node's own default), and a file
; constant goes to a file port only.
patch "t.ph" cps 1/2 {
  %0 = const 0.5 : f32 const
  %1 = const file "hall:0" : f32 const
  %2 = noise() : f32 audio
  %3 = convolve(in %2, ir %2, mix %0) : f32 audio
; CHECK: {{^.*}}verify-file-constant.pir:[[@LINE-1]]:3: error: invalid IR: port `ir` takes a sample name (a file constant){{$}}
  %4 = lpf(in %2, cutoff %1, q %0) : f32 audio
; CHECK: {{^.*}}verify-file-constant.pir:[[@LINE-1]]:3: error: invalid IR: port `cutoff` takes no file constant{{$}}
  %5 = add(a %3, b %4) : f32 audio
  out 0, %5
}
