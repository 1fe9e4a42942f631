; RUN: phonon-opt %s | FileCheck %s --check-prefix=IR
; RUN: phononc %s --emit=llvm -O0 | FileCheck %s
; RUN: phononc %s --emit=llvm -O0 | FileCheck %s --check-prefix=O0
; RUN: phononc %s --emit=llvm -O2 | FileCheck %s
; RUN: rm -f %t.o && phononc %s -O2 -o %t.o
; RUN: llvm-nm %t.o | FileCheck %s --check-prefix=NM
; RUN: llvm-nm --extern-only --defined-only %t.o | FileCheck %s --check-prefix=EXTERN
; The buses that bus voices share (LANGUAGE §8.4) are one graph, its stem k the k-th bus,
; compiled into the patch's own module like a voice template's graph: its symbols named
; phonon_voiceshared_… (internal), its descriptor the main descriptor's voice_shared. A
; template's `voice.input N` reads the block context's voice_inputs[N], sample by sample.
patch "voices.ph" cps 1/2 {
  %0 = const 110 : f32 const
  %1 = const 0 : f32 const
  %2 = saw(freq %0, st %1) : f32 audio
  out 0, %2
}
voice ~pad patch "voices.ph" cps 1/2 {
  %0 = const 440 : f32 const
  %1 = const 0 : f32 const
  %2 = sine(freq %0, st %1) : f32 audio
  %3 = voice.input 0 : f32 audio
  %4 = mul(a %2, b %3) : f32 audio
  %5 = voice.input 1 : f32 audio
  %6 = mul(a %2, b %5) : f32 audio
  out 0, %4, %6
}
voice.shared ~lfo patch "voices.ph" cps 1/2 {
  %0 = const 3 : f32 const
  %1 = const 0 : f32 const
  %2 = sine(freq %0, st %1) : f32 audio
  %3 = const 0.5 : f32 const
  %4 = mul(a %2, b %3) : f32 audio
  stem 0, %4
}
; It prints as it reads:
; IR:      voice ~pad patch "voices.ph" cps 1/2 {
; IR:        %3 = voice.input 0 : f32 audio
; IR:        %5 = voice.input 1 : f32 audio
; IR:        out 0, %4, %6
; IR:      voice.shared ~lfo patch "voices.ph" cps 1/2 {
; IR:        stem 0, %4
; IR-NEXT: }
; The shared graph's descriptor: its own entry points and one stem, no templates or shared
; graph of its own; the main descriptor's last field points at it, a template's is null.
; CHECK-DAG: @phonon_voiceshared_patch = internal {{.*}}constant %phonon_patch_descriptor { i32 7, i32 2, {{.*}}, ptr @phonon_voiceshared_init, ptr @phonon_voiceshared_process, ptr null, i64 0, i32 0, i32 0, i32 {{[0-9]+}}, ptr @phonon_voiceshared_arena_size, i32 0, i32 1, ptr @phonon_voiceshared_stem_names, i32 0, ptr null, ptr null }
; CHECK-DAG: @phonon_voice0_patch = internal {{.*}}constant %phonon_patch_descriptor { i32 7, i32 2, {{.*}}, ptr @phonon_voice0_init, ptr @phonon_voice0_process, {{.*}}, i32 0, ptr null, ptr null }
; CHECK-DAG: @phonon_patch = {{(local_unnamed_addr )?}}constant %phonon_patch_descriptor { i32 7, i32 2, {{.*}}, ptr @phonon_init, ptr @phonon_process, {{.*}}, i32 1, ptr @phonon_voice_templates, ptr @phonon_voiceshared_patch }
; CHECK-DAG: define internal {{.*}}void @phonon_voiceshared_init(
; CHECK-DAG: define internal {{.*}}void @phonon_voiceshared_process(
; The template's kernel loads voice_inputs (field 19 of the block context) once, a channel
; pointer per voice.input, then a sample per iteration:
; CHECK-DAG: %voice.inputs = load ptr, ptr %{{[a-z0-9.]+}}
; CHECK-DAG: %voice.input0 = load ptr, ptr %{{[a-z0-9.]+}}
; CHECK-DAG: %voice.input1 = load ptr, ptr %{{[a-z0-9.]+}}
; CHECK-DAG: getelementptr inbounds float, ptr %voice.input0, i64 %i
; CHECK-DAG: getelementptr inbounds float, ptr %voice.input1, i64 %i
; O0:      [[FIELD:%[0-9]+]] = getelementptr inbounds { i32, i32, ptr, i64, double, double, i32, i32, ptr, ptr, double, ptr, i32, ptr, ptr, i32, ptr, ptr, float, ptr }, ptr %ctx, i32 0, i32 19
; O0-NEXT: %voice.inputs = load ptr, ptr [[FIELD]]
; O0:      %voice.input = load float, ptr
; In the object file only the main patch's symbols are global:
; NM-DAG: D phonon_patch
; NM-DAG: d phonon_voiceshared_patch
; NM-DAG: t phonon_voiceshared_process
; NM-DAG: t phonon_voiceshared_init
; EXTERN-NOT: phonon_voice
