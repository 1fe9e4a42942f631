// cse: identical pure instructions — the same op, attributes and operands — are computed once
// (DESIGN §6). What the op table marks stateful (oscillators, filters, noise, feedback) is
// never merged: two `sine 440` are two oscillators, each with its own state and identity.
#include "phonon/ir/Ops.h"
#include "phonon/passes/Passes.h"
#include "phonon/passes/Rewrite.h"

#include <bit>
#include <map>
#include <tuple>

namespace phonon::passes {

void eliminateCommonSubexpressions(ir::Module& m) {
  using Key = std::tuple<ir::Opcode, const nodes::NodeInfo*, ir::Type, uint32_t, uint32_t,
                         std::vector<ir::ValueId>, std::vector<uint32_t>, std::string, bool>;
  std::map<Key, ir::ValueId> seen;
  replaceInstructions(m, [&](ir::ValueId id) -> std::optional<ir::ValueId> {
    ir::Instr& in = m.instrs[id];
    const ir::OpDef& def = ir::opDef(in);
    // A bus keeps its name; inline-buses is the pass that folds it away.
    if (def.purity != ir::Purity::Pure || !in.definesValue() || in.op == ir::Opcode::Bus)
      return std::nullopt;
    std::vector<uint32_t> items; // a constant list's items, by their bits
    for (float v : in.items) items.push_back(std::bit_cast<uint32_t>(v));
    Key key{in.op,        in.node,     in.type,          std::bit_cast<uint32_t>(in.value),
            in.slot,      in.operands, std::move(items), in.file,
            in.outputFile};
    auto [it, fresh] = seen.try_emplace(std::move(key), id);
    if (fresh) return std::nullopt;
    ir::Instr& first = m.instrs[it->second];
    if (first.rate != in.rate) return std::nullopt; // a hand-written module may disagree
    if (first.name.empty()) first.name = std::move(in.name);
    return it->second;
  });
}

} // namespace phonon::passes
