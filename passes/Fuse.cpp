// fuse: maximal chains of per-sample instructions become one kernel — one loop over the
// block, no buffers inside (DESIGN §6). A chain continues through a value used only by the
// next instruction; at a join it continues the biggest chain, so the other branches are kernels
// of their own that batch-parallel can run at once. Kernels end at fan-out (a value several
// instructions read goes through a buffer) and at block-based ops (voices); a feedback loop is
// one kernel, and the outputs are summed in one. A chain is also cut where it would pass
// kMaxKernelCost, so LLVM's work per kernel function stays bounded. See Schedule.cpp.
#include "phonon/passes/Passes.h"
#include "phonon/passes/Schedule.h"

namespace phonon::passes {

void fuse(ir::Module& m) {
  formKernels(m, true);
}

} // namespace phonon::passes
