// infer-rates: every value gets the cheapest rate at which it is correct (DESIGN §2): a fixed
// rate where its op has one (const, tempo, pattern, stateful nodes), else the dearest rate of its
// operands. Sema's rates are already right; this lowers what a pass or a hand-written module
// left dearer than needed.
#include "phonon/ir/Ops.h"
#include "phonon/passes/Passes.h"

namespace phonon::passes {

void inferRates(ir::Module& m) {
  for (ir::Instr& in : m.instrs) {
    const ir::OpDef& def = ir::opDef(in);
    if (def.rate) {
      in.rate = *def.rate;
      continue;
    }
    ir::Rate rate = def.stateful() || def.blockBased ? ir::Rate::Audio : ir::Rate::Const;
    for (ir::ValueId op : in.operands) rate = ir::maxRate(rate, m.instrs[op].rate);
    in.rate = rate;
  }
}

} // namespace phonon::passes
