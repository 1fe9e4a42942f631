// fold-constants: a stateless node whose operands are all constants is evaluated at compile
// time with the same native kernel the interpreter runs, so folding never changes a result.
#include "phonon/passes/Passes.h"

#include <cmath>
#include <optional>

namespace phonon::passes {

namespace {

const nodes::Env kFoldEnv{48000.0f, 1.0f / 48000.0f, 0.0}; // stateless kernels do not read it

/// A node the compiler may evaluate once: stateless, with a tick of its own and one mono output
/// (the channel nodes and stereo values wait for split-channels).
bool isFoldable(const ir::Instr& instr) {
  return instr.op == ir::Opcode::Node && instr.node->tick && instr.type == ir::Type::F32 &&
         instr.node->stateSize == 0 && !instr.node->has(nodes::NodeStateful) &&
         instr.node->numOutputs == 1;
}

} // namespace

std::vector<NonFiniteConstant> findNonFiniteConstants(const ir::Module& m) {
  std::vector<NonFiniteConstant> found;
  std::vector<std::optional<float>> known(m.instrs.size());
  std::vector<float> in;
  for (size_t i = 0; i < m.instrs.size(); ++i) {
    const ir::Instr& instr = m.instrs[i];
    if (instr.op == ir::Opcode::Const) {
      known[i] = instr.value;
      if (!std::isfinite(instr.value))
        found.push_back({static_cast<ir::ValueId>(i), instr.value, {}});
      continue;
    }
    if (instr.op == ir::Opcode::Bus && known[instr.operands[0]]) {
      known[i] = known[instr.operands[0]];
      continue;
    }
    if (!isFoldable(instr)) continue;
    in.clear();
    bool finiteOperands = true;
    for (ir::ValueId op : instr.operands) {
      if (!known[op]) break;
      in.push_back(*known[op]);
      finiteOperands = finiteOperands && std::isfinite(*known[op]);
    }
    if (in.size() != instr.operands.size()) continue;
    float out = 0.0f;
    instr.node->tick(nullptr, in.data(), &out, &kFoldEnv);
    known[i] = out;
    if (!std::isfinite(out) && finiteOperands)
      found.push_back({static_cast<ir::ValueId>(i), out, in});
  }
  return found;
}

void foldConstants(ir::Module& m) {
  const nodes::Env& env = kFoldEnv;
  std::vector<float> in;
  for (ir::Instr& instr : m.instrs) {
    if (!isFoldable(instr)) continue;
    bool allConst = true;
    in.clear();
    for (ir::ValueId op : instr.operands) {
      if (m[op].op != ir::Opcode::Const) {
        allConst = false;
        break;
      }
      in.push_back(m[op].value);
    }
    if (!allConst) continue;
    float out = 0.0f;
    instr.node->tick(nullptr, in.data(), &out, &env);
    instr.op = ir::Opcode::Const;
    instr.node = nullptr;
    instr.operands.clear();
    instr.value = out;
    instr.rate = ir::Rate::Const;
    instr.seed = 0;
  }
}

} // namespace phonon::passes
