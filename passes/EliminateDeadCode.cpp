// dce: values that reach no output (or feedback cell) are removed.
#include "phonon/passes/Passes.h"

namespace phonon::passes {

void eliminateDeadCode(ir::Module& m) {
  std::vector<bool> live(m.instrs.size(), false);
  // Operands precede their users, so one backward sweep finds everything an output reads.
  for (size_t i = m.instrs.size(); i-- > 0;) {
    if (m.instrs[i].op == ir::Opcode::Output || m.instrs[i].op == ir::Opcode::FeedbackWrite)
      live[i] = true;
    if (!live[i]) continue;
    for (ir::ValueId op : m.instrs[i].operands) live[op] = true;
  }
  ir::compact(m, live);
}

} // namespace phonon::passes
