; RUN: phononc %s --emit=llvm -O0 | FileCheck %s
; RUN: phononc %s --emit=llvm -O2 | FileCheck %s
; RUN: rm -f %t.o && phononc %s -O2 -o %t.o
; RUN: llvm-nm %t.o | FileCheck %s --check-prefix=NM
; RUN: llvm-nm --extern-only --defined-only %t.o | FileCheck %s --check-prefix=EXTERN
; A bus voice's graph (LANGUAGE §8.4) is compiled into the patch's own module as a patch of
; its own: its functions, pattern program and descriptor named phonon_voiceT_… (internal), and
; the main descriptor's voice_templates lists {bus name, graph descriptor} in template order.
patch "voices.ph" cps 1/2 {
  %0 = const 110 : f32 const
  %1 = const 0 : f32 const
  %2 = saw(freq %0, st %1) : f32 audio
  out 0, %2
}
voice ~pad patch "voices.ph" cps 1/2 {
  %0 = pattern 0 "440 660" hz : f32 event
  %1 = voice.pitch : f32 block
  %2 = mul(a %0, b %1) : f32 event
  %3 = const 0 : f32 const
  %4 = sine(freq %2, st %3) : f32 audio
  out 0, %4
}
voice ~bass patch "voices.ph" cps 1/2 {
  %0 = const 55 : f32 const
  %1 = voice.pitch : f32 block
  %2 = mul(a %0, b %1) : f32 block
  %3 = const 0 : f32 const
  %4 = saw(freq %2, st %3) : f32 audio
  out 0, %4
}
; The templates' descriptors: the graph's own entry points, program and slots; no stems,
; voices or templates of their own.
; CHECK-DAG: @phonon_voice0_pattern_program = private constant [{{[0-9]+}} x i8]
; CHECK-DAG: @phonon_voice0_patch = internal {{.*}}constant %phonon_patch_descriptor { i32 7, i32 2, {{.*}}, ptr @phonon_voice0_init, ptr @phonon_voice0_process, ptr @phonon_voice0_pattern_program, i64 {{[0-9]+}}, i32 1, i32 0, i32 {{[0-9]+}}, ptr @phonon_voice0_arena_size, i32 0, i32 0, ptr null, i32 0, ptr null, ptr null }
; CHECK-DAG: @phonon_voice1_patch = internal {{.*}}constant %phonon_patch_descriptor { i32 7, i32 2, {{.*}}, ptr @phonon_voice1_init, ptr @phonon_voice1_process, ptr null, i64 0, i32 0, i32 0, i32 {{[0-9]+}}, ptr @phonon_voice1_arena_size, i32 0, i32 0, ptr null, i32 0, ptr null, ptr null }
; CHECK-DAG: @[[PAD:[a-z_.0-9]+]] = private constant [4 x i8] c"pad\00"
; CHECK-DAG: @[[BASS:[a-z_.0-9]+]] = private constant [5 x i8] c"bass\00"
; CHECK-DAG: @phonon_voice_templates = private constant [2 x { ptr, ptr }] [{ ptr, ptr } { ptr @[[PAD]], ptr @phonon_voice0_patch }, { ptr, ptr } { ptr @[[BASS]], ptr @phonon_voice1_patch }]
; CHECK-DAG: @phonon_patch = {{(local_unnamed_addr )?}}constant %phonon_patch_descriptor { i32 7, i32 2, {{.*}}, ptr @phonon_init, ptr @phonon_process, ptr null, i64 0, i32 0, i32 0, i32 {{[0-9]+}}, ptr @phonon_arena_size, i32 0, i32 0, ptr null, i32 2, ptr @phonon_voice_templates, ptr null }
; Each graph's functions; the pitch is the block context's voice_pitch:
; CHECK-DAG: define internal {{.*}}void @phonon_voice0_init(
; CHECK-DAG: define internal {{.*}}void @phonon_voice0_process(
; CHECK-DAG: define internal {{.*}}void @phonon_voice1_init(
; CHECK-DAG: define internal {{.*}}void @phonon_voice1_process(
; CHECK-DAG: define void @phonon_init(
; CHECK-DAG: define void @phonon_process(
; CHECK-DAG: %voice.pitch = load float, ptr
; In the object file only the main patch's symbols are global:
; NM-DAG: D phonon_patch
; NM-DAG: d phonon_voice0_patch
; NM-DAG: d phonon_voice1_patch
; NM-DAG: t phonon_voice0_process
; NM-DAG: t phonon_voice1_process
; NM-DAG: T phonon_process
; EXTERN-NOT: phonon_voice
