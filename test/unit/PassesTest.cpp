#include "TestSupport.h"

#include "phonon/passes/Passes.h"

#include <gtest/gtest.h>

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
  EXPECT_EQ(m.instrs.size(), 4u); // freq, st, sine, out
}

TEST(PassesTest, PipelinesByLevel) {
  EXPECT_TRUE(passes::pipelineForLevel(0).empty());
  auto names = [](int level) {
    std::string s;
    for (const passes::Pass* p : passes::pipelineForLevel(level)) s += std::string(p->name) + " ";
    return s;
  };
  EXPECT_EQ(names(1), "inline-buses fold-constants dce infer-rates fuse allocate-buffers ");
  EXPECT_EQ(names(2), "inline-buses fold-constants simplify cse dce infer-rates fuse "
                      "batch-parallel vectorize-across-nodes allocate-buffers ");
  EXPECT_EQ(names(3), "inline-buses fold-constants simplify cse dce infer-rates fuse "
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
