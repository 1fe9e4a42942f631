#include "TestSupport.h"

#include "phonon/interp/Interpreter.h"
#include "phonon/passes/Passes.h"
#include "phonon/rt/Render.h"

#include <gtest/gtest.h>

namespace phonon::test {
namespace {

const ir::Instr* findNode(const ir::Module& m, const char* name, int nth = 0) {
  for (const ir::Instr& in : m.instrs)
    if (in.op == ir::Opcode::Node && std::string(in.node->name) == name && nth-- == 0) return &in;
  return nullptr;
}

std::vector<float> renderInterpreted(const ir::Module& m, uint64_t frames) {
  interp::InterpretedPatch patch(m);
  rt::RenderOptions options;
  options.frames = frames;
  return rt::renderToBuffer(patch, options);
}

TEST(SemaTest, BusesAreOrderIndependentAndShared) {
  auto before = compileText("out: ~a + ~a\n~a: sine 3\n");
  auto after = compileText("~a: sine 3\nout: ~a + ~a\n");
  ASSERT_TRUE(before->module) << before->diagnostics;
  ASSERT_TRUE(after->module) << after->diagnostics;
  // One oscillator, read twice.
  EXPECT_NE(findNode(*before->module, "sine"), nullptr);
  EXPECT_EQ(findNode(*before->module, "sine", 1), nullptr);
  EXPECT_EQ(renderInterpreted(*before->module, 4800), renderInterpreted(*after->module, 4800));
}

TEST(SemaTest, ArgumentsFillPortsInOrderWithDefaults) {
  auto c = compileText("out: saw 110 # lpf 300\n");
  ASSERT_TRUE(c->module) << c->diagnostics;
  const ir::Module& m = *c->module;
  const ir::Instr* lpf = findNode(m, "lpf");
  ASSERT_NE(lpf, nullptr);
  ASSERT_EQ(lpf->operands.size(), 3u);
  EXPECT_EQ(m[lpf->operands[0]].node->name, std::string("saw"));
  EXPECT_EQ(m[lpf->operands[1]].value, 300.0f);
  EXPECT_EQ(m[lpf->operands[2]].value, 1.0f); // q defaults to 1
}

TEST(SemaTest, ChainInjectsTheInputAtTheLeftmostCall) {
  // saw 110 # lpf 800 0.7 * 0.5 = (lpf (saw 110) 800 0.7) * 0.5
  auto c = compileText("out: saw 110 # lpf 800 0.7 * 0.5\n");
  ASSERT_TRUE(c->module) << c->diagnostics;
  const ir::Module& m = *c->module;
  const ir::Instr& out = m.instrs.back();
  const ir::Instr& mul = m[out.operands[0]];
  EXPECT_EQ(std::string(mul.node->name), "mul");
  EXPECT_EQ(std::string(m[mul.operands[0]].node->name), "lpf");
  EXPECT_EQ(m[mul.operands[1]].value, 0.5f);
}

TEST(SemaTest, RatesFollowTheOperands) {
  auto c = compileText("out: sine (2 * 3) * (4 + 1)\n");
  ASSERT_TRUE(c->module);
  for (const ir::Instr& in : c->module->instrs) {
    if (in.op != ir::Opcode::Node) continue;
    bool isSine = std::string(in.node->name) == "sine";
    bool audioOperand = false;
    for (ir::ValueId op : in.operands) audioOperand |= (*c->module)[op].rate == ir::Rate::Audio;
    EXPECT_EQ(in.rate, isSine || audioOperand ? ir::Rate::Audio : ir::Rate::Const);
  }
}

int countNodes(const ir::Module& m, const char* name) {
  int n = 0;
  while (findNode(m, name, n)) ++n;
  return n;
}

TEST(SemaTest, FunctionArgumentsAreEvaluatedOnceAndBodiesPerCall) {
  // `x` is used twice in the body but is one noise node; each call makes its own `sine`.
  auto c = compileText("fn twice x = x + x * sine 3\nout: twice noise + twice noise\n");
  ASSERT_TRUE(c->module) << c->diagnostics;
  EXPECT_EQ(countNodes(*c->module, "noise"), 2);
  EXPECT_EQ(countNodes(*c->module, "sine"), 2);
  EXPECT_NE(findNode(*c->module, "noise", 0)->seed, findNode(*c->module, "noise", 1)->seed);
}

TEST(SemaTest, FunctionsTakeTheirInputFromChainAndDollar) {
  // x # f a = f a $ x = f x a: the three spellings give the same audio.
  const std::string defs = "fn fx x cut = x # lpf cut 1\n";
  auto direct = compileText(defs + "out: fx (saw 110) 300\n");
  auto chained = compileText(defs + "out: saw 110 # fx 300\n");
  auto dollar = compileText(defs + "out: fx 300 $ saw 110\n");
  ASSERT_TRUE(direct->module && chained->module && dollar->module) << dollar->diagnostics;
  std::vector<float> expected = renderInterpreted(*direct->module, 4800);
  EXPECT_EQ(renderInterpreted(*chained->module, 4800), expected);
  EXPECT_EQ(renderInterpreted(*dollar->module, 4800), expected);
}

TEST(SemaTest, TemplatesExpandPerUse) {
  // Each use of a template makes its own nodes; a template may hold a value or an effect.
  auto c = compileText("@osc: noise\n@wet: lpf 800 1 # hpf 50 1\n"
                       "out: @osc + @osc # @wet\n");
  ASSERT_TRUE(c->module) << c->diagnostics;
  EXPECT_EQ(countNodes(*c->module, "noise"), 2);
  EXPECT_EQ(countNodes(*c->module, "lpf"), 1);
  auto same = compileText("out: noise + noise # lpf 800 1 # hpf 50 1\n");
  ASSERT_TRUE(same->module);
  EXPECT_EQ(countNodes(*same->module, "noise"), 2);
}

TEST(SemaTest, FunctionShadowingABuiltinWarns) {
  auto c = compileText("fn lpf x = x * 0.5\nout: saw 110 # lpf\n");
  ASSERT_TRUE(c->module) << c->diagnostics;
  EXPECT_NE(c->diagnostics.find("warning: function `lpf` shadows the built-in `lpf`"),
            std::string::npos);
  EXPECT_EQ(countNodes(*c->module, "lpf"), 0);
}

TEST(SemaTest, NodeSeedsComeFromStableIdentity) {
  auto a = compileText("out: noise + noise\n");
  auto b = compileText("~other: sine 1 * noise\nout: noise + noise\n");
  ASSERT_TRUE(a->module && b->module);
  uint32_t first = findNode(*a->module, "noise", 0)->seed;
  uint32_t second = findNode(*a->module, "noise", 1)->seed;
  EXPECT_NE(first, second);
  // Adding another statement does not move the seeds of `out`.
  std::vector<uint32_t> outSeeds;
  for (const ir::Instr& in : b->module->instrs)
    if (in.op == ir::Opcode::Node && std::string(in.node->name) == "noise")
      outSeeds.push_back(in.seed);
  ASSERT_EQ(outSeeds.size(), 3u);
  EXPECT_NE(std::find(outSeeds.begin(), outSeeds.end(), first), outSeeds.end());
  EXPECT_NE(std::find(outSeeds.begin(), outSeeds.end(), second), outSeeds.end());
}

TEST(SemaTest, TempoIsExact) {
  auto c = compileText("tempo: 135/60/4\nout: 0\n");
  ASSERT_TRUE(c->module);
  EXPECT_EQ(c->module->cps, Rational(9, 16));
  EXPECT_EQ(compileText("bpm: 120\nout: 0\n")->module->cps, Rational(1, 2));
  EXPECT_EQ(compileText("cps: 0.1 + 0.2\nout: 0\n")->module->cps, Rational(3, 10));
  EXPECT_EQ(compileText("out: 0\n")->module->cps, Rational(1, 2));
}

TEST(SemaTest, AnOutputNamedByItsBusKeepsTheName) {
  auto c = compileText("~bass: saw 55\nout: ~bass\n");
  ASSERT_TRUE(c->module);
  // Sema makes the bus an instruction of its own; inline-buses gives its name to the value.
  EXPECT_NE(ir::print(*c->module).find("%~bass = bus %"), std::string::npos);
  passes::inlineBuses(*c->module);
  EXPECT_NE(ir::print(*c->module).find("%~bass = saw("), std::string::npos);
}

} // namespace
} // namespace phonon::test
