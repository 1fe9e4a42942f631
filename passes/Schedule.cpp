#include "phonon/passes/Schedule.h"

#include "phonon/ir/Ops.h"

#include <algorithm>
#include <numeric>
#include <queue>
#include <set>

namespace phonon::passes {

using ir::kNone;
using ir::ValueId;

bool inKernel(const ir::Instr& in) {
  return !in.definesValue() || in.rate == ir::Rate::Audio;
}

uint32_t buffersFor(ir::Type t) {
  return t == ir::Type::Stereo ? 2 : 1;
}

std::vector<std::vector<ValueId>> usersOf(const ir::Module& m) {
  std::vector<std::vector<ValueId>> users(m.instrs.size());
  for (ValueId id = 0; id < m.instrs.size(); ++id)
    for (ValueId op : m.instrs[id].operands)
      if (users[op].empty() || users[op].back() != id) users[op].push_back(id);
  return users;
}

void reorder(ir::Module& m, const std::vector<ValueId>& order) {
  std::vector<ValueId> newId(m.instrs.size(), UINT32_MAX);
  std::vector<ir::Instr> moved;
  moved.reserve(order.size());
  for (ValueId old : order) {
    newId[old] = static_cast<ValueId>(moved.size());
    moved.push_back(std::move(m.instrs[old]));
  }
  for (ir::Instr& in : moved)
    for (ValueId& op : in.operands) op = newId[op];
  m.instrs = std::move(moved);
  for (ir::Kernel& k : m.schedule.kernels)
    for (std::vector<ir::BufferUse>* uses : {&k.reads, &k.writes})
      for (ir::BufferUse& u : *uses) u.value = newId[u.value];
}

namespace {

/// Union-find over kernel numbers, for merging kernels around feedback loops.
struct Merger {
  std::vector<uint32_t> parent;
  uint32_t find(uint32_t k) {
    while (parent[k] != k) k = parent[k] = parent[parent[k]];
    return k;
  }
  void unite(uint32_t a, uint32_t b) {
    a = find(a), b = find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
};

/// The instructions on a path from a feedback cell's reads to its write run sample by sample
/// in one kernel. The kernels they touch are merged whole, and the set is closed under paths
/// (everything between two members joins), so the kernels still form a DAG.
void mergeFeedbackLoops(const ir::Module& m, std::vector<uint32_t>& kernelOf, Merger& merger) {
  const size_t n = m.instrs.size();
  std::vector<std::vector<ValueId>> users = usersOf(m);
  // Forward from `seeds` along uses, or backward along operands.
  auto reach = [&](const std::vector<bool>& seeds, bool forward) {
    std::vector<bool> r = seeds;
    if (forward) {
      for (ValueId id = 0; id < n; ++id)
        if (r[id])
          for (ValueId u : users[id]) r[u] = true;
    } else {
      for (size_t i = n; i-- > 0;)
        if (r[i])
          for (ValueId op : m.instrs[i].operands) r[op] = true;
    }
    return r;
  };
  for (uint32_t cell = 0; cell < m.feedbackCells; ++cell) {
    std::vector<bool> reads(n, false), write(n, false);
    bool any = false;
    for (ValueId id = 0; id < n; ++id) {
      const ir::Instr& in = m.instrs[id];
      if (in.op == ir::Opcode::FeedbackRead && in.slot == cell) reads[id] = any = true;
      if (in.op == ir::Opcode::FeedbackWrite && in.slot == cell) write[id] = true;
    }
    if (!any) continue;
    std::vector<bool> from = reach(reads, true), to = reach(write, false);
    std::vector<bool> loop(n);
    // The write joins the reads even when its value does not depend on them (a one-sample
    // delay of another signal, which textual IR may state).
    for (ValueId id = 0; id < n; ++id) loop[id] = (from[id] && to[id]) || reads[id] || write[id];
    for (bool grew = true; grew;) {
      grew = false;
      std::set<uint32_t> touched;
      for (ValueId id = 0; id < n; ++id)
        if (loop[id] && kernelOf[id] != kNone) touched.insert(merger.find(kernelOf[id]));
      for (ValueId id = 0; id < n; ++id)
        if (!loop[id] && kernelOf[id] != kNone && touched.count(merger.find(kernelOf[id])))
          loop[id] = grew = true;
      std::vector<bool> after = reach(loop, true), before = reach(loop, false);
      for (ValueId id = 0; id < n; ++id)
        if (!loop[id] && after[id] && before[id] && kernelOf[id] != kNone) loop[id] = grew = true;
    }
    uint32_t into = kNone;
    for (ValueId id = 0; id < n; ++id) {
      if (!loop[id] || kernelOf[id] == kNone) continue;
      if (into == kNone)
        into = merger.find(kernelOf[id]);
      else
        merger.unite(into, kernelOf[id]);
    }
  }
}

} // namespace

void formKernels(ir::Module& m, bool chains) {
  const size_t n = m.instrs.size();
  std::vector<std::vector<ValueId>> users = usersOf(m);
  std::vector<uint32_t> kernelOf(n, kNone);
  std::vector<uint32_t> size; // members per kernel, while forming
  std::vector<float> cost;    // and their op-table cost
  auto fresh = [&] {
    size.push_back(0);
    cost.push_back(0);
    return static_cast<uint32_t>(size.size() - 1);
  };
  auto blockBased = [&](ValueId id) { return ir::opDef(m.instrs[id]).blockBased; };
  // The kernel of each instruction: a chain continues through an operand used only here (a
  // join continues the biggest such chain, so the other branches can run in parallel).
  std::vector<ValueId> outputs;
  for (ValueId id = 0; id < n; ++id) {
    const ir::Instr& in = m.instrs[id];
    if (!inKernel(in)) continue;
    if (in.op == ir::Opcode::Output || in.op == ir::Opcode::Stem) {
      outputs.push_back(id);
      continue;
    }
    uint32_t k = kNone;
    // A wide Sum starts a kernel of its own, so that its operands can form a bank that
    // accumulates into it (vectorize-across-nodes) instead of one of them joining it.
    const bool wideSum = in.op == ir::Opcode::Sum && in.operands.size() >= kMinBankLanes;
    const float own = ir::opDef(in).cost;
    if (chains && !blockBased(id) && !wideSum)
      for (ValueId op : in.operands) {
        uint32_t c = kernelOf[op];
        // Nor through a `right`: its node's kernel has a second exit (the left value), and a
        // chain from both channels that joins again would make two kernels read each other.
        // Nor past kMaxKernelCost: a longer chain continues in a kernel of its own.
        if (c == kNone || users[op].size() != 1 || blockBased(op) ||
            m.instrs[op].op == ir::Opcode::Right || cost[c] + own > kMaxKernelCost)
          continue;
        if (k == kNone || size[c] > size[k]) k = c;
      }
    // A two-output node's `right` reads its right output inside the same sample loop.
    if (in.op == ir::Opcode::Right && kernelOf[in.operands[0]] != kNone)
      k = kernelOf[in.operands[0]];
    if (k == kNone) k = fresh();
    kernelOf[id] = k;
    ++size[k];
    cost[k] += own;
  }
  // The outputs are summed in one kernel, in their order (the engines add them in that
  // order), and the stems are written there too: the kernel of the last main-mix output's
  // value when a chain ends there (only outputs and stems use it), else their own.
  if (!outputs.empty()) {
    uint32_t k = kNone;
    ValueId lastOutput = outputs.back();
    for (ValueId id : outputs)
      if (m.instrs[id].op == ir::Opcode::Output) lastOutput = id;
    ValueId last = m.instrs[lastOutput].operands[0];
    auto onlyOutputsUse = [&](ValueId v) {
      return std::all_of(users[v].begin(), users[v].end(), [&](ValueId user) {
        return std::find(outputs.begin(), outputs.end(), user) != outputs.end();
      });
    };
    if (chains && kernelOf[last] != kNone && onlyOutputsUse(last) && !blockBased(last))
      k = kernelOf[last];
    if (k == kNone) k = fresh();
    for (ValueId id : outputs) kernelOf[id] = k;
  }
  Merger merger;
  merger.parent.resize(size.size());
  std::iota(merger.parent.begin(), merger.parent.end(), 0u);
  mergeFeedbackLoops(m, kernelOf, merger);

  // Number the kernels by first member and put them in dependency order (Kahn's algorithm,
  // taking the kernel whose first member comes first whenever several are ready).
  std::vector<uint32_t> number(size.size(), kNone);
  std::vector<std::vector<ValueId>> members;
  for (ValueId id = 0; id < n; ++id) {
    if (kernelOf[id] == kNone) continue;
    uint32_t root = merger.find(kernelOf[id]);
    if (number[root] == kNone) {
      number[root] = static_cast<uint32_t>(members.size());
      members.emplace_back();
    }
    kernelOf[id] = number[root];
    members[number[root]].push_back(id);
  }
  const size_t kernels = members.size();
  std::vector<std::set<uint32_t>> successors(kernels);
  std::vector<uint32_t> pending(kernels, 0);
  for (ValueId id = 0; id < n; ++id) {
    if (kernelOf[id] == kNone) continue;
    for (ValueId op : m.instrs[id].operands) {
      uint32_t from = kernelOf[op];
      if (from != kNone && from != kernelOf[id] && successors[from].insert(kernelOf[id]).second)
        ++pending[kernelOf[id]];
    }
  }
  std::priority_queue<uint32_t, std::vector<uint32_t>, std::greater<>> ready;
  for (uint32_t k = 0; k < kernels; ++k)
    if (pending[k] == 0) ready.push(k);
  std::vector<ValueId> order;
  order.reserve(n);
  for (ValueId id = 0; id < n; ++id)
    if (kernelOf[id] == kNone) order.push_back(id);
  std::vector<uint32_t> position(kernels);
  uint32_t placed = 0;
  while (!ready.empty()) {
    uint32_t k = ready.top();
    ready.pop();
    position[k] = placed++;
    for (ValueId id : members[k]) order.push_back(id);
    for (uint32_t s : successors[k])
      if (--pending[s] == 0) ready.push(s);
  }
  for (ValueId id = 0; id < n; ++id)
    if (kernelOf[id] != kNone) m.instrs[id].kernel = position[kernelOf[id]];
  m.schedule = ir::Schedule{};
  m.schedule.kernels.resize(kernels);
  reorder(m, order);
  updateCosts(m);
}

void updateCosts(ir::Module& m) {
  for (ir::Kernel& k : m.schedule.kernels) k.cost = 0;
  for (const ir::Instr& in : m.instrs)
    if (in.kernel != kNone && in.kernel < m.schedule.kernels.size())
      m.schedule.kernels[in.kernel].cost += ir::opDef(in).cost;
  for (ir::Batch& b : m.schedule.batches) {
    b.cost = 0;
    for (uint32_t k : b.kernels) b.cost += m.schedule.kernels[k].cost;
  }
}

void completeSchedule(ir::Module& m) {
  ir::Schedule& s = m.schedule;
  if (s.kernels.empty()) {
    bool any = std::any_of(m.instrs.begin(), m.instrs.end(), inKernel);
    if (!any) return;
    formKernels(m, false);
  }
  if (s.batches.empty()) {
    for (uint32_t k = 0; k < s.kernels.size(); ++k)
      s.batches.push_back({{k}, s.kernels[k].cost, false});
  }
  if (!s.buffersAllocated) {
    // One buffer per value that another kernel reads, none reused.
    std::vector<uint32_t> bufferOf(m.instrs.size(), kNone);
    for (ir::Kernel& k : s.kernels) k.reads.clear(), k.writes.clear();
    for (ValueId id = 0; id < m.instrs.size(); ++id) {
      const ir::Instr& in = m.instrs[id];
      if (in.kernel == kNone) continue;
      std::set<ValueId> seen;
      for (ValueId op : in.operands) {
        uint32_t from = m.instrs[op].kernel;
        if (from == kNone || from == in.kernel) continue;
        if (bufferOf[op] == kNone) {
          bufferOf[op] = s.buffers;
          s.buffers += buffersFor(m.instrs[op].type);
          s.kernels[from].writes.push_back({op, bufferOf[op]});
        }
        std::vector<ir::BufferUse>& reads = s.kernels[in.kernel].reads;
        if (std::none_of(reads.begin(), reads.end(),
                         [&](const ir::BufferUse& u) { return u.value == op; }))
          reads.push_back({op, bufferOf[op]});
      }
    }
    for (uint32_t k = 0; k < s.kernels.size(); ++k)
      if (ir::bankSum(m, k) != kNone) {
        s.kernels[k].partials = s.buffers;
        s.buffers += ir::sumChunks(s.kernels[k].lanes);
      }
    s.buffersAllocated = true;
  }
}

} // namespace phonon::passes
