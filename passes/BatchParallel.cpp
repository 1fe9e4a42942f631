// batch-parallel: kernels are grouped into dependency levels — a kernel's batch is one after
// the latest batch it reads — so the kernels of a batch can run at once on the thread pool
// (DESIGN §6). A task is a whole kernel; a batch is marked parallel only when it has several
// kernels and enough work to pay for waking the pool.
#include "phonon/passes/Passes.h"
#include "phonon/passes/Schedule.h"

#include <algorithm>

namespace phonon::passes {

namespace {
/// Per-sample cost (in multiplies) below which a batch runs on the calling thread: waking the
/// workers costs a few microseconds, a 512-sample block of this much work about as much.
constexpr float kParallelCost = 256;
} // namespace

void batchParallel(ir::Module& m) {
  if (m.schedule.kernels.empty()) formKernels(m, false);
  ir::Schedule& s = m.schedule;
  const size_t kernels = s.kernels.size();
  std::vector<uint32_t> level(kernels, 0);
  for (const ir::Instr& in : m.instrs) {
    if (in.kernel == ir::kNone) continue;
    for (ir::ValueId op : in.operands) {
      uint32_t from = m.instrs[op].kernel;
      if (from != ir::kNone && from != in.kernel)
        level[in.kernel] = std::max(level[in.kernel], level[from] + 1);
    }
  }
  // Kernels in batch order (stable within a level), members kept together.
  std::vector<uint32_t> byLevel(kernels);
  for (uint32_t k = 0; k < kernels; ++k) byLevel[k] = k;
  std::sort(byLevel.begin(), byLevel.end(), [&](uint32_t a, uint32_t b) {
    return level[a] != level[b] ? level[a] < level[b] : a < b;
  });
  std::vector<uint32_t> renumber(kernels);
  for (uint32_t i = 0; i < kernels; ++i) renumber[byLevel[i]] = i;
  std::vector<std::vector<ir::ValueId>> members(kernels);
  std::vector<ir::ValueId> order;
  for (ir::ValueId id = 0; id < m.instrs.size(); ++id) {
    ir::Instr& in = m.instrs[id];
    if (in.kernel == ir::kNone) {
      order.push_back(id);
      continue;
    }
    in.kernel = renumber[in.kernel];
    members[in.kernel].push_back(id);
  }
  for (const std::vector<ir::ValueId>& ids : members)
    order.insert(order.end(), ids.begin(), ids.end());
  std::vector<ir::Kernel> old = std::move(s.kernels);
  s.kernels.assign(kernels, {});
  for (uint32_t k = 0; k < kernels; ++k) s.kernels[renumber[k]] = std::move(old[k]);
  s.batches.clear();
  s.buffersAllocated = false; // the liveness of buffers follows the batches
  s.buffers = 0;
  for (ir::Kernel& k : s.kernels) k.reads.clear(), k.writes.clear();
  for (uint32_t i = 0; i < kernels; ++i) {
    uint32_t l = level[byLevel[i]];
    if (s.batches.size() <= l) s.batches.resize(l + 1);
    s.batches[l].kernels.push_back(i);
  }
  reorder(m, order);
  updateCosts(m);
  for (ir::Batch& b : s.batches) b.parallel = b.kernels.size() > 1 && b.cost >= kParallelCost;
}

} // namespace phonon::passes
