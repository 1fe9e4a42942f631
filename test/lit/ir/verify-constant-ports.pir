; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; A node's init reads its constant arguments from Const operands (ir::constArgs), and only a
; constant list port takes a constant list.
patch "additive.ph" cps 1/2 {
  %0 = const 220 : f32 const
  %1 = sine(freq %0, st %0) : f32 audio
  %2 = additive(freq %0, amps %1) : f32 audio
; CHECK: {{^.*}}verify-constant-ports.pir:[[@LINE-1]]:3: error: invalid IR: port `amps` takes a constant{{$}}
  %3 = const [1, 0.5] : f32 const
  %4 = sine(freq %3, st %0) : f32 audio
; CHECK: {{^.*}}verify-constant-ports.pir:[[@LINE-1]]:3: error: invalid IR: port `freq` takes no constant list{{$}}
  %5 = additive(freq %0, amps %3) : f32 audio
  %6 = add(a %2, b %4) : f32 audio
  %7 = add(a %6, b %5) : f32 audio
  out 0, %7
}
