-- RUN: phononc %s --emit=llvm -O0 | FileCheck %s
-- RUN: phononc %s --emit=llvm -O3 | FileCheck %s --check-prefix=O3
-- One process function for the whole patch, running its kernels,, with the descriptor of patch_abi.h.
~lfo: sine 0.5 * 400 + 600
out: saw 110 # lpf ~lfo 2 * 0.3
-- CHECK:     @phonon_patch = constant %phonon_patch_descriptor { i32 4, i32 2,
-- CHECK:     define void @phonon_init(
-- At -O0 every instruction is a kernel (a loop) of its own, and node ticks are calls:
-- CHECK:     define internal void @phonon_kernel_0(
-- CHECK:     call void @phn_{{[a-z]+}}_tick(
-- CHECK:     define internal void @phonon_kernel_1(
-- CHECK:     define void @phonon_process(
-- CHECK:     call void @phonon_kernel_0(
-- CHECK:     call void @phonon_kernel_1(
-- CHECK-NOT: define void @phonon_process(
-- At -O3 every kernel is inlined into the sample loop: no node call survives (DESIGN §4).
-- O3:     define void @phonon_process(
-- O3-NOT: call {{.*}}@phn_
-- O3:     llvm.tan.f32
