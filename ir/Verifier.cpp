// The verifier: every rule of an instruction comes from its row of the op table (Ops.h); the
// schedule's rules (kernels, batches, buffers) follow DESIGN §6.
#include "phonon/ir/Module.h"
#include "phonon/ir/Ops.h"
#include "phonon/ir/PatternText.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace phonon::ir {

namespace {

class Verifier {
public:
  explicit Verifier(const Module& m) : m_(m) {}

  std::vector<Problem> run() {
    if (m_.cps <= Rational(0)) problem("cps must be positive, is " + m_.cps.toString());
    for (ValueId id = 0; id < m_.instrs.size(); ++id) instruction(id);
    for (uint32_t cell : read_)
      if (!written_.count(cell))
        problem("feedback cell " + std::to_string(cell) + " is read but never written");
    if (problems_.empty() && !m_.schedule.empty()) schedule();
    return std::move(problems_);
  }

private:
  void fail(ValueId id, const std::string& what) { problems_.push_back({id, what}); }
  std::map<std::string, ValueId> outputWriters_; ///< each output file's node (one per file)

  /// An output file port's next operand: its length in seconds, a constant the host can
  /// allocate (ir::fileTable).
  bool outputLength(const Instr& in, size_t p) const {
    if (p + 1 >= in.operands.size() || in.operands[p + 1] >= m_.instrs.size()) return false;
    const Instr& seconds = m_.instrs[in.operands[p + 1]];
    return seconds.op == Opcode::Const && seconds.items.empty() && seconds.file.empty() &&
           seconds.value > 0.0f && seconds.value <= nodes::kOutputFileMaxSeconds;
  }

  /// A node's init reads its constant arguments from Const operands (ir::constArgs), and only
  /// a constant list port takes a list.
  void constantPorts(ValueId id, const Instr& in) {
    for (size_t p = 0; p < in.operands.size() && in.node->numPorts; ++p) {
      if (in.operands[p] >= id) continue;
      const nodes::PortInfo& port = in.node->ports[std::min<size_t>(p, in.node->numPorts - 1)];
      const Instr& operand = m_.instrs[in.operands[p]];
      if ((port.flags & nodes::PortConstant) && operand.op != Opcode::Const)
        fail(id, "port `" + std::string(port.name) + "` takes a constant");
      else if ((port.flags & nodes::PortFile) && operand.op != Opcode::Const)
        fail(id, "port `" + std::string(port.name) + "` takes a sample name (a file constant)");
      else if (operand.op == Opcode::Const && !operand.file.empty() &&
               !(port.flags & nodes::PortFile))
        fail(id, "port `" + std::string(port.name) + "` takes no file constant");
      else if (operand.op == Opcode::Const && !operand.file.empty() &&
               operand.outputFile != ((port.flags & nodes::PortOutputFile) != 0))
        fail(id, "port `" + std::string(port.name) + "` takes " +
                     (operand.outputFile ? "a sample name, not an output file"
                                         : "an output file (`const output \"NAME\"`)"));
      else if ((port.flags & nodes::PortOutputFile) && !outputLength(in, p))
        fail(id, "port `" + std::string(port.name) +
                     "` writes a file whose length, the next port, is a constant in (0, " +
                     std::to_string(static_cast<int>(nodes::kOutputFileMaxSeconds)) + "] seconds");
      else if ((port.flags & nodes::PortOutputFile) &&
               !outputWriters_.emplace(operand.file, id).second)
        fail(id, "the file \"" + operand.file + "\" is written by two nodes");
      else if (operand.op == Opcode::Const && !operand.items.empty() &&
               !((port.flags & nodes::PortConstant) && (port.flags & nodes::PortList)))
        fail(id, "port `" + std::string(port.name) + "` takes no constant list");
    }
  }

  void instruction(ValueId id) {
    const Instr& in = m_.instrs[id];
    if (in.op == Opcode::Node && !in.node) {
      fail(id, "node instruction without a node");
      return;
    }
    const OpDef& def = opDef(in);
    std::string name(def.name);
    Rate operandRate = Rate::Const;
    for (size_t i = 0; i < in.operands.size(); ++i) {
      ValueId op = in.operands[i];
      if (op >= id) {
        fail(id, "operand %" + std::to_string(op) + " is not defined before its use");
        continue;
      }
      if (!m_.instrs[op].definesValue()) {
        fail(id, "operand %" + std::to_string(op) + " defines no value");
        continue;
      }
      if (m_.instrs[op].type != Type::F32 && !operandTakesStereo(in, i))
        fail(id, "operand %" + std::to_string(op) + " is stereo; this port takes mono");
      operandRate = maxRate(operandRate, m_.instrs[op].rate);
    }
    if (in.op == Opcode::Node) constantPorts(id, in);
    if (!in.name.empty() && !names_.insert(in.name).second)
      fail(id, "name %" + in.name + " is defined twice");

    switch (def.operandSyntax) {
    case OperandSyntax::None:
      if (!in.operands.empty()) fail(id, name + " takes no operands");
      break;
    case OperandSyntax::Trailing:
      // An output of a split stereo value has two: its left and right channels (Channels.h).
      if ((in.op == Opcode::Output || in.op == Opcode::Stem) && in.operands.size() == 2) {
        for (ValueId op : in.operands)
          if (op < id && m_.instrs[op].type != Type::F32)
            fail(id, "the channels of an output pair are mono values");
      } else if (in.op == Opcode::Sum ? in.operands.size() < def.numOperands
                                      : in.operands.size() != def.numOperands) {
        fail(id, name + " takes " + std::to_string(def.numOperands) + " operand" +
                     (def.numOperands == 1 ? "" : "s") +
                     (in.op == Opcode::Output || in.op == Opcode::Stem ? " (or two: left, right)"
                                                                       : ""));
      }
      break;
    case OperandSyntax::Named:
      if (in.node->has(nodes::NodeLoweredBySema))
        fail(id, name + " is not an IR node: sema writes it as other IR (`sum`, `voices`)");
      if (in.node->variadic() ? in.operands.size() < def.numOperands
                              : in.operands.size() != def.numOperands)
        fail(id, name + " takes " + std::to_string(def.numOperands) + " operands, has " +
                     std::to_string(in.operands.size()));
      break;
    }
    if (!in.definesValue()) return effect(id, in);
    if (def.type && in.type != *def.type)
      fail(id, name + " must have type " + std::string(typeName(*def.type)));
    if (def.rate && in.rate != *def.rate) {
      fail(id, def.stateful() && in.op == Opcode::Node
                   ? name + " is stateful and must have rate audio"
                   : name + " must have rate " + std::string(rateName(*def.rate)));
    } else if (in.rate < operandRate) {
      fail(id, "rate " + std::string(rateName(in.rate)) + " is cheaper than its operands' " +
                   std::string(rateName(operandRate)));
    }
    if (in.op == Opcode::Bus && !in.operands.empty() && in.operands[0] < id &&
        in.type != m_.instrs[in.operands[0]].type)
      fail(id, "a bus has its operand's type");
    // A stereo signal input is processed per channel (LANGUAGE §8.2), so the result is stereo;
    // `mono` is the exception that makes a stereo value mono, and pan, pan2 and stereo are
    // stereo whatever their inputs (§7.7).
    if (in.op == Opcode::Node && in.node->has(nodes::NodeStereoOutput) && in.type != Type::Stereo)
      fail(id, name + " is stereo");
    if (in.op == Opcode::Node && in.type == Type::Stereo && std::string_view(name) == "mono")
      fail(id, "mono is mono");
    if (in.op == Opcode::Node && in.type != Type::Stereo && std::string_view(name) != "mono")
      for (size_t i = 0; i < in.operands.size(); ++i)
        if (in.operands[i] < id && m_.instrs[in.operands[i]].type == Type::Stereo &&
            operandTakesStereo(in, i)) {
          fail(id, name + " has a stereo input, so it is stereo");
          break;
        }
    // A two-output node's value is its left channel; `right` reads its right one.
    if (in.op == Opcode::Node && in.node->numOutputs == 2 && in.type != Type::F32)
      fail(id, name + " has two mono outputs: its value is the left, `right` reads the right");
    if (in.op == Opcode::Right && !in.operands.empty() && in.operands[0] < id) {
      const Instr& from = m_.instrs[in.operands[0]];
      bool twoOutputs = (from.op == Opcode::Node && from.node && from.node->numOutputs == 2) ||
                        (from.op == Opcode::Voices && from.type == Type::F32);
      if (!twoOutputs)
        fail(id, "`right` reads the right output of a two-output node or split voices; %" +
                     std::to_string(in.operands[0]) + " has one output");
    }
    // ... and only then: a node on mono inputs runs once.
    if (in.op == Opcode::Node && in.type == Type::Stereo &&
        !in.node->has(nodes::NodeStereoOutput)) {
      bool stereoInput = false;
      for (size_t i = 0; i < in.operands.size(); ++i)
        stereoInput |= in.operands[i] < id && m_.instrs[in.operands[i]].type == Type::Stereo &&
                       operandTakesStereo(in, i);
      if (!stereoInput) fail(id, name + " has no stereo input, so it is mono");
    }
    switch (in.op) {
    case Opcode::Pattern:
      if (in.slot >= m_.patterns.patterns.size())
        fail(id, "pattern slot " + std::to_string(in.slot) + " is not in the program");
      break;
    case Opcode::Node:
      eventPorts(id, in);
      break;
    case Opcode::Voices:
      if (in.slot >= m_.voices.size())
        fail(id, "voices slot " + std::to_string(in.slot) + " is not in the module");
      break;
    case Opcode::FeedbackRead:
      if (in.slot >= m_.feedbackCells)
        fail(id, "feedback cell " + std::to_string(in.slot) + " is not in the module");
      if (written_.count(in.slot)) fail(id, "feedback.read after the cell's feedback.write");
      read_.insert(in.slot);
      if (auto [first, fresh] = readType_.try_emplace(in.slot, in.type);
          !fresh && first->second != in.type)
        fail(id, "feedback cell " + std::to_string(in.slot) + " is read as both " +
                     std::string(typeName(first->second)) + " and " +
                     std::string(typeName(in.type)));
      break;
    default:
      break;
    }
  }

  /// The pattern slot behind operand `i` of `in` if it is a pattern read as `conversion`
  /// (Plain or Hz where `values`), else null.
  const pattern::ProgramPattern* patternOperand(const Instr& in, size_t i, bool values,
                                                pattern::SignalConversion conversion) {
    if (i >= in.operands.size() || in.operands[i] >= m_.instrs.size()) return nullptr;
    const Instr& op = m_.instrs[in.operands[i]];
    if (op.op != Opcode::Pattern || op.slot >= m_.patterns.patterns.size()) return nullptr;
    const pattern::ProgramPattern& p = m_.patterns.patterns[op.slot];
    if (!p.expr) return nullptr;
    bool isValue = p.conversion == pattern::SignalConversion::Plain ||
                   p.conversion == pattern::SignalConversion::Hz;
    return (values ? isValue : p.conversion == conversion) ? &p : nullptr;
  }

  /// An event-stream port (nodes::PortEvents) reads a pattern's values, and its onset and
  /// active ports (the k-th of each for the k-th stream) the same pattern's columns.
  void eventPorts(ValueId id, const Instr& in) {
    std::vector<size_t> streams, onsets, actives;
    for (size_t i = 0; i < in.node->numPorts; ++i) {
      uint32_t flags = in.node->ports[i].flags;
      if (flags & nodes::PortEvents) streams.push_back(i);
      if (flags & nodes::PortEventOnset) onsets.push_back(i);
      if (flags & nodes::PortEventActive) actives.push_back(i);
    }
    for (size_t k = 0; k < streams.size(); ++k) {
      const std::string port = in.node->ports[streams[k]].name;
      const pattern::ProgramPattern* values =
          patternOperand(in, streams[k], true, pattern::SignalConversion::Plain);
      if (!values) {
        fail(id, "`" + port + "` takes an event stream: a pattern's values");
        continue;
      }
      const std::string text = printPattern(*values->expr);
      for (auto [ports, conversion, column] :
           {std::tuple{&onsets, pattern::SignalConversion::Onset, "onset"},
            std::tuple{&actives, pattern::SignalConversion::Active, "active"}}) {
        const pattern::ProgramPattern* p =
            k < ports->size() ? patternOperand(in, (*ports)[k], false, conversion) : nullptr;
        if (!p || printPattern(*p->expr) != text)
          fail(id, "the " + std::string(column) + " of `" + port + "` must be `pattern N " + text +
                       " " + column + "`");
      }
    }
  }

  void effect(ValueId id, const Instr& in) {
    if ((in.op == Opcode::Output || in.op == Opcode::Stem) && in.outputIndex > 99)
      fail(id, "output index above 99");
    // The stems are the host's channel pairs in instruction order (Module::stems), which is
    // the order of the outputs: out, out1, out2, …
    if (in.op == Opcode::Stem) {
      if (lastStem_ && in.outputIndex == *lastStem_)
        fail(id, "output " + std::to_string(in.outputIndex) + " has two stems");
      else if (lastStem_ && in.outputIndex < *lastStem_)
        fail(id, "stem " + std::to_string(in.outputIndex) + " comes after stem " +
                     std::to_string(*lastStem_) + ": stems are in increasing output number");
      lastStem_ = std::max(in.outputIndex, lastStem_.value_or(0));
    }
    if (in.op != Opcode::FeedbackWrite) return;
    if (in.slot >= m_.feedbackCells)
      fail(id, "feedback cell " + std::to_string(in.slot) + " is not in the module");
    if (!written_.insert(in.slot).second)
      fail(id, "feedback cell " + std::to_string(in.slot) + " is written twice");
    // The cell stores what the write is given, and the reads return it.
    auto read = readType_.find(in.slot);
    if (!in.operands.empty() && in.operands[0] < id && read != readType_.end() &&
        m_.instrs[in.operands[0]].type != read->second)
      fail(id, "feedback cell " + std::to_string(in.slot) + " is read as " +
                   std::string(typeName(read->second)) + " but written " +
                   std::string(typeName(m_.instrs[in.operands[0]].type)));
  }

  // ---- the schedule ------------------------------------------------------------------------

  static bool belongsInKernel(const Instr& in) {
    return in.rate == Rate::Audio || !in.definesValue();
  }

  void schedule() {
    const Schedule& s = m_.schedule;
    const size_t kernels = s.kernels.size();
    std::vector<std::vector<ValueId>> members(kernels);
    uint32_t last = 0;
    bool seen = false;
    for (ValueId id = 0; id < m_.instrs.size(); ++id) {
      const Instr& in = m_.instrs[id];
      if (in.kernel == kNone) {
        if (belongsInKernel(in))
          fail(id, "an audio-rate value, output or feedback write outside every kernel");
        continue;
      }
      if (in.kernel >= kernels) {
        fail(id, "kernel " + std::to_string(in.kernel) + " does not exist");
        continue;
      }
      if (!belongsInKernel(in))
        fail(id, "a " + std::string(rateName(in.rate)) + "-rate value inside a kernel");
      if (seen && in.kernel != last && (in.kernel < last || !members[in.kernel].empty()))
        fail(id, "the members of a kernel must be consecutive, and kernels in order");
      members[in.kernel].push_back(id);
      last = in.kernel;
      seen = true;
    }
    if (!problems_.empty()) return;
    // A two-output node hands its right output to `right` inside the sample loop.
    for (ValueId id = 0; id < m_.instrs.size(); ++id) {
      const Instr& in = m_.instrs[id];
      if (in.op != Opcode::Right || in.operands.empty()) continue;
      const Instr& from = m_.instrs[in.operands[0]];
      if (from.kernel != in.kernel)
        fail(id, "`right` must be in the kernel of its node %" + std::to_string(in.operands[0]));
      else if (in.kernel != kNone && s.kernels[in.kernel].lanes > 1)
        fail(id, "a two-output node and its `right` are never in a bank");
    }
    if (!problems_.empty()) return;
    // A cell holds one sample: its reads and its write run in the same loop.
    std::map<uint32_t, uint32_t> cellKernel;
    for (ValueId id = 0; id < m_.instrs.size(); ++id) {
      const Instr& in = m_.instrs[id];
      if (in.op != Opcode::FeedbackRead && in.op != Opcode::FeedbackWrite) continue;
      auto [it, fresh] = cellKernel.try_emplace(in.slot, in.kernel);
      if (!fresh && it->second != in.kernel)
        fail(id, "feedback cell " + std::to_string(in.slot) +
                     " is read and written in different kernels");
    }
    for (uint32_t k = 0; k < kernels; ++k) kernel(k, members[k]);
    if (!problems_.empty()) return;
    std::vector<uint32_t> time(kernels);
    for (uint32_t k = 0; k < kernels; ++k) time[k] = k;
    if (!s.batches.empty() && !batches(time)) return;
    if (s.buffersAllocated) buffers(time);
  }

  void problem(const std::string& what) { problems_.push_back({kNone, what}); }

  /// The buffers a value takes: a stereo value two, left then right (allocate-buffers).
  uint32_t width(ValueId v) const {
    return v < m_.instrs.size() && m_.instrs[v].type == Type::Stereo ? 2 : 1;
  }

  /// `buffer 3`, or for a stereo value `buffers 3 and 4`.
  std::string buffersOf(const BufferUse& u) const {
    return width(u.value) == 1
               ? "buffer " + std::to_string(u.buffer)
               : "buffers " + std::to_string(u.buffer) + " and " + std::to_string(u.buffer + 1);
  }

  void kernel(uint32_t k, const std::vector<ValueId>& members) {
    const Kernel& kernel = m_.schedule.kernels[k];
    std::string name = "kernel " + std::to_string(k);
    if (members.empty()) return problem(name + " is empty");
    // A block node (a catalogue node with a latency) still ticks sample by sample, so a
    // feedback loop through it is one kernel with it (Schedule); voices never share one.
    bool loop = false;
    for (ValueId id : members) loop = loop || m_.instrs[id].op == Opcode::FeedbackWrite;
    for (ValueId id : members)
      if (opDef(m_.instrs[id]).blockBased && members.size() != kernel.lanes &&
          !(loop && m_.instrs[id].op == Opcode::Node))
        fail(id, "a block-based op is a kernel of its own");
    // A bank may end with the Sum its lanes accumulate into.
    const size_t laneMembers = members.size() - (bankSum(m_, k) != kNone ? 1 : 0);
    if (kernel.partials != kNone && bankSum(m_, k) == kNone)
      problem(name + " has partials but no Sum of its lanes");
    if (kernel.lanes == 0 || laneMembers % kernel.lanes != 0)
      return problem(name + " has " + std::to_string(members.size()) +
                     " members, not a multiple of its " + std::to_string(kernel.lanes) + " lanes");
    if (kernel.lanes == 1) return;
    // Every lane has the shape of the first: the same ops, the same edges between its members.
    size_t width = laneMembers / kernel.lanes;
    if (ValueId sum = bankSum(m_, k); sum != kNone) {
      // Lane l adds operand l, the same member of every lane, into partial l mod 8.
      const Instr& in = m_.instrs[sum];
      auto first = std::find(members.begin(), members.begin() + width, in.operands[0]);
      size_t j = static_cast<size_t>(first - members.begin());
      for (size_t lane = 0; lane < kernel.lanes; ++lane)
        if (j == width || in.operands[lane] != members[lane * width + j])
          return fail(sum, "operand " + std::to_string(lane) + " of the sum ending " + name +
                               " is not lane " + std::to_string(lane) + "'s value");
      if (!laneContiguous(m_, k)) fail(sum, "a sum ends " + name + ", whose lanes are not SIMD");
      if (m_.schedule.buffersAllocated && kernel.partials == kNone)
        problem(name + " accumulates a sum but has no partials");
    }
    for (size_t lane = 1; lane < kernel.lanes; ++lane)
      for (size_t j = 0; j < width; ++j) {
        const Instr& a = m_.instrs[members[j]];
        const Instr& b = m_.instrs[members[lane * width + j]];
        bool same = a.op == b.op && a.node == b.node && a.type == b.type && a.rate == b.rate &&
                    a.operands.size() == b.operands.size();
        for (size_t p = 0; same && p < a.operands.size(); ++p) {
          bool inA = m_.instrs[a.operands[p]].kernel == k,
               inB = m_.instrs[b.operands[p]].kernel == k;
          same = inA == inB && (!inA || b.operands[p] - a.operands[p] == lane * width);
        }
        if (!same)
          return fail(members[lane * width + j],
                      "lane " + std::to_string(lane) + " of " + name + " differs from lane 0");
      }
  }

  /// Each kernel in one batch, batches in order, and a kernel reads only earlier batches.
  bool batches(std::vector<uint32_t>& time) {
    const Schedule& s = m_.schedule;
    std::vector<uint32_t> batchOf(s.kernels.size(), kNone);
    uint32_t next = 0;
    for (uint32_t b = 0; b < s.batches.size(); ++b) {
      if (s.batches[b].kernels.empty()) problem("batch " + std::to_string(b) + " is empty");
      for (uint32_t k : s.batches[b].kernels) {
        if (k != next) {
          problem("batch " + std::to_string(b) + " holds kernel " + std::to_string(k) +
                  " out of order (expected " + std::to_string(next) + ")");
          return false;
        }
        batchOf[k] = b;
        ++next;
      }
    }
    if (next != s.kernels.size()) {
      problem("kernel " + std::to_string(next) + " is in no batch");
      return false;
    }
    for (ValueId id = 0; id < m_.instrs.size(); ++id) {
      const Instr& in = m_.instrs[id];
      if (in.kernel == kNone) continue;
      for (ValueId op : in.operands) {
        uint32_t from = m_.instrs[op].kernel;
        if (from != kNone && from != in.kernel && batchOf[from] >= batchOf[in.kernel])
          fail(id, "reads kernel " + std::to_string(from) + " of the same or a later batch");
      }
    }
    for (uint32_t k = 0; k < s.kernels.size(); ++k) time[k] = batchOf[k];
    return problems_.empty();
  }

  /// Every value crossing a kernel boundary is written to a buffer by its kernel and read from
  /// it by each reader, and no buffer holds two values that are live at once.
  void buffers(const std::vector<uint32_t>& time) {
    const Schedule& s = m_.schedule;
    std::map<ValueId, uint32_t> written;                    // value → buffer
    std::map<std::pair<ValueId, uint32_t>, uint32_t> reads; // (value, reader kernel) → buffer
    for (uint32_t k = 0; k < s.kernels.size(); ++k) {
      for (const BufferUse& u : s.kernels[k].writes) {
        if (u.buffer + width(u.value) > s.buffers)
          problem("kernel " + std::to_string(k) + " writes " + buffersOf(u) + " of " +
                  std::to_string(s.buffers));
        if (u.value >= m_.instrs.size() || m_.instrs[u.value].kernel != k)
          problem("kernel " + std::to_string(k) + " writes a value it does not compute");
        else if (!written.emplace(u.value, u.buffer).second)
          fail(u.value, "written to two buffers");
      }
      for (const BufferUse& u : s.kernels[k].reads) {
        if (u.buffer + width(u.value) > s.buffers)
          problem("kernel " + std::to_string(k) + " reads " + buffersOf(u) + " of " +
                  std::to_string(s.buffers));
        reads[{u.value, k}] = u.buffer;
      }
    }
    if (!problems_.empty()) return;
    const std::vector<uint32_t> laneOf = bankLanes(m_);
    struct Live {
      ValueId value;
      uint32_t producer, begin, end;
      std::set<uint32_t> lastReaders;
      std::set<uint32_t> lastLanes; ///< the lanes of the last readers that read it
    };
    std::map<ValueId, Live> live;
    std::set<std::pair<ValueId, uint32_t>> used; // (value, reader kernel)
    for (ValueId id = 0; id < m_.instrs.size(); ++id) {
      const Instr& in = m_.instrs[id];
      if (in.kernel == kNone) continue;
      for (ValueId op : in.operands) {
        uint32_t from = m_.instrs[op].kernel;
        if (from == kNone || from == in.kernel) continue;
        auto w = written.find(op);
        auto r = reads.find({op, in.kernel});
        if (w == written.end()) {
          fail(op, "read by kernel " + std::to_string(in.kernel) + " but written to no buffer");
          continue;
        }
        if (r == reads.end() || r->second != w->second) {
          fail(id, "reads %" + std::to_string(op) + " from kernel " + std::to_string(from) +
                       " without its buffer in the kernel's reads");
          continue;
        }
        used.insert({op, in.kernel});
        auto [it, fresh] = live.try_emplace(op, Live{op, from, time[from], time[from], {}, {}});
        uint32_t t = time[in.kernel];
        if (t > it->second.end || it->second.lastReaders.empty()) {
          it->second.end = t;
          it->second.lastReaders = {in.kernel};
          it->second.lastLanes = {laneOf[id]};
        } else if (t == it->second.end) {
          it->second.lastReaders.insert(in.kernel);
          it->second.lastLanes.insert(laneOf[id]);
        }
      }
    }
    for (const auto& [key, buffer] : reads)
      if (!used.count(key))
        problem("kernel " + std::to_string(key.second) + " reads %" + std::to_string(key.first) +
                " which it does not use from another kernel");
    for (const auto& [value, buffer] : written)
      if (!live.count(value)) fail(value, "written to a buffer that no other kernel reads");
    // Values sharing a buffer must not be live at once; a kernel may overwrite, in place, a
    // value whose last readers are only itself.
    std::map<uint32_t, std::vector<const Live*>> byBuffer;
    for (const auto& [value, l] : live)
      for (uint32_t c = 0; c < width(value); ++c) byBuffer[written[value] + c].push_back(&l);
    for (auto& [buffer, values] : byBuffer) {
      std::sort(values.begin(), values.end(),
                [](const Live* a, const Live* b) { return a->begin < b->begin; });
      for (size_t i = 0; i + 1 < values.size(); ++i)
        for (size_t j = i + 1; j < values.size(); ++j) {
          const Live& a = *values[i];
          const Live& b = *values[j];
          if (b.begin > a.end) continue;
          bool inPlace = b.begin == a.end && a.lastReaders.size() == 1 &&
                         *a.lastReaders.begin() == b.producer && a.begin < b.begin;
          // A bank runs its lanes one after another in each sample: only the lane that alone
          // read a value may overwrite it.
          bool otherLane =
              inPlace && (a.lastLanes.size() != 1 || *a.lastLanes.begin() != laneOf[b.value]);
          if (!inPlace)
            problem("buffer " + std::to_string(buffer) + " holds %" + std::to_string(a.value) +
                    " and %" + std::to_string(b.value) + " at once");
          else if (otherLane)
            problem("buffer " + std::to_string(buffer) + ": lane " +
                    std::to_string(laneOf[b.value]) + " of kernel " + std::to_string(b.producer) +
                    " writes %" + std::to_string(b.value) + " over %" + std::to_string(a.value) +
                    ", which another lane reads");
        }
    }
    // Every declared buffer holds a value: the count is what the engines allocate, a block each.
    std::vector<bool> holds(s.buffers, false);
    for (const auto& [value, buffer] : written)
      for (uint32_t c = 0; c < width(value); ++c) holds[buffer + c] = true;
    // A bank's chunk totals take a buffer each of their own, shared with no value.
    for (uint32_t k = 0; k < s.kernels.size(); ++k) {
      uint32_t first = s.kernels[k].partials;
      if (first == kNone) continue;
      const uint32_t chunks = sumChunks(s.kernels[k].lanes);
      if (first + chunks > s.buffers) {
        problem("kernel " + std::to_string(k) + "'s partials are not among the buffers");
        continue;
      }
      for (uint32_t b = first; b < first + chunks; ++b) {
        if (holds[b])
          problem("buffer " + std::to_string(b) + " holds a value and kernel " + std::to_string(k) +
                  "'s partials");
        holds[b] = true;
      }
    }
    for (uint32_t b = 0; b < s.buffers; ++b)
      if (!holds[b]) {
        problem("buffer " + std::to_string(b) + " of " + std::to_string(s.buffers) +
                " holds no value");
        break;
      }
  }

  const Module& m_;
  std::vector<Problem> problems_;
  std::set<std::string> names_;
  std::set<uint32_t> written_, read_;
  std::optional<uint32_t> lastStem_;  ///< the output number of the latest stem
  std::map<uint32_t, Type> readType_; ///< the type of each cell's first read
};

} // namespace

std::vector<Problem> verifyProblems(const Module& m) {
  std::vector<Problem> problems = Verifier(m).run();
  for (ValueId id = 0; id < m.instrs.size(); ++id)
    if (m.instrs[id].op == Opcode::VoicePitch || m.instrs[id].op == Opcode::VoiceInput)
      problems.push_back(
          {id, "`" + std::string(opDef(m.instrs[id]).name) + "` outside a voice template's graph"});
  // The shared buses' graph: one at most, a stem per bus, nothing of a voice's own.
  if (m.voiceShared.size() > 1) problems.push_back({kNone, "more than one voice.shared graph"});
  if (m.voiceShared.empty() != m.voiceSharedBuses.empty())
    problems.push_back({kNone, "voice.shared names buses without a graph, or has no buses"});
  for (const Module& shared : m.voiceShared) {
    if (shared.stems().size() != m.voiceSharedBuses.size())
      problems.push_back({kNone, "voice.shared: " + std::to_string(m.voiceSharedBuses.size()) +
                                     " buses but " + std::to_string(shared.stems().size()) +
                                     " stems"});
    if (!shared.voiceTemplates.empty() || !shared.voices.empty() || !shared.voiceShared.empty() ||
        !fileNames(shared).empty())
      problems.push_back({kNone, "voice.shared: its graph holds voices, templates or files"});
    for (Problem& p : verifyProblems(shared))
      problems.push_back(
          {kNone, "voice.shared: " + (p.id == kNone ? "" : "%" + std::to_string(p.id) + ": ") +
                      p.message});
  }
  const size_t sharedChannels = 2 * m.voiceSharedBuses.size();
  // A voice template's graph is a patch of its own, with no voices, templates or files.
  for (const VoiceTemplate& t : m.voiceTemplates) {
    const std::string where = "voice ~" + t.bus + ": ";
    if (t.bus.empty()) problems.push_back({kNone, "a voice template without a bus name"});
    for (const VoiceTemplate& other : m.voiceTemplates)
      if (&other < &t && other.bus == t.bus)
        problems.push_back({kNone, where + "a second template for the same bus"});
    if (!t.graph.voiceTemplates.empty())
      problems.push_back({kNone, where + "a voice template's graph holds voice templates"});
    if (!t.graph.voices.empty())
      problems.push_back({kNone, where + "a voice template's graph plays sound patterns"});
    if (!fileNames(t.graph).empty())
      problems.push_back({kNone, where + "a voice template's graph names files"});
    for (ValueId id = 0; id < t.graph.instrs.size(); ++id)
      if (t.graph.instrs[id].op == Opcode::VoiceInput && t.graph.instrs[id].slot >= sharedChannels)
        problems.push_back({kNone, where + "%" + std::to_string(id) + ": voice.input " +
                                       std::to_string(t.graph.instrs[id].slot) + " but " +
                                       std::to_string(sharedChannels) + " shared channels"});
    for (Problem& p : Verifier(t.graph).run())
      problems.push_back(
          {kNone, where + (p.id == kNone ? "" : "%" + std::to_string(p.id) + ": ") + p.message});
  }
  return problems;
}

std::vector<std::string> verify(const Module& m) {
  std::vector<std::string> out;
  for (Problem& p : verifyProblems(m))
    out.push_back(p.id == kNone ? std::move(p.message)
                                : "%" + std::to_string(p.id) + ": " + p.message);
  return out;
}

std::vector<Unavailable> unavailable(const Module& m) {
  std::vector<Unavailable> out;
  for (ValueId id = 0; id < m.instrs.size(); ++id) {
    const Instr& in = m.instrs[id];
    if (in.op == Opcode::Node && !in.node->hasKernel())
      out.push_back(
          {id,
           "`" + std::string(in.node->name) + "` is not available yet: its kernel is not written",
           &in});
  }
  for (const VoiceTemplate& t : m.voiceTemplates)
    for (Unavailable& u : unavailable(t.graph)) out.push_back(std::move(u));
  for (const Module& shared : m.voiceShared)
    for (Unavailable& u : unavailable(shared)) out.push_back(std::move(u));
  return out;
}

} // namespace phonon::ir
