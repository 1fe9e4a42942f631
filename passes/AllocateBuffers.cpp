// allocate-buffers: every value one kernel computes and another reads travels in a buffer of
// one block; buffers are reused once their value is dead, so memory grows with the schedule's
// width — the values live at once — not with its node count (DESIGN §6). A value is live from
// its kernel's batch to its last reader's; a buffer freed in a batch is reused only in a later
// one (the kernels of a batch may run at once), except that a kernel may write in place the
// buffer of a value only it reads last. In a bank the lanes run one after another inside each
// sample (load, compute, store), so there a lane writes in place only a buffer that it alone
// read: another lane's input would be overwritten before that lane reads it. A bank that
// accumulates into a Sum gets a buffer of its own per chunk of ir::kSumChunk lanes for the
// chunk's total (never shared: the chunks may be computed at once, on different threads).
#include "phonon/passes/Passes.h"
#include "phonon/passes/Schedule.h"

#include <algorithm>
#include <map>
#include <set>

namespace phonon::passes {

void allocateBuffers(ir::Module& m) {
  if (m.schedule.kernels.empty()) formKernels(m, false);
  ir::Schedule& s = m.schedule;
  const size_t kernels = s.kernels.size();
  // A kernel's time: its batch, or its place when there are no batches (one after another).
  std::vector<uint32_t> time(kernels);
  for (uint32_t k = 0; k < kernels; ++k) time[k] = k;
  for (uint32_t b = 0; b < s.batches.size(); ++b)
    for (uint32_t k : s.batches[b].kernels) time[k] = b;
  const uint32_t steps =
      s.batches.empty() ? static_cast<uint32_t>(kernels) : static_cast<uint32_t>(s.batches.size());

  const std::vector<uint32_t> laneOf = ir::bankLanes(m);

  struct Value {
    uint32_t producer;
    uint32_t end = 0;               ///< the time of its last reader
    std::set<uint32_t> lastReaders; ///< the kernels reading it at `end`
    std::set<uint32_t> lastLanes;   ///< the lanes of those kernels that read it
    std::vector<uint32_t> readers;  ///< every reading kernel, in order
    uint32_t buffer = ir::kNone;
  };
  std::map<ir::ValueId, Value> crossing;
  for (ir::ValueId id = 0; id < m.instrs.size(); ++id) {
    const ir::Instr& in = m.instrs[id];
    if (in.kernel == ir::kNone) continue;
    for (ir::ValueId op : in.operands) {
      uint32_t from = m.instrs[op].kernel;
      if (from == ir::kNone || from == in.kernel) continue;
      Value& v = crossing.try_emplace(op, Value{from, 0, {}, {}, {}, ir::kNone}).first->second;
      uint32_t t = time[in.kernel];
      if (t > v.end || v.readers.empty()) {
        v.end = t;
        v.lastReaders = {in.kernel};
        v.lastLanes = {laneOf[id]};
      } else if (t == v.end) {
        v.lastReaders.insert(in.kernel);
        v.lastLanes.insert(laneOf[id]);
      }
      if (std::find(v.readers.begin(), v.readers.end(), in.kernel) == v.readers.end())
        v.readers.push_back(in.kernel);
    }
  }
  // Walk the times in order: values dying now may hand their buffer to a value of their only
  // last reader; the rest take the lowest free buffer; then the dead ones are freed.
  std::vector<std::vector<ir::ValueId>> bornAt(steps), diesAt(steps);
  for (auto& [id, v] : crossing) {
    bornAt[time[v.producer]].push_back(id);
    diesAt[v.end].push_back(id);
  }
  std::set<uint32_t> free;
  uint32_t count = 0;
  auto take = [&](ir::Type type) {
    if (type == ir::Type::F32 && !free.empty()) {
      uint32_t b = *free.begin();
      free.erase(free.begin());
      return b;
    }
    uint32_t b = count;
    count += buffersFor(type);
    return b;
  };
  for (uint32_t t = 0; t < steps; ++t) {
    std::set<ir::ValueId> handedOn;
    std::map<uint32_t, std::vector<ir::ValueId>> inPlace; // kernel → its dying inputs' values
    for (ir::ValueId id : diesAt[t]) {
      const Value& v = crossing[id];
      if (v.lastReaders.size() == 1 && v.lastLanes.size() == 1 &&
          m.instrs[id].type == ir::Type::F32)
        inPlace[*v.lastReaders.begin()].push_back(id);
    }
    for (ir::ValueId id : bornAt[t]) {
      Value& v = crossing[id];
      std::vector<ir::ValueId>& candidates = inPlace[v.producer];
      // The latest dying input read by the lane that computes this value.
      auto sameLane = std::find_if(candidates.rbegin(), candidates.rend(), [&](ir::ValueId c) {
        return *crossing[c].lastLanes.begin() == laneOf[id];
      });
      if (m.instrs[id].type == ir::Type::F32 && sameLane != candidates.rend()) {
        v.buffer = crossing[*sameLane].buffer;
        handedOn.insert(*sameLane);
        candidates.erase(std::next(sameLane).base());
      } else {
        v.buffer = take(m.instrs[id].type);
      }
    }
    for (ir::ValueId id : diesAt[t])
      if (!handedOn.count(id) && m.instrs[id].type == ir::Type::F32)
        free.insert(crossing[id].buffer);
  }
  for (ir::Kernel& k : s.kernels) k.reads.clear(), k.writes.clear();
  for (auto& [id, v] : crossing) {
    s.kernels[v.producer].writes.push_back({id, v.buffer});
    for (uint32_t reader : v.readers) s.kernels[reader].reads.push_back({id, v.buffer});
  }
  for (ir::Kernel& k : s.kernels)
    for (std::vector<ir::BufferUse>* uses : {&k.reads, &k.writes})
      std::sort(uses->begin(), uses->end(),
                [](const ir::BufferUse& a, const ir::BufferUse& b) { return a.value < b.value; });
  for (uint32_t k = 0; k < kernels; ++k) {
    s.kernels[k].partials = ir::kNone;
    if (ir::bankSum(m, k) != ir::kNone) {
      s.kernels[k].partials = count;
      count += ir::sumChunks(s.kernels[k].lanes);
    }
  }
  s.buffers = count;
  s.buffersAllocated = true;
}

} // namespace phonon::passes
