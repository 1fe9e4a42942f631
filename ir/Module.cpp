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

std::vector<uint32_t> Module::stems() const {
  std::vector<uint32_t> out;
  for (const Instr& in : instrs)
    if (in.op == Opcode::Stem) out.push_back(in.outputIndex);
  return out;
}

std::string outputName(uint32_t index) {
  return index == 0 ? "out" : "out" + std::to_string(index);
}

namespace {

std::vector<ValueId> membersOf(const Module& m, uint32_t k) {
  std::vector<ValueId> members;
  for (ValueId id = 0; id < m.instrs.size(); ++id)
    if (m.instrs[id].kernel == k) members.push_back(id);
  return members;
}

/// The Sum ending a bank's members: one operand per lane, each its lane's value.
ValueId sumOfBank(const Module& m, const Kernel& kernel, const std::vector<ValueId>& members) {
  if (kernel.lanes < 2 || members.size() < kernel.lanes + 1) return kNone;
  const Instr& last = m.instrs[members.back()];
  if (last.op != Opcode::Sum || last.operands.size() != kernel.lanes ||
      (members.size() - 1) % kernel.lanes != 0)
    return kNone;
  return members.back();
}

} // namespace

ValueId bankSum(const Module& m, uint32_t k) {
  if (k >= m.schedule.kernels.size() || m.schedule.kernels[k].lanes < 2) return kNone;
  return sumOfBank(m, m.schedule.kernels[k], membersOf(m, k));
}

bool laneContiguous(const Module& m, uint32_t k) {
  if (k >= m.schedule.kernels.size() || m.schedule.kernels[k].lanes < 2) return false;
  const Kernel& kernel = m.schedule.kernels[k];
  std::vector<ValueId> members = membersOf(m, k);
  if (sumOfBank(m, kernel, members) != kNone) members.pop_back();
  if (members.empty() || members.size() % kernel.lanes != 0) return false;
  for (ValueId id : members) {
    const Instr& in = m.instrs[id];
    if (in.type != Type::F32) return false;
    if (in.op == Opcode::Bus) continue;
    if (in.op != Opcode::Node) return false;
    // A lane's words are gathered into a struct aligned for its state (a double, say) and
    // ticked there; 8 is as far as the engines' scratch structs are aligned.
    if (in.node->stateSize % 4 != 0 || in.node->stateAlign > kMaxLaneStateAlign) return false;
    // The lanes' inits run as one loop, each lane given its arena slice but no constant
    // arguments. A node with an arena banks only where that was measured faster
    // (NodeArenaBanks; vectorize-across-nodes keeps the others out of banks).
    if (in.node->arena && !in.node->has(nodes::NodeArenaBanks)) return false;
    for (unsigned p = 0; p < in.node->numPorts; ++p)
      if (in.node->ports[p].flags & (nodes::PortConstant | nodes::PortList | nodes::PortFile))
        return false;
  }
  return true;
}

std::vector<uint32_t> bankLanes(const Module& m) {
  const std::vector<Kernel>& kernels = m.schedule.kernels;
  std::vector<uint32_t> lane(m.instrs.size(), 0);
  std::vector<std::vector<ValueId>> members(kernels.size());
  for (ValueId id = 0; id < m.instrs.size(); ++id)
    if (m.instrs[id].kernel < kernels.size()) members[m.instrs[id].kernel].push_back(id);
  for (uint32_t k = 0; k < kernels.size(); ++k) {
    std::vector<ValueId>& ids = members[k];
    if (sumOfBank(m, kernels[k], ids) != kNone) {
      lane[ids.back()] = kernels[k].lanes;
      ids.pop_back();
    }
    if (kernels[k].lanes > 1 && ids.size() >= kernels[k].lanes)
      for (size_t i = 0; i < ids.size(); ++i)
        lane[ids[i]] = static_cast<uint32_t>(i / (ids.size() / kernels[k].lanes));
  }
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
  layout.wordStride.assign(m.instrs.size(), 0);
  uint64_t offset = sizeof(nodes::Env);
  // A lane-contiguous bank: member j's word w of lane l at base_j + (w * padded + l) * 4, where
  // padded is the lane count rounded up to kLaneCacheLine, so a group of lanes loads each field
  // as one vector. Every row of a word starts on a cache line, so the threads that run a
  // bank's lanes split at multiples of kLaneCacheLine never write the same line: the state
  // words are stored every sample, and a shared line would travel between the cores each time.
  std::vector<bool> placed(m.instrs.size(), false);
  std::vector<std::vector<ValueId>> members(m.schedule.kernels.size());
  for (ValueId id = 0; id < m.instrs.size(); ++id)
    if (m.instrs[id].kernel < members.size()) members[m.instrs[id].kernel].push_back(id);
  constexpr uint64_t kRowAlign = 4 * kLaneCacheLine;
  for (uint32_t k = 0; k < members.size(); ++k) {
    if (!laneContiguous(m, k)) continue;
    const uint64_t lanes = m.schedule.kernels[k].lanes;
    std::vector<ValueId>& ids = members[k];
    if (bankSum(m, k) != kNone) ids.pop_back();
    const size_t width = ids.size() / lanes;
    const uint64_t padded = (lanes + kLaneCacheLine - 1) / kLaneCacheLine * kLaneCacheLine;
    for (size_t j = 0; j < width; ++j) {
      const Instr& first = m.instrs[ids[j]];
      if (first.op != Opcode::Node || first.node->stateSize == 0) continue;
      offset = (offset + kRowAlign - 1) / kRowAlign * kRowAlign;
      for (uint64_t lane = 0; lane < lanes; ++lane) {
        ValueId id = ids[lane * width + j];
        layout.offsets[id] = offset + 4 * lane;
        layout.wordStride[id] = 4 * padded;
        placed[id] = true;
      }
      offset += first.node->stateSize * padded;
      layout.align = std::max<uint64_t>(layout.align, kRowAlign);
    }
  }
  for (ValueId i = 0; i < m.instrs.size(); ++i) {
    const Instr& in = m.instrs[i];
    if (in.op != Opcode::Node || in.node->stateSize == 0 || placed[i]) continue;
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

namespace {

/// The file consts in slot order, each (name, output) once: a sample and an output file of the
/// same name are two slots.
std::vector<const Instr*> fileConsts(const Module& m) {
  std::vector<const Instr*> slots;
  for (const Instr& in : m.instrs) {
    if (in.op != Opcode::Const || in.file.empty()) continue;
    bool seen = std::any_of(slots.begin(), slots.end(), [&](const Instr* s) {
      return s->file == in.file && s->outputFile == in.outputFile;
    });
    if (!seen) slots.push_back(&in);
  }
  return slots;
}

} // namespace

std::vector<std::string> fileNames(const Module& m) {
  std::vector<std::string> names;
  for (const Instr* in : fileConsts(m)) names.push_back(in->file);
  return names;
}

std::vector<pattern::FileSlot> fileTable(const Module& m) {
  std::vector<const Instr*> consts = fileConsts(m);
  std::vector<pattern::FileSlot> table;
  for (const Instr* in : consts) table.push_back({in->file, 0, 0.0f});
  std::vector<uint32_t> slots = fileSlots(m);
  for (const Instr& in : m.instrs) {
    if (in.op != Opcode::Node || !in.node) continue;
    for (size_t p = 0; p + 1 < in.operands.size() && p + 1 < in.node->numPorts; ++p) {
      if (!(in.node->ports[p].flags & nodes::PortOutputFile)) continue;
      // The verifier checks the shape: an output file const here, a constant after it.
      uint32_t slot = slots[in.operands[p]];
      const Instr& seconds = m.instrs[in.operands[p + 1]];
      if (slot == kNone || !m.instrs[in.operands[p]].outputFile || seconds.op != Opcode::Const)
        continue;
      table[slot].channels = in.node->numOutputs == 2 || in.type == Type::Stereo ? 2 : 1;
      table[slot].seconds = seconds.value;
    }
  }
  return table;
}

std::vector<uint32_t> fileSlots(const Module& m) {
  std::vector<const Instr*> consts = fileConsts(m);
  std::vector<uint32_t> slots(m.instrs.size(), kNone);
  for (size_t i = 0; i < m.instrs.size(); ++i) {
    const Instr& in = m.instrs[i];
    if (in.op != Opcode::Const || in.file.empty()) continue;
    for (size_t k = 0; k < consts.size(); ++k)
      if (consts[k]->file == in.file && consts[k]->outputFile == in.outputFile)
        slots[i] = static_cast<uint32_t>(k);
  }
  return slots;
}

std::vector<nodes::ConstArg> constArgs(const Module& m, ValueId id,
                                       const std::vector<nodes::ConstArg>& files) {
  const Instr& in = m.instrs[id];
  std::vector<nodes::ConstArg> args(in.operands.size(), nodes::ConstArg{nullptr, 0});
  bool any = false;
  std::vector<uint32_t> slots;
  for (size_t p = 0; p < in.operands.size(); ++p) {
    const nodes::PortInfo& port = in.node->ports[std::min<size_t>(p, in.node->numPorts - 1)];
    const Instr& operand = m.instrs[in.operands[p]];
    if ((port.flags & nodes::PortFile) && operand.op == Opcode::Const) {
      // The loaded samples; none for `""` (the node's own default) or before loading.
      any = true;
      if (operand.file.empty()) continue;
      if (slots.empty()) slots = fileSlots(m);
      uint32_t slot = slots[in.operands[p]];
      if (slot < files.size()) args[p] = files[slot];
      continue;
    }
    if (!(port.flags & nodes::PortConstant) || operand.op != Opcode::Const) continue;
    args[p] = operand.items.empty() ? nodes::ConstArg{&operand.value, 1}
                                    : nodes::ConstArg{operand.items.data(),
                                                      static_cast<uint32_t>(operand.items.size())};
    any = true;
  }
  if (!any) args.clear();
  return args;
}

ArenaLayout layoutArena(const Module& m, const nodes::Env& env,
                        const std::vector<nodes::ConstArg>& files) {
  ArenaLayout layout;
  layout.offsets.assign(m.instrs.size(), 0);
  layout.sizes.assign(m.instrs.size(), 0);
  for (ValueId i = 0; i < m.instrs.size(); ++i) {
    const Instr& in = m.instrs[i];
    if (in.op != Opcode::Node || !in.node->arena) continue;
    std::vector<nodes::ConstArg> args = constArgs(m, i, files);
    nodes::InitArgs init{args.data(), static_cast<uint32_t>(args.size()), nullptr, 0};
    layout.offsets[i] = layout.size;
    layout.sizes[i] = in.node->arena(&env, &init);
    layout.size += nodes::arenaRoundUp(layout.sizes[i]);
  }
  return layout;
}

} // namespace phonon::ir
