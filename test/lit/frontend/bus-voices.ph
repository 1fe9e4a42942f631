-- RUN: phononc %s --emit=ir -O0 | FileCheck %s
-- RUN: phononc %s --emit=ir -O2 > %t.pir && phonon-opt %t.pir --passes= -o %t2.pir && diff %t.pir %t2.pir
-- LANGUAGE §8.4: a bus voice plays the bus's expression as a patch of its own, a voice
-- template printed after the patch: its patterns its own, every pitch parameter multiplied by
-- the voice's `voice.pitch` (2^(note/12)), a bus without state that it reads computed inside.
tempo: 1
~depth: "0.5 0.25"
~pad: sine "220 330" * ~depth # lpf 1200 0.7
out: s "~pad*2" # note "<0 7>"
-- CHECK-LABEL: patch
-- CHECK: voices 0 ((s "~pad*2") |> (note "<0 7>"))
-- CHECK: voice ~pad patch "{{.*}}bus-voices.ph" cps 1 {
-- CHECK-NEXT:   %0 = const 0 : f32 const
-- CHECK-NEXT:   %1 = pattern 0 "220 330" hz : f32 event
-- CHECK-NEXT:   %2 = voice.pitch : f32 block
-- CHECK-NEXT:   %3 = mul(a %1, b %2) : f32 event
-- CHECK-NEXT:   %4 = sine(freq %3, st %0) : f32 audio
-- CHECK-NEXT:   %5 = pattern 1 "0.5 0.25" : f32 event
-- CHECK-NEXT:   %6 = mul(a %4, b %5) : f32 audio
-- CHECK:        %~pad = bus
-- CHECK-NEXT:   out 0, %~pad
-- CHECK-NEXT: }

-- A bus that keeps state, read inside a bus voice, is shared by every voice: the template
-- reads it (`voice.input`) from the voice.shared graph, which computes it as a stem.
~lfo: sine 2
~wob: saw 110 # lpf (~lfo * 400 + 800) 0.7
out1: s "~wob*2"
-- CHECK: voice ~wob patch
-- CHECK:        %[[IN:[0-9]+]] = voice.input 0 : f32 audio
-- CHECK-NEXT:   %~lfo = bus %[[IN]] : f32 audio
-- CHECK:        lpf(
-- CHECK:      voice.shared ~lfo patch "{{.*}}bus-voices.ph" cps 1 {
-- CHECK:        %[[LFO:[0-9]+]] = sine(
-- CHECK-NEXT:   %~lfo = bus %[[LFO]] : f32 audio
-- CHECK:        stem 0, %~lfo
