; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; An output file port takes an output constant (and a sample's port a sample), its length is
; the next port, a constant in (0, 600] seconds, and each file has one writer.
patch "t.ph" cps 1/2 {
  %0 = const 0.5 : f32 const
  %1 = const output "a.wav" : f32 const
  %2 = const file "b.wav" : f32 const
  %3 = const 0 : f32 const
  %4 = const output "c.wav" : f32 const
  %5 = noise() : f32 audio
  %6 = tap(in %5, file %1, seconds %0) : f32 audio
  %7 = tap(in %6, file %2, seconds %0) : f32 audio
; CHECK: {{^.*}}verify-output-file.pir:[[@LINE-1]]:3: error: invalid IR: port `file` takes an output file (`const output "NAME"`){{$}}
  %8 = convolve(in %7, ir %1, mix %0) : f32 audio
; CHECK: {{^.*}}verify-output-file.pir:[[@LINE-1]]:3: error: invalid IR: port `ir` takes a sample name, not an output file{{$}}
  %9 = tap(in %8, file %4, seconds %3) : f32 audio
; CHECK: {{^.*}}verify-output-file.pir:[[@LINE-1]]:3: error: invalid IR: port `file` writes a file whose length, the next port, is a constant in (0, 600] seconds{{$}}
  %10 = tap(in %9, file %1, seconds %0) : f32 audio
; CHECK: {{^.*}}verify-output-file.pir:[[@LINE-1]]:3: error: invalid IR: the file "a.wav" is written by two nodes{{$}}
  out 0, %10
}
