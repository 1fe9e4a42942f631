#include "phonon/ir/Module.h"

#include <algorithm>
#include <set>

namespace phonon::ir {

std::vector<std::string> verify(const Module& m) {
  std::vector<std::string> problems;
  auto fail = [&](ValueId id, const std::string& what) {
    problems.push_back("%" + std::to_string(id) + ": " + what);
  };
  std::set<std::string> names;
  std::set<uint32_t> written; // feedback cells
  std::set<uint32_t> read;
  if (m.cps <= Rational(0)) problems.push_back("cps must be positive, is " + m.cps.toString());
  for (ValueId id = 0; id < m.instrs.size(); ++id) {
    const Instr& in = m.instrs[id];
    Rate operandRate = Rate::Const;
    for (size_t i = 0; i < in.operands.size(); ++i) {
      ValueId op = in.operands[i];
      if (op >= id) {
        fail(id, "operand %" + std::to_string(op) + " is not defined before its use");
        continue;
      }
      if (!m.instrs[op].definesValue()) {
        fail(id, "operand %" + std::to_string(op) + " defines no value");
        continue;
      }
      // A stereo value may be a signal input or an output; parameters are mono.
      bool stereoAllowed =
          in.op == Opcode::Output || in.op == Opcode::FeedbackWrite ||
          (in.op == Opcode::Node && in.node &&
           (in.node->ports[std::min<size_t>(i, in.node->numPorts - 1)].flags & nodes::PortSignal));
      if (m.instrs[op].type != Type::F32 && !stereoAllowed)
        fail(id, "operand %" + std::to_string(op) + " is stereo; this port takes mono");
      operandRate = maxRate(operandRate, m.instrs[op].rate);
    }
    if (!in.name.empty() && !names.insert(in.name).second)
      fail(id, "name %" + in.name + " is defined twice");
    switch (in.op) {
    case Opcode::Const:
      if (!in.operands.empty()) fail(id, "const takes no operands");
      if (in.rate != Rate::Const) fail(id, "const must have rate const");
      break;
    case Opcode::Node:
      if (!in.node) {
        fail(id, "node instruction without a node");
        break;
      }
      if (in.node->variadic() ? in.operands.size() < in.node->numPorts
                              : in.operands.size() != in.node->numPorts)
        fail(id, std::string(in.node->name) + " takes " + std::to_string(in.node->numPorts) +
                     " operands, has " + std::to_string(in.operands.size()));
      if (in.node->has(nodes::NodeStateful) && in.rate != Rate::Audio)
        fail(id, std::string(in.node->name) + " is stateful and must have rate audio");
      if (in.rate < operandRate)
        fail(id, "rate " + std::string(rateName(in.rate)) + " is cheaper than its operands' " +
                     std::string(rateName(operandRate)));
      break;
    case Opcode::Pattern:
      if (!in.operands.empty()) fail(id, "pattern takes no operands");
      if (in.slot >= m.patterns.patterns.size())
        fail(id, "pattern slot " + std::to_string(in.slot) + " is not in the program");
      if (in.rate != Rate::Event) fail(id, "pattern must have rate event");
      break;
    case Opcode::Voices:
      if (!in.operands.empty()) fail(id, "voices takes no operands");
      if (in.slot >= m.voices.size())
        fail(id, "voices slot " + std::to_string(in.slot) + " is not in the module");
      if (in.rate != Rate::Audio) fail(id, "voices must have rate audio");
      break;
    case Opcode::FeedbackRead:
      if (!in.operands.empty()) fail(id, "feedback.read takes no operands");
      if (in.slot >= m.feedbackCells)
        fail(id, "feedback cell " + std::to_string(in.slot) + " is not in the module");
      if (in.rate != Rate::Audio) fail(id, "feedback.read must have rate audio");
      if (!written.empty()) fail(id, "feedback.read after a feedback.write");
      read.insert(in.slot);
      break;
    case Opcode::FeedbackWrite:
      if (in.operands.size() != 1) fail(id, "feedback.write takes one operand");
      if (in.slot >= m.feedbackCells)
        fail(id, "feedback cell " + std::to_string(in.slot) + " is not in the module");
      else if (!written.insert(in.slot).second)
        fail(id, "feedback cell " + std::to_string(in.slot) + " is written twice");
      break;
    case Opcode::Tempo:
      if (!in.operands.empty()) fail(id, "tempo takes no operands");
      if (in.rate != Rate::Block) fail(id, "tempo must have rate block");
      break;
    case Opcode::Output:
      if (in.operands.size() != 1) fail(id, "out takes one operand");
      if (in.outputIndex > 99) fail(id, "output index above 99");
      break;
    }
  }
  for (uint32_t cell : read)
    if (!written.count(cell))
      problems.push_back("feedback cell " + std::to_string(cell) + " is read but never written");
  return problems;
}

std::vector<Unavailable> unavailable(const Module& m) {
  std::vector<Unavailable> out;
  for (ValueId id = 0; id < m.instrs.size(); ++id) {
    const Instr& in = m.instrs[id];
    if (in.op == Opcode::Node && !in.node->hasKernel())
      out.push_back({id, "`" + std::string(in.node->name) +
                             "` is not available yet: its kernel is not written"});
    else if (in.op == Opcode::Voices)
      out.push_back({id, "sound patterns (samples and voices) are not available yet"});
  }
  return out;
}

} // namespace phonon::ir
