; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; A node's seed is `{seed 0xHEX}`.
patch "noise.ph" cps 1/2 {
  %0 = noise() : f32 audio {seed 525078e8}
; CHECK: {{^.*}}parse-seeds.pir:[[@LINE-1]]:34: error: expected a hexadecimal seed{{$}}
  %1 = noise() : f32 audio {seed 0x}
; CHECK: {{^.*}}parse-seeds.pir:[[@LINE-1]]:34: error: expected a hexadecimal seed{{$}}
  %2 = noise() : f32 audio {seed 0x1f
; CHECK: {{^.*}}parse-seeds.pir:[[@LINE-1]]:38: error: expected `}` after the seed{{$}}
  %3 = noise() : f32 audio {sed 0x1f}
; CHECK: {{^.*}}parse-seeds.pir:[[@LINE-1]]:29: error: expected `seed`{{$}}
  %4 = noise() : f32 audio {seed 0x1f}
  out 0, %4
}
