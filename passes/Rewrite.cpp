#include "phonon/passes/Rewrite.h"

namespace phonon::passes {

void replaceInstructions(
    ir::Module& m, const std::function<std::optional<ir::ValueId>(ir::ValueId)>& replacement) {
  const size_t n = m.instrs.size();
  std::vector<ir::ValueId> target(n);
  std::vector<bool> keep(n, true);
  for (ir::ValueId id = 0; id < n; ++id) {
    target[id] = id;
    for (ir::ValueId& op : m.instrs[id].operands) op = target[op];
    if (std::optional<ir::ValueId> v = replacement(id)) {
      target[id] = *v;
      keep[id] = false;
    }
  }
  ir::compact(m, keep);
}

} // namespace phonon::passes
