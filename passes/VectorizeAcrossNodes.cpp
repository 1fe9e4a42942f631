// vectorize-across-nodes: kernels of one batch that have the same shape — the same ops in the
// same order, wired the same way inside, whatever they read from outside — become one bank
// kernel over `lanes` copies (DESIGN §6): a bank of 2000 oscillators is one loop over arrays
// of state, so code generation can run different nodes in SIMD lanes and compiles one body
// instead of 2000 (and splits the lanes between tasks when the batch runs in parallel).
// Kernels with outputs, feedback, block-based ops, two-output nodes or nodes with an arena
// not marked nodes::NodeArenaBanks stay as they are.
//
// A bank whose lanes each compute one operand of the same Sum — operand k from lane k, read
// by nothing else — takes that Sum in as its last member: code generation then adds the lanes
// into kSumPartials partial sums per chunk (lane k into partial k mod 8, the order ir::sumOf
// defines) instead of writing a buffer per lane, and the Sum's value is the one buffer it
// writes. The Sum's kernel keeps its other members, or goes when the Sum was all of it.
#include "phonon/ir/Ops.h"
#include "phonon/nodes/Catalogue.h"
#include "phonon/passes/Passes.h"
#include "phonon/passes/Schedule.h"

#include <map>

namespace phonon::passes {

namespace {

constexpr size_t kMinLanes = kMinBankLanes;

/// The shape of a kernel as a comparable list of numbers; empty if it cannot join a bank.
std::vector<uint64_t> shapeOf(const ir::Module& m, const std::vector<ir::ValueId>& members) {
  std::vector<uint64_t> shape;
  for (size_t j = 0; j < members.size(); ++j) {
    const ir::Instr& in = m.instrs[members[j]];
    const ir::OpDef& def = ir::opDef(in);
    if (def.blockBased || !in.definesValue() || in.op == ir::Opcode::FeedbackRead) return {};
    // A two-output node and its `right` stay out of banks (their lanes are scalar state).
    if (in.op == ir::Opcode::Right || (in.node && in.node->numOutputs != 1)) return {};
    // A node with an arena banks only where bank-bench measured its bank faster than separate
    // kernels (NodeArenaBanks): the others' lanes do not vectorise (a loop in the tick, many
    // lines), and lane by lane their bank is slower (bench/RESULTS.md: pluck 0.63, waveguide
    // 0.50; delay 0.77 and comb 0.87 before theirs vectorised).
    if (in.node && in.node->arena && !in.node->has(nodes::NodeArenaBanks)) return {};
    shape.push_back(static_cast<uint64_t>(in.op) << 56 | static_cast<uint64_t>(in.type) << 48 |
                    static_cast<uint64_t>(in.rate) << 40 | in.operands.size());
    shape.push_back(reinterpret_cast<uintptr_t>(in.node));
    for (ir::ValueId op : in.operands) {
      // Inside: the position of the member it reads; outside: a marker and the value's rate.
      uint64_t inside = UINT64_MAX;
      for (size_t i = 0; i < j; ++i)
        if (members[i] == op) inside = i;
      shape.push_back(
          inside != UINT64_MAX ? inside : (1ull << 63) | static_cast<uint64_t>(m.instrs[op].rate));
    }
  }
  return shape;
}

/// A batch's single-lane kernels that can join a bank, grouped by their shape (in batch order).
std::map<std::vector<uint64_t>, std::vector<uint32_t>>
kernelsByShape(const ir::Module& m, const ir::Batch& batch,
               const std::vector<std::vector<ir::ValueId>>& members) {
  std::map<std::vector<uint64_t>, std::vector<uint32_t>> groups;
  for (uint32_t k : batch.kernels)
    if (m.schedule.kernels[k].lanes == 1)
      if (std::vector<uint64_t> shape = shapeOf(m, members[k]); !shape.empty())
        groups[shape].push_back(k);
  return groups;
}

/// The entries a `mul` member adds to shapeOf's list: its header, node and two operands.
constexpr size_t kMulShapeEntries = 4;

/// A kernel one `* c` short of a bank's shape — the lane of an additive stack whose amplitude
/// is exactly 1, its `* 1` folded away by simplify — gets the multiply back as `x * 1`, so
/// that it joins the bank (x·1 is x, bit for bit) and the bank can take in the Sum the lanes
/// feed: otherwise one odd lane of 400 leaves 399 lanes writing a buffer each and a Sum kernel
/// of its own (25 times slower). Only before buffers are allocated (the writes name values).
void completeScaledLanes(ir::Module& m) {
  ir::Schedule& s = m.schedule;
  if (s.buffersAllocated) return;
  std::vector<std::vector<ir::ValueId>> members(s.kernels.size());
  for (ir::ValueId id = 0; id < m.instrs.size(); ++id)
    if (m.instrs[id].kernel != ir::kNone) members[m.instrs[id].kernel].push_back(id);
  std::vector<std::vector<ir::ValueId>> users = usersOf(m);
  for (const ir::Batch& batch : s.batches) {
    std::map<std::vector<uint64_t>, std::vector<uint32_t>> groups =
        kernelsByShape(m, batch, members);
    // A bank-sized group whose last member multiplies the one before by a constant: its shape
    // without that multiply → the group's first kernel and which operand is the member's.
    std::map<std::vector<uint64_t>, std::pair<uint32_t, size_t>> scaled;
    for (const auto& [shape, ks] : groups) {
      const std::vector<ir::ValueId>& lane = members[ks[0]];
      if (ks.size() < kMinLanes || lane.size() < 2) continue;
      const ir::Instr& last = m.instrs[lane.back()];
      if (last.op != ir::Opcode::Node || last.node != nodes::findNodeExact("mul")) continue;
      for (size_t p = 0; p < 2; ++p)
        if (last.operands[p] == lane[lane.size() - 2] &&
            m.instrs[last.operands[1 - p]].rate == ir::Rate::Const)
          scaled[{shape.begin(), shape.end() - kMulShapeEntries}] = {ks[0], p};
    }
    for (const auto& [shape, ks] : groups) {
      auto match = scaled.find(shape);
      if (ks.size() >= kMinLanes || match == scaled.end()) continue;
      const auto [model, inside] = match->second;
      for (uint32_t k : ks) {
        const ir::ValueId x = members[k].back();
        ir::Instr times = m.instrs[members[model].back()];
        times.operands[inside] = x;
        times.operands[1 - inside] = m.addConst(1.0f);
        times.kernel = k;
        times.name.clear();
        times.seed = m.instrs[x].seed;
        times.loc = m.instrs[x].loc;
        times.hasLoc = m.instrs[x].hasLoc;
        const ir::ValueId product = m.add(std::move(times));
        for (ir::ValueId user : users[x])
          for (ir::ValueId& op : m.instrs[user].operands)
            if (op == x) op = product;
        // Bus names stay on x, which its users now read through the product.
      }
    }
  }
}

/// Moves into each lane-contiguous bank the Sum that its lanes feed and nothing else reads.
void accumulateSums(ir::Module& m) {
  ir::Schedule& s = m.schedule;
  std::vector<std::vector<ir::ValueId>> users = usersOf(m);
  std::vector<std::vector<ir::ValueId>> members(s.kernels.size());
  for (ir::ValueId id = 0; id < m.instrs.size(); ++id)
    if (m.instrs[id].kernel != ir::kNone) members[m.instrs[id].kernel].push_back(id);
  std::vector<ir::ValueId> sumOf(s.kernels.size(), ir::kNone); // bank → the Sum it takes
  std::vector<bool> moved(m.instrs.size(), false);
  for (uint32_t k = 0; k < s.kernels.size(); ++k) {
    const size_t lanes = s.kernels[k].lanes;
    if (lanes < 2 || !ir::laneContiguous(m, k)) continue;
    const size_t width = members[k].size() / lanes;
    for (size_t j = 0; j < width && sumOf[k] == ir::kNone; ++j) {
      ir::ValueId first = members[k][j];
      if (users[first].size() != 1) continue;
      ir::ValueId sum = users[first][0];
      const ir::Instr& in = m.instrs[sum];
      if (in.op != ir::Opcode::Sum || in.operands.size() != lanes || in.kernel == k) continue;
      bool fed = true;
      for (size_t lane = 0; lane < lanes && fed; ++lane) {
        ir::ValueId v = members[k][lane * width + j];
        fed = in.operands[lane] == v && users[v].size() == 1;
      }
      if (fed) sumOf[k] = sum, moved[sum] = true;
    }
  }
  // The new order: each taken Sum right after its bank; kernels left empty go.
  std::vector<ir::ValueId> order;
  std::vector<uint32_t> newKernel(s.kernels.size(), ir::kNone);
  std::vector<ir::Kernel> kernels;
  for (ir::ValueId id = 0; id < m.instrs.size(); ++id)
    if (m.instrs[id].kernel == ir::kNone) order.push_back(id);
  for (uint32_t k = 0; k < s.kernels.size(); ++k) {
    size_t before = order.size();
    for (ir::ValueId id : members[k])
      if (!moved[id]) order.push_back(id);
    if (sumOf[k] != ir::kNone) order.push_back(sumOf[k]);
    if (order.size() == before) continue;
    newKernel[k] = static_cast<uint32_t>(kernels.size());
    kernels.push_back(s.kernels[k]);
  }
  for (uint32_t k = 0; k < s.kernels.size(); ++k) {
    for (ir::ValueId id : members[k])
      if (!moved[id]) m.instrs[id].kernel = newKernel[k];
    if (sumOf[k] != ir::kNone) m.instrs[sumOf[k]].kernel = newKernel[k];
  }
  std::vector<ir::Batch> batches;
  for (ir::Batch& b : s.batches) {
    ir::Batch out = b;
    out.kernels.clear();
    for (uint32_t k : b.kernels)
      if (newKernel[k] != ir::kNone) out.kernels.push_back(newKernel[k]);
    if (!out.kernels.empty()) batches.push_back(std::move(out));
  }
  s.kernels = std::move(kernels);
  s.batches = std::move(batches);
  reorder(m, order);
}

} // namespace

void vectorizeAcrossNodes(ir::Module& m) {
  if (m.schedule.kernels.empty()) formKernels(m, false);
  if (m.schedule.batches.empty()) batchParallel(m);
  completeScaledLanes(m);
  ir::Schedule& s = m.schedule;
  std::vector<std::vector<ir::ValueId>> members(s.kernels.size());
  std::vector<ir::ValueId> order;
  for (ir::ValueId id = 0; id < m.instrs.size(); ++id) {
    if (m.instrs[id].kernel == ir::kNone)
      order.push_back(id);
    else
      members[m.instrs[id].kernel].push_back(id);
  }
  ir::Schedule result;
  for (const ir::Batch& batch : s.batches) {
    std::map<std::vector<uint64_t>, std::vector<uint32_t>> groups =
        kernelsByShape(m, batch, members);
    std::map<uint32_t, const std::vector<uint32_t>*> bankStartingAt;
    std::vector<bool> absorbed(s.kernels.size(), false);
    for (const auto& [shape, ks] : groups) {
      if (ks.size() < kMinLanes) continue;
      bankStartingAt[ks[0]] = &ks;
      for (size_t i = 1; i < ks.size(); ++i) absorbed[ks[i]] = true;
    }
    ir::Batch out;
    out.parallel = batch.parallel;
    for (uint32_t k : batch.kernels) {
      if (absorbed[k]) continue;
      uint32_t id = static_cast<uint32_t>(result.kernels.size());
      ir::Kernel kernel;
      std::vector<uint32_t> lanes{k};
      if (auto bank = bankStartingAt.find(k); bank != bankStartingAt.end()) lanes = *bank->second;
      kernel.lanes = static_cast<uint32_t>(lanes.size()) * s.kernels[k].lanes;
      for (uint32_t lane : lanes)
        for (ir::ValueId member : members[lane]) {
          m.instrs[member].kernel = id;
          order.push_back(member);
        }
      result.kernels.push_back(kernel);
      out.kernels.push_back(id);
    }
    // A parallel batch stays parallel when it became one bank: code generation splits the
    // bank's lanes between the pool's tasks.
    result.batches.push_back(std::move(out));
  }
  m.schedule = std::move(result);
  reorder(m, order);
  if (!m.schedule.buffersAllocated) accumulateSums(m);
  updateCosts(m);
}

} // namespace phonon::passes
