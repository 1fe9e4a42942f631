; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; A bus is its operand under a name: it has the operand's type.
patch "bus.ph" cps 1/2 {
  %0 = const 440 : f32 const
  %1 = const 0 : f32 const
  %2 = sine(freq %0, st %1) : f32 audio
  %3 = const 0.2 : f32 const
  %4 = mul(a %2, b %3) : f32 audio
  %~s = bus %4 : stereo audio
; CHECK: {{^.*}}verify-bus-type.pir:[[@LINE-1]]:3: error: invalid IR: a bus has its operand's type{{$}}
  out 0, %~s
}
