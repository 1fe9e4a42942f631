// inline-buses: a bus is a name, not a node (DESIGN §6). Every use of a `bus` instruction reads
// its value directly; the value takes the bus's name when it has none, so the IR and the
// generated code still say where it came from.
#include "phonon/passes/Passes.h"
#include "phonon/passes/Rewrite.h"

namespace phonon::passes {

void inlineBuses(ir::Module& m) {
  replaceInstructions(m, [&](ir::ValueId id) -> std::optional<ir::ValueId> {
    ir::Instr& in = m.instrs[id];
    if (in.op != ir::Opcode::Bus) return std::nullopt;
    ir::ValueId value = in.operands[0]; // already past any bus it named
    if (m.instrs[value].name.empty()) m.instrs[value].name = std::move(in.name);
    return value;
  });
}

} // namespace phonon::passes
