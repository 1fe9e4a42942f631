; RUN: phonon-opt %s --passes=split-channels | FileCheck %s
; split-channels (ir/Channels.h): a node with a two-output pair row becomes one instruction of
; that row (one state; its value is the left channel) and a `right` that reads its right
; output. `reverb` on a stereo input runs as reverb_pair (a stereo parameter averaged), on a
; mono input as its own mono kernel; `reverb_stereo` always runs as its pair row, a mono input
; given as both channels.
patch "t.ph" cps 1/2 {
  %0 = const 110 : f32 const
  %1 = const 0 : f32 const
  %2 = saw(freq %0, st %1) : f32 audio
  %3 = const 0.5 : f32 const
  %4 = stereo(l %2, r %3) : stereo audio
  %5 = stereo(l %3, r %1) : stereo audio
  %9 = mono(in %5) : f32 audio
  %6 = reverb(in %4, room %9, damping %3, mix %3) : stereo audio
  %7 = reverb(in %2, room %3, damping %3, mix %3) : f32 audio
  %8 = reverb_stereo(in %2, wet %3, time %3) : stereo audio
  out 0, %6
  out 1, %7
  out 2, %8
}
; CHECK:      %[[L:[0-9]+]] = reverb_pair(l %2, r %3, room %[[ROOM:[0-9]+]], damping %3, mix %3) : f32 audio
; CHECK-NEXT: %[[R:[0-9]+]] = right %[[L]] : f32 audio
; CHECK-NEXT: %[[M:[0-9]+]] = reverb(in %2, room %3, damping %3, mix %3) : f32 audio
; CHECK-NEXT: %[[SL:[0-9]+]] = reverb_stereo_pair(l %2, r %2, wet %3, time %3) : f32 audio
; CHECK-NEXT: %[[SR:[0-9]+]] = right %[[SL]] : f32 audio
; CHECK-NEXT: out 0, %[[L]], %[[R]]
; CHECK-NEXT: out 1, %[[M]]
; CHECK-NEXT: out 2, %[[SL]], %[[SR]]
