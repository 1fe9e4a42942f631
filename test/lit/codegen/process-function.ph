-- RUN: phononc %s --emit=llvm -O0 | FileCheck %s
-- RUN: phononc %s --emit=llvm -O3 | FileCheck %s --check-prefix=O3
-- One process function for the whole patch, with the descriptor of patch_abi.h.
~lfo: sine 0.5 * 400 + 600
out: saw 110 # lpf ~lfo 2 * 0.3
-- CHECK:     @phonon_patch = constant %phonon_patch_descriptor { i32 3, i32 2,
-- CHECK:     define void @phonon_init(
-- CHECK:     define void @phonon_process(
-- CHECK-NOT: define void @phonon_process(
-- At -O0 the kernels are calls:
-- CHECK:     call void @phn_lpf_tick(
-- At -O3 every kernel is inlined into the sample loop: no node call survives (DESIGN §4).
-- O3:     define void @phonon_process(
-- O3-NOT: call {{.*}}@phn_
-- O3:     llvm.tan.f32
