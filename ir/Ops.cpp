#include "phonon/ir/Ops.h"

#include "phonon/nodes/Catalogue.h"

#include <algorithm>
#include <deque>
#include <map>
#include <string>

namespace phonon::ir {

namespace {

constexpr AttrKind kNumber[] = {AttrKind::Number};
constexpr AttrKind kSlot[] = {AttrKind::Slot};
constexpr AttrKind kOutput[] = {AttrKind::OutputIndex};
constexpr AttrKind kPattern[] = {AttrKind::Slot, AttrKind::PatternExpr, AttrKind::Conversion};
constexpr AttrKind kVoices[] = {AttrKind::Slot, AttrKind::SoundPattern};

using enum OperandSyntax;
constexpr std::optional<Type> kF32 = Type::F32, kStereo = Type::Stereo, kAnyType = std::nullopt;
constexpr std::optional<Rate> kConst = Rate::Const, kBlock = Rate::Block, kEvent = Rate::Event,
                              kAudio = Rate::Audio, kInferred = std::nullopt;

// clang-format off
// name, opcode, node, attributes, operand syntax, operands, defines a value, type, rate,
// purity, block-based, cost, doc — in Opcode order.
constexpr OpDef kStructural[] = {
  {"const", Opcode::Const, nullptr, kNumber, None, 0, true, kF32, kConst, Purity::Pure, false, 0,
   "a number known at compile time"},
  {"", Opcode::Node, nullptr, {}, Named, 0, true, kAnyType, kInferred, Purity::Pure, false, 0,
   "a catalogue node (its own row)"},
  {"out", Opcode::Output, nullptr, kOutput, Trailing, 1, false, kAnyType, kInferred,
   Purity::Effect, false, 1, "adds its operand to the main mix; a stereo pair has two, left and right"},
  {"pattern", Opcode::Pattern, nullptr, kPattern, None, 0, true, kF32, kEvent, Purity::Pure,
   false, 0, "the value of a pattern's active event, held between event boundaries"},
  {"voices", Opcode::Voices, nullptr, kVoices, None, 0, true, kAnyType, kAudio, Purity::Stateful,
   false, 1, "the stereo sum of the voices a sound pattern starts, rendered by the runtime; "
   "after split-channels its value is the left channel and `right` reads the right"},
  {"feedback.read", Opcode::FeedbackRead, nullptr, kSlot, None, 0, true, kAnyType, kAudio,
   Purity::Stateful, false, 1, "the value the cell's write stored one sample ago"},
  {"feedback.write", Opcode::FeedbackWrite, nullptr, kSlot, Trailing, 1, false, kAnyType,
   kInferred, Purity::Effect, false, 1, "stores its operand for the cell's read"},
  {"tempo", Opcode::Tempo, nullptr, {}, None, 0, true, kF32, kBlock, Purity::Pure, false, 0,
   "the block's tempo in cycles per second"},
  {"bus", Opcode::Bus, nullptr, {}, Trailing, 1, true, kAnyType, kInferred, Purity::Pure, false,
   0, "a bus: its operand under the bus's name"},
  {"sum", Opcode::Sum, nullptr, {}, Trailing, 2, true, kF32, kInferred, Purity::Pure, false, 1,
   "the sum of two or more operands: per chunk of 32 (64 from 256 operands), operand k into "
   "partial k mod 8, partials in order; then the chunks in order"},
  {"right", Opcode::Right, nullptr, {}, Trailing, 1, true, kF32, kAudio, Purity::Pure, false, 0,
   "the right output of a two-output node (the node's own value is its left)"},
  // Cost 0: a host that asks for the main mix only skips the stems' stores.
  {"stem", Opcode::Stem, nullptr, kOutput, Trailing, 1, false, kAnyType, kInferred,
   Purity::Effect, false, 0, "writes its operand to the stem of output N (0 = out, N = outN); a stereo pair has two"},
  {"voice.pitch", Opcode::VoicePitch, nullptr, {}, None, 0, true, kF32, kBlock, Purity::Pure,
   false, 0, "a bus voice's pitch ratio 2^(note/12), in a voice template's graph only"},
  {"voice.input", Opcode::VoiceInput, nullptr, kSlot, None, 0, true, kF32, kAudio, Purity::Pure,
   false, 1, "channel N of the shared buses a voice template's graph reads (stem N/2 of the "
   "module's voice.shared graph, channel N mod 2), in a voice template's graph only"},
};
// clang-format on

constexpr bool inOpcodeOrder() {
  for (size_t i = 0; i < std::size(kStructural); ++i)
    if (static_cast<size_t>(kStructural[i].opcode) != i) return false;
  return std::size(kStructural) == static_cast<size_t>(Opcode::VoiceInput) + 1;
}
static_assert(inOpcodeOrder(), "kStructural must list every Opcode, in order");

Purity purityOf(const nodes::NodeInfo& n) {
  if (n.has(nodes::NodeRandom)) return Purity::Random;
  if (n.has(nodes::NodeStateful)) return Purity::Stateful;
  return Purity::Pure;
}

/// One row per catalogue node, made once; keyed by name, not address, because a module may
/// come from another copy of the catalogue (the JIT library links its own).
const std::map<std::string_view, OpDef>& nodeRows() {
  static const std::map<std::string_view, OpDef> rows = [] {
    std::map<std::string_view, OpDef> r;
    for (const nodes::NodeInfo& n : nodes::catalogue())
      r.emplace(n.name, OpDef{n.name,
                              Opcode::Node,
                              &n,
                              {},
                              Named,
                              n.numPorts,
                              true,
                              kAnyType,
                              n.has(nodes::NodeStateful) ? kAudio : kInferred,
                              purityOf(n),
                              n.latency > 0, // a block node (nodes/Block.h)
                              n.cost,
                              n.doc});
    return r;
  }();
  return rows;
}

} // namespace

std::span<const OpDef> structuralOps() {
  return kStructural;
}

const OpDef& opDef(const Instr& in) {
  if (in.op == Opcode::Node && in.node) return nodeRows().at(in.node->name);
  return kStructural[static_cast<size_t>(in.op)];
}

const OpDef* findOpDef(std::string_view name) {
  for (const OpDef& d : kStructural)
    if (!d.name.empty() && d.name == name) return &d;
  if (const nodes::NodeInfo* n = nodes::findNodeExact(name)) return &nodeRows().at(n->name);
  return nullptr;
}

bool operandTakesStereo(const Instr& in, size_t i) {
  switch (in.op) {
  case Opcode::Output:
  case Opcode::Stem:
  case Opcode::FeedbackWrite:
  case Opcode::Bus:
    return true;
  case Opcode::Node:
    return in.node &&
           (in.node->ports[std::min<size_t>(i, in.node->numPorts - 1)].flags & nodes::PortSignal);
  default:
    return false;
  }
}

std::string portName(const Instr& in, size_t i) {
  // A variadic node's extra operands are named after its last port: `b`, `b2`, `b3` …
  size_t port = std::min<size_t>(i, in.node->numPorts - 1);
  std::string name = in.node->ports[port].name;
  if (i > port) name += std::to_string(i - port + 1);
  return name;
}

} // namespace phonon::ir
