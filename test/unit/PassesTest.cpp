#include "TestSupport.h"

#include "phonon/ir/Ops.h"
#include "phonon/passes/Passes.h"
#include "phonon/passes/Schedule.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

namespace phonon::test {
namespace {

ir::Module compiled(const std::string& text) {
  auto c = compileText(text);
  EXPECT_TRUE(c->module) << c->diagnostics;
  return std::move(*c->module);
}

TEST(PassesTest, FoldConstantsEvaluatesWithTheKernels) {
  ir::Module m = compiled("out: sine (1 + 2 * 3 - 8 / 2)\n");
  passes::foldConstants(m);
  // freq is computed as (1 + 6) - 4 = 3 and stays an operand of the oscillator.
  const ir::Instr& sine = m[m.instrs.back().operands[0]];
  EXPECT_EQ(m[sine.operands[0]].op, ir::Opcode::Const);
  EXPECT_EQ(m[sine.operands[0]].value, 3.0f);
  EXPECT_TRUE(ir::verify(m).empty());
}

TEST(PassesTest, FoldConstantsLeavesStatefulNodesAndSignals) {
  ir::Module m = compiled("out: sine 0 * 2 + noise\n");
  size_t nodesBefore = 0, nodesAfter = 0;
  for (const ir::Instr& in : m.instrs) nodesBefore += in.op == ir::Opcode::Node;
  passes::foldConstants(m);
  for (const ir::Instr& in : m.instrs) nodesAfter += in.op == ir::Opcode::Node;
  EXPECT_EQ(nodesBefore, nodesAfter);
}

TEST(PassesTest, DeadCodeEliminationKeepsOnlyWhatReachesAnOutput) {
  ir::Module m = compiled("~unused: saw 3 # lpf 100\nout: sine 1\n");
  passes::eliminateDeadCode(m);
  std::string text = ir::print(m);
  EXPECT_EQ(text.find("saw"), std::string::npos);
  EXPECT_EQ(text.find("lpf"), std::string::npos);
  EXPECT_NE(text.find("sine"), std::string::npos);
  EXPECT_EQ(m.instrs.size(), 5u); // freq, st, sine, out, stem
}

/// The most values crossing kernels that are live at once (a value is live from its kernel's
/// batch to its last reader's): the width of the schedule, computed here from scratch.
uint32_t liveWidth(const ir::Module& m) {
  std::vector<uint32_t> batchOf(m.schedule.kernels.size());
  for (uint32_t b = 0; b < m.schedule.batches.size(); ++b)
    for (uint32_t k : m.schedule.batches[b].kernels) batchOf[k] = b;
  std::map<ir::ValueId, std::pair<uint32_t, uint32_t>> live; // value → [born, dies]
  for (const ir::Instr& in : m.instrs)
    for (ir::ValueId op : in.operands) {
      uint32_t from = m[op].kernel;
      if (in.kernel == ir::kNone || from == ir::kNone || from == in.kernel) continue;
      auto [it, fresh] = live.try_emplace(op, batchOf[from], batchOf[in.kernel]);
      it->second.second = std::max(it->second.second, batchOf[in.kernel]);
    }
  uint32_t width = 0;
  for (uint32_t t = 0; t < m.schedule.batches.size(); ++t) {
    uint32_t n = 0;
    for (auto& [v, span] : live) n += span.first <= t && t < span.second;
    width = std::max(width, n);
  }
  return width;
}

std::string sinesSummed(int n) {
  std::string text = "out: (";
  for (int i = 0; i < n; ++i) text += (i ? " + sine " : "sine ") + std::to_string(100 + i);
  return text + ") * 0.0005\n";
}

TEST(PassesTest, BuffersGrowWithTheWidthOfTheScheduleNotItsNodeCount) {
  // Issue 5: 2000 sines summed. Every sine but the first (which starts the sum's kernel) is a
  // kernel of its own in batch 0, all live until the sum reads them: the width is 1999, and
  // so is the buffer count, for some 6000 instructions.
  for (int level : {2, 3}) {
    ir::Module m = compiled(sinesSummed(2000));
    std::ostringstream dump, errors;
    ASSERT_TRUE(passes::runPasses(m, passes::pipelineForLevel(level), {}, dump, errors))
        << errors.str();
    EXPECT_GT(m.instrs.size(), 6000u);
    EXPECT_EQ(liveWidth(m), 1999u) << "-O" << level;
    EXPECT_EQ(m.schedule.buffers, 1999u) << "-O" << level;
  }
  // A chain of 2000 stages, each read by two instructions (so each crosses kernels, and one of
  // its two products does too): the width is 2, and two buffers serve the whole chain.
  std::string chain = "~s0: sine 100\n";
  for (int i = 1; i < 2000; ++i)
    chain += "~s" + std::to_string(i) + ": ~s" + std::to_string(i - 1) + " * 0.5 + ~s" +
             std::to_string(i - 1) + " * 0.25\n";
  chain += "out: ~s1999\n";
  ir::Module m = compiled(chain);
  std::ostringstream dump, errors;
  ASSERT_TRUE(passes::runPasses(m, passes::pipelineForLevel(2), {}, dump, errors)) << errors.str();
  EXPECT_GT(m.instrs.size(), 6000u);
  EXPECT_EQ(liveWidth(m), 2u);
  EXPECT_EQ(m.schedule.buffers, 2u);
  EXPECT_TRUE(ir::verify(m).empty());
}

TEST(PassesTest, FuseCutsLongChainsIntoKernelsOfBoundedCost) {
  // Issue 15: a chain of 300 filters is many kernels of at most kMaxKernelCost each (LLVM's
  // work per function stays bounded), every filter in one of them, each kernel reading the
  // one before through a buffer; a chain within the bound (W3's 64 biquads) stays one kernel.
  auto chainOf = [](int n, const char* node) {
    std::string text = "out: saw 55";
    for (int i = 0; i < n; ++i) text += " # " + std::string(node) + " " + std::to_string(3000 + i);
    return text + " * 0.5\n";
  };
  for (int level : {1, 2, 3}) {
    ir::Module m = compiled(chainOf(300, "lpf"));
    std::ostringstream dump, errors;
    ASSERT_TRUE(passes::runPasses(m, passes::pipelineForLevel(level), {}, dump, errors))
        << errors.str();
    std::map<uint32_t, int> filtersPerKernel;
    float total = 0;
    for (const ir::Instr& in : m.instrs)
      if (in.op == ir::Opcode::Node && in.node->name == std::string("lpf")) {
        ASSERT_NE(in.kernel, ir::kNone);
        ++filtersPerKernel[in.kernel];
        total += ir::opDef(in).cost;
      }
    int filters = 0;
    for (auto [k, count] : filtersPerKernel) {
      EXPECT_LE(m.schedule.kernels[k].cost, passes::kMaxKernelCost) << "kernel " << k;
      if (k != filtersPerKernel.begin()->first) {
        EXPECT_FALSE(m.schedule.kernels[k].reads.empty()) << "kernel " << k;
      }
      filters += count;
    }
    EXPECT_EQ(filters, 300);
    EXPECT_GE(filtersPerKernel.size(), static_cast<size_t>(total / passes::kMaxKernelCost) + 1);
    EXPECT_TRUE(ir::verify(m).empty());
  }
  ir::Module w3 = compiled(chainOf(64, "bq_lp"));
  std::ostringstream dump, errors;
  ASSERT_TRUE(passes::runPasses(w3, passes::pipelineForLevel(2), {}, dump, errors)) << errors.str();
  std::set<uint32_t> kernels;
  for (const ir::Instr& in : w3.instrs)
    if (in.op == ir::Opcode::Node && in.node->name == std::string("bq_lp"))
      kernels.insert(in.kernel);
  EXPECT_EQ(kernels.size(), 1u);
}

TEST(PassesTest, StackedSinesAccumulateIntoABufferPerChunk) {
  // Issue 11: a stack of n sines is one sum whose operands are one bank; the bank adds its
  // lanes into a total per chunk of the sum (issue 15: so that threads can compute chunks at
  // once) and writes the sum to one more buffer: 2, 5 and 33 buffers, none per sine.
  static_assert(ir::sumChunks(8) == 1 && ir::sumChunks(100) == 4 && ir::sumChunks(2000) == 32);
  for (int n : {8, 100, 2000}) {
    std::string text = "out: stack [";
    for (int i = 0; i < n; ++i) text += (i ? ", sine " : "sine ") + std::to_string(100 + i);
    text += "] * 0.0005\n";
    for (int level : {1, 2, 3}) {
      ir::Module m = compiled(text);
      std::ostringstream dump, errors;
      ASSERT_TRUE(passes::runPasses(m, passes::pipelineForLevel(level), {}, dump, errors))
          << errors.str();
      EXPECT_EQ(m.schedule.buffers, 1 + ir::sumChunks(n)) << n << " sines, -O" << level;
      ASSERT_FALSE(m.schedule.kernels.empty());
      const ir::Kernel& bank = m.schedule.kernels[0];
      EXPECT_EQ(bank.lanes, static_cast<uint32_t>(n));
      EXPECT_NE(bank.partials, ir::kNone);
      EXPECT_NE(ir::bankSum(m, 0), ir::kNone);
      EXPECT_TRUE(ir::laneContiguous(m, 0));
      EXPECT_TRUE(ir::verify(m).empty());
    }
  }
}

TEST(PassesTest, PipelinesByLevel) {
  auto names = [](int level) {
    std::string s;
    for (const passes::Pass* p : passes::pipelineForLevel(level)) s += std::string(p->name) + " ";
    return s;
  };
  // split-channels is a lowering, not an optimisation: every level runs it.
  EXPECT_EQ(names(0), "split-channels ");
  EXPECT_EQ(names(1),
            "split-channels inline-buses fold-constants dce infer-rates fuse batch-parallel "
            "vectorize-across-nodes allocate-buffers ");
  EXPECT_EQ(names(2),
            "split-channels inline-buses fold-constants simplify cse dce infer-rates fuse "
            "batch-parallel vectorize-across-nodes allocate-buffers ");
  EXPECT_EQ(names(3),
            "split-channels inline-buses fold-constants simplify cse dce infer-rates fuse "
            "batch-parallel vectorize-across-nodes allocate-buffers ");
  EXPECT_EQ(passes::findPass("nope"), nullptr);
}

TEST(PassesTest, ThePassManagerVerifiesAfterEveryPass) {
  ir::Module m = compiled("out: sine 1\n");
  passes::Pass breaker{"break", "makes invalid IR",
                       [](ir::Module& mod) { mod.instrs.front().rate = ir::Rate::Audio; }, true};
  std::ostringstream dump, errors;
  EXPECT_FALSE(passes::runPasses(m, {&breaker}, {}, dump, errors));
  EXPECT_NE(errors.str().find("the IR after break is invalid"), std::string::npos);
}

} // namespace
} // namespace phonon::test
