#include "phonon/ir/Module.h"

#include <algorithm>

namespace phonon::ir {

std::string_view typeName(Type t) {
  switch (t) {
  case Type::F32:
    return "f32";
  case Type::Stereo:
    return "stereo";
  }
  return "?";
}

std::string_view rateName(Rate r) {
  switch (r) {
  case Rate::Const:
    return "const";
  case Rate::Block:
    return "block";
  case Rate::Event:
    return "event";
  case Rate::Audio:
    return "audio";
  }
  return "?";
}

Rate maxRate(Rate a, Rate b) {
  return a > b ? a : b;
}

ValueId Module::addConst(float value, SourceRange loc, bool hasLoc) {
  Instr c;
  c.op = Opcode::Const;
  c.rate = Rate::Const;
  c.value = value;
  c.loc = loc;
  c.hasLoc = hasLoc;
  return add(std::move(c));
}

std::vector<uint32_t> bankLanes(const Module& m) {
  const std::vector<Kernel>& kernels = m.schedule.kernels;
  std::vector<uint32_t> lane(m.instrs.size(), 0);
  std::vector<std::vector<ValueId>> members(kernels.size());
  for (ValueId id = 0; id < m.instrs.size(); ++id)
    if (m.instrs[id].kernel < kernels.size()) members[m.instrs[id].kernel].push_back(id);
  for (uint32_t k = 0; k < kernels.size(); ++k)
    if (kernels[k].lanes > 1 && members[k].size() >= kernels[k].lanes)
      for (size_t i = 0; i < members[k].size(); ++i)
        lane[members[k][i]] = static_cast<uint32_t>(i / (members[k].size() / kernels[k].lanes));
  return lane;
}

void compact(Module& m, const std::vector<bool>& keep) {
  std::vector<ValueId> newId(m.instrs.size(), UINT32_MAX);
  std::vector<Instr> kept;
  kept.reserve(m.instrs.size());
  for (ValueId i = 0; i < m.instrs.size(); ++i) {
    if (!keep[i]) continue;
    newId[i] = static_cast<ValueId>(kept.size());
    kept.push_back(std::move(m.instrs[i]));
  }
  for (Instr& in : kept)
    for (ValueId& op : in.operands) op = newId[op];
  m.instrs = std::move(kept);
  for (Kernel& k : m.schedule.kernels)
    for (std::vector<BufferUse>* uses : {&k.reads, &k.writes}) {
      std::erase_if(*uses, [&](const BufferUse& u) { return newId[u.value] == UINT32_MAX; });
      for (BufferUse& u : *uses) u.value = newId[u.value];
    }
}

StateLayout layoutState(const Module& m) {
  StateLayout layout;
  layout.offsets.assign(m.instrs.size(), 0);
  uint64_t offset = sizeof(nodes::Env);
  for (ValueId i = 0; i < m.instrs.size(); ++i) {
    const Instr& in = m.instrs[i];
    if (in.op != Opcode::Node || in.node->stateSize == 0) continue;
    uint64_t a = in.node->stateAlign;
    offset = (offset + a - 1) / a * a;
    layout.offsets[i] = offset;
    offset += in.node->stateSize;
    layout.align = std::max<uint64_t>(layout.align, a);
  }
  offset = (offset + 3) / 4 * 4;
  layout.feedbackOffset = offset;
  offset += 4ull * m.feedbackCells;
  layout.size = (offset + layout.align - 1) / layout.align * layout.align;
  return layout;
}

std::vector<nodes::ConstArg> constArgs(const Module& m, ValueId id) {
  const Instr& in = m.instrs[id];
  std::vector<nodes::ConstArg> args(in.operands.size(), nodes::ConstArg{nullptr, 0});
  bool any = false;
  for (size_t p = 0; p < in.operands.size(); ++p) {
    const nodes::PortInfo& port = in.node->ports[std::min<size_t>(p, in.node->numPorts - 1)];
    const Instr& operand = m.instrs[in.operands[p]];
    if (!(port.flags & nodes::PortConstant) || operand.op != Opcode::Const) continue;
    args[p] = operand.items.empty() ? nodes::ConstArg{&operand.value, 1}
                                    : nodes::ConstArg{operand.items.data(),
                                                      static_cast<uint32_t>(operand.items.size())};
    any = true;
  }
  if (!any) args.clear();
  return args;
}

ArenaLayout layoutArena(const Module& m, const nodes::Env& env) {
  ArenaLayout layout;
  layout.offsets.assign(m.instrs.size(), 0);
  layout.sizes.assign(m.instrs.size(), 0);
  for (ValueId i = 0; i < m.instrs.size(); ++i) {
    const Instr& in = m.instrs[i];
    if (in.op != Opcode::Node || !in.node->arena) continue;
    std::vector<nodes::ConstArg> args = constArgs(m, i);
    nodes::InitArgs init{args.data(), static_cast<uint32_t>(args.size()), nullptr, 0};
    layout.offsets[i] = layout.size;
    layout.sizes[i] = in.node->arena(&env, &init);
    layout.size += nodes::arenaRoundUp(layout.sizes[i]);
  }
  return layout;
}

} // namespace phonon::ir
