// inline-buses: a bus is a name, not a node (DESIGN §6). Every use of a `bus` instruction reads
// its value directly; the value takes the bus's name when it has none, so the IR and the
// generated code still say where it came from.
#include "phonon/passes/Passes.h"

namespace phonon::passes {

void inlineBuses(ir::Module& m) {
  const size_t n = m.instrs.size();
  std::vector<ir::ValueId> target(n);
  std::vector<bool> keep(n, true);
  for (ir::ValueId id = 0; id < n; ++id) {
    ir::Instr& in = m.instrs[id];
    target[id] = id;
    for (ir::ValueId& op : in.operands) op = target[op];
    if (in.op != ir::Opcode::Bus) continue;
    ir::ValueId value = in.operands[0]; // already past any bus it named
    target[id] = value;
    keep[id] = false;
    if (m.instrs[value].name.empty()) m.instrs[value].name = std::move(in.name);
  }
  ir::compact(m, keep);
}

} // namespace phonon::passes
