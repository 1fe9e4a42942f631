; RUN: not phonon-opt %s 2>&1 | FileCheck %s --implicit-check-not=error:
; An event port reads a pattern's values; its onset and active ports the same pattern's
; `onset` and `active` columns (nodes::PortEvents).
patch "t.ph" cps 1 {
  %0 = pattern 0 "t t" onset : f32 event
  %1 = pattern 1 "t t" active : f32 event
  %2 = pattern 2 "t t" : f32 event
  %3 = pattern 3 "t f" onset : f32 event
  %4 = const 1 : f32 const
  %5 = trig(bools %4, bools.onset %0, bools.active %1) : f32 event
; CHECK: {{^.*}}verify-event-ports.pir:[[@LINE-1]]:3: error: invalid IR: `bools` takes an event stream: a pattern's values{{$}}
  %6 = trig(bools %0, bools.onset %0, bools.active %1) : f32 event
; CHECK: {{^.*}}verify-event-ports.pir:[[@LINE-1]]:3: error: invalid IR: `bools` takes an event stream: a pattern's values{{$}}
  %7 = trig(bools %2, bools.onset %1, bools.active %0) : f32 event
; CHECK: {{^.*}}verify-event-ports.pir:[[@LINE-1]]:3: error: invalid IR: the onset of `bools` must be `pattern N "t t" onset`{{$}}
; CHECK: {{^.*}}verify-event-ports.pir:[[@LINE-2]]:3: error: invalid IR: the active of `bools` must be `pattern N "t t" active`{{$}}
  %8 = gate(bools %2, bools.onset %3, bools.active %1) : f32 event
; CHECK: {{^.*}}verify-event-ports.pir:[[@LINE-1]]:3: error: invalid IR: the onset of `bools` must be `pattern N "t t" onset`{{$}}
  %9 = trig(bools %2, bools.onset %4, bools.active %1) : f32 event
; CHECK: {{^.*}}verify-event-ports.pir:[[@LINE-1]]:3: error: invalid IR: the onset of `bools` must be `pattern N "t t" onset`{{$}}
  %10 = add(a %5, b %6) : f32 event
  %11 = add(a %7, b %8) : f32 event
  %12 = add(a %10, b %11) : f32 event
  %13 = add(a %12, b %9) : f32 event
  out 0, %13
}
