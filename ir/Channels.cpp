#include "phonon/ir/Channels.h"

#include "phonon/nodes/Catalogue.h"

#include <map>
#include <stdexcept>
#include <string_view>

namespace phonon::ir {

namespace {

const nodes::NodeInfo& node(const char* name) {
  const nodes::NodeInfo* n = nodes::findNodeExact(name);
  if (!n) throw std::logic_error(std::string("split-channels: no node ") + name);
  return *n;
}

bool isChannelNode(const Instr& in) {
  return in.op == Opcode::Node && in.node && in.node->has(nodes::NodeChannels);
}

/// A node that runs only as its two-output pair row (`reverb_stereo`).
bool isPairOnlyNode(const Instr& in) {
  return in.op == Opcode::Node && in.node && in.node->pairRow && !in.node->tick;
}

class Splitter {
public:
  explicit Splitter(Module& m) : m_(m) {}

  void run() {
    std::vector<Instr> old = std::move(m_.instrs);
    m_.instrs.clear();
    left_.assign(old.size(), kNone);
    right_.assign(old.size(), kNone);
    // A cell is stereo when any read or write of it is.
    for (const Instr& in : old)
      if ((in.op == Opcode::FeedbackRead && in.type == Type::Stereo) ||
          (in.op == Opcode::FeedbackWrite && old[in.operands[0]].type == Type::Stereo))
        stereoCells_[in.slot] = kNone;
    for (auto& [cell, right] : stereoCells_) right = m_.feedbackCells++;
    for (ValueId id = 0; id < old.size(); ++id) lower(id, old[id], old);
  }

private:
  ValueId add(Instr in) { return m_.add(std::move(in)); }

  /// Channel c (0 left, 1 right) of an old value; a mono value is both.
  ValueId channel(ValueId old, int c) const { return c == 0 ? left_[old] : right_[old]; }

  /// The mono value of an old value: itself, or (L + R)·0.5 for a stereo one, made once.
  ValueId average(ValueId old, const std::vector<Instr>& olds) {
    if (left_[old] == right_[old]) return left_[old];
    if (auto it = average_.find(old); it != average_.end()) return it->second;
    const Instr& from = olds[old];
    Instr sum = derived(from, node("add"), {left_[old], right_[old]});
    ValueId s = add(std::move(sum));
    Instr half = derived(from, node("mul"), {s, m_.addConst(0.5f)});
    ValueId h = add(std::move(half));
    average_[old] = h;
    return h;
  }

  /// A mono node instruction at the place of `from`, of its rate (a channel of `from` has it).
  Instr derived(const Instr& from, const nodes::NodeInfo& n, std::vector<ValueId> operands) {
    Instr in;
    in.op = Opcode::Node;
    in.node = &n;
    in.type = Type::F32;
    in.rate = n.has(nodes::NodeStateful) ? Rate::Audio : from.rate;
    in.operands = std::move(operands);
    in.seed = from.seed;
    in.loc = from.loc;
    in.hasLoc = from.hasLoc;
    return in;
  }

  void set(ValueId old, ValueId l, ValueId r) {
    left_[old] = l;
    right_[old] = r;
  }

  bool signalPort(const Instr& in, size_t i) const {
    return in.node->ports[std::min<size_t>(i, in.node->numPorts - 1)].flags & nodes::PortSignal;
  }

  void lower(ValueId id, const Instr& in, const std::vector<Instr>& olds) {
    switch (in.op) {
    case Opcode::Node:
      if (isChannelNode(in)) return channelNode(id, in, olds);
      // By the input's type: a stereo value whose channels are one value is still stereo.
      if (in.node->pairRow && (!in.node->tick || olds[in.operands[0]].type == Type::Stereo))
        return pairNode(id, in, olds);
      return perChannel(id, in, olds);
    case Opcode::Bus: {
      ValueId op = in.operands[0];
      Instr l = in;
      l.type = Type::F32;
      l.operands = {left_[op]};
      ValueId lid = add(l);
      if (left_[op] == right_[op]) return set(id, lid, lid);
      Instr r = std::move(l);
      r.name.clear(); // names are unique: the left channel keeps the bus's name
      r.operands = {right_[op]};
      return set(id, lid, add(std::move(r)));
    }
    case Opcode::Right: { // of a two-output node already made (textual IR): mono
      Instr right = in;
      right.operands = {left_[in.operands[0]]};
      ValueId v = add(std::move(right));
      return set(id, v, v);
    }
    case Opcode::Voices: { // the player's left channel, then `right` for its right one
      Instr l = in;
      l.type = Type::F32;
      return withRight(id, add(std::move(l)), in);
    }
    case Opcode::Sum: { // sema makes a sum of mono values only
      Instr sum = in;
      for (ValueId& op : sum.operands) op = left_[op];
      ValueId v = add(std::move(sum));
      return set(id, v, v);
    }
    case Opcode::FeedbackRead: {
      Instr l = in;
      l.type = Type::F32;
      ValueId lid = add(l);
      auto it = stereoCells_.find(in.slot);
      if (it == stereoCells_.end()) return set(id, lid, lid);
      l.slot = it->second;
      return set(id, lid, add(std::move(l)));
    }
    case Opcode::FeedbackWrite: {
      ValueId op = in.operands[0];
      Instr l = in;
      l.operands = {left_[op]};
      add(l);
      if (auto it = stereoCells_.find(in.slot); it != stereoCells_.end()) {
        l.slot = it->second;
        l.operands = {right_[op]};
        add(std::move(l));
      }
      return;
    }
    case Opcode::Output:
    case Opcode::Stem: {
      ValueId op = in.operands[0];
      Instr out = in;
      out.operands = {left_[op]};
      if (left_[op] != right_[op]) out.operands.push_back(right_[op]);
      add(std::move(out));
      return;
    }
    default: { // const, tempo, pattern: mono
      ValueId v = add(in);
      return set(id, v, v);
    }
    }
  }

  /// An ordinary node: one instance per channel where a signal input is stereo (each with its
  /// own state), one otherwise. A stereo parameter is averaged.
  void perChannel(ValueId id, const Instr& in, const std::vector<Instr>& olds) {
    bool stereo = false;
    for (size_t i = 0; i < in.operands.size(); ++i)
      stereo |= signalPort(in, i) && left_[in.operands[i]] != right_[in.operands[i]];
    std::vector<ValueId> params(in.operands.size(), kNone);
    for (size_t i = 0; i < in.operands.size(); ++i)
      if (!signalPort(in, i)) params[i] = average(in.operands[i], olds);
    ValueId channels[2];
    for (int c = 0; c < (stereo ? 2 : 1); ++c) {
      Instr copy = in;
      copy.type = Type::F32;
      for (size_t i = 0; i < in.operands.size(); ++i)
        copy.operands[i] = params[i] != kNone ? params[i] : channel(in.operands[i], c);
      if (c == 1) {
        copy.seed = rightChannelSeed(in.seed);
        copy.name.clear();
      }
      channels[c] = add(std::move(copy));
    }
    set(id, channels[0], stereo ? channels[1] : channels[0]);
  }

  /// A node run as its two-output pair row (nodes::NodeInfo::pairRow): one instruction of that
  /// row, with one state, taking the input's left and right channels (a mono input as both) and
  /// the node's other operands (averaged, if stereo); its value is the left channel and
  /// a `right` instruction after it reads the right one.
  void pairNode(ValueId id, const Instr& in, const std::vector<Instr>& olds) {
    Instr pair = in;
    pair.node = &node(in.node->pairRow);
    pair.type = Type::F32;
    pair.rate = Rate::Audio;
    pair.operands = {left_[in.operands[0]], right_[in.operands[0]]};
    for (size_t i = 1; i < in.operands.size(); ++i)
      pair.operands.push_back(average(in.operands[i], olds));
    return withRight(id, add(std::move(pair)), in);
  }

  /// Old value `id` as the two outputs of `left` (a pair row's node, or split voices): its value
  /// is the left channel, and a `right` after it reads the right one.
  void withRight(ValueId id, ValueId left, const Instr& from) {
    Instr right;
    right.op = Opcode::Right;
    right.type = Type::F32;
    right.rate = Rate::Audio;
    right.operands = {left};
    right.loc = from.loc;
    right.hasLoc = from.hasLoc;
    set(id, left, add(std::move(right)));
  }

  void channelNode(ValueId id, const Instr& in, const std::vector<Instr>& olds) {
    std::string_view name = in.node->name;
    const std::vector<ValueId>& ops = in.operands;
    if (name == "mono") {
      ValueId v = average(ops[0], olds);
      return set(id, v, v);
    }
    if (name == "stereo") return set(id, average(ops[0], olds), average(ops[1], olds));
    if (name == "pan" || name == "pan2") {
      bool balance = name == "pan";
      ValueId p = average(ops[1], olds);
      ValueId l = add(derived(in, node(balance ? "pan_left" : "pan2_l"), {channel(ops[0], 0), p}));
      ValueId r = add(derived(in, node(balance ? "pan_right" : "pan2_r"), {channel(ops[0], 1), p}));
      return set(id, l, r);
    }
    if (name == "widener") {
      ValueId x = ops[0];
      if (left_[x] == right_[x]) return set(id, left_[x], left_[x]); // mono stays mono
      ValueId w = average(ops[1], olds);
      ValueId l = add(derived(in, node("widener_left"), {left_[x], right_[x], w}));
      ValueId r = add(derived(in, node("widener_right"), {left_[x], right_[x], w}));
      return set(id, l, r);
    }
    throw std::logic_error("split-channels: no lowering for `" + std::string(name) + "`");
  }

  Module& m_;
  std::vector<ValueId> left_, right_;        ///< per old value: its new left and right values
  std::map<ValueId, ValueId> average_;       ///< per old stereo value: its (L + R)·0.5
  std::map<uint32_t, uint32_t> stereoCells_; ///< stereo feedback cell → its right cell
};

} // namespace

bool hasChannelWork(const Module& m) {
  for (const Instr& in : m.instrs)
    if ((in.definesValue() && in.type == Type::Stereo) || isChannelNode(in) || isPairOnlyNode(in))
      return true;
  return false;
}

void splitChannels(Module& m) {
  if (!m.schedule.empty() || !hasChannelWork(m)) return;
  // A module that cannot run (nodes whose kernels are not written) stays as sema made it: the
  // split needs to know how each stereo node makes its channels.
  for (const Instr& in : m.instrs)
    if (in.op == Opcode::Node && !in.node->hasKernel()) return;
  Splitter(m).run();
}

uint32_t rightChannelSeed(uint32_t seed) {
  // The finaliser of MurmurHash3 (a bijection with good avalanche), offset so that seed 0
  // does not map to 0; in the rare case it maps a seed to itself, the complement.
  uint32_t h = seed + 0x9e3779b9u;
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h == seed ? ~seed : h;
}

} // namespace phonon::ir
