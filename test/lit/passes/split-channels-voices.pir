; RUN: phonon-opt %s --passes=split-channels | FileCheck %s
; split-channels (ir/Channels.h): voices are stereo, rendered by the runtime; after the split
; the voices instruction is the left channel and a `right` after it reads the right one, and
; what follows runs per channel.
patch "t.ph" cps 1/2 {
  %0 = voices 0 (s "bd*4") : stereo audio
  %1 = const 800 : f32 const
  %2 = const 1 : f32 const
  %3 = lpf(in %0, cutoff %1, q %2) : stereo audio
  out 0, %3
}
; CHECK:      %[[L:[0-9]+]] = voices 0 (s "bd*4") : f32 audio
; CHECK-NEXT: %[[R:[0-9]+]] = right %[[L]] : f32 audio
; CHECK:      %[[FL:[0-9]+]] = lpf(in %[[L]], cutoff %2, q %3) : f32 audio
; CHECK-NEXT: %[[FR:[0-9]+]] = lpf(in %[[R]], cutoff %2, q %3) : f32 audio
; CHECK-NEXT: out 0, %[[FL]], %[[FR]]
