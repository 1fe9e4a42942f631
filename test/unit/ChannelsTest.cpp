// Channels (ir/Channels.h): sema's stereo values split into left and right mono values, each
// per-channel instance with its own state, and the per-channel kernels of §7.7.
#include "PatternSupport.h"
#include "TestSupport.h"

#include "phonon/frontend/Mini.h"
#include "phonon/interp/Interpreter.h"
#include "phonon/ir/Channels.h"
#include "phonon/ir/Parser.h"
#include "phonon/nodes/Catalogue.h"
#include "phonon/rt/Render.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

namespace phonon::test {
namespace {

ir::Module compile(const std::string& text) {
  auto c = compileText(text);
  EXPECT_TRUE(c->module) << c->diagnostics;
  return c->module ? std::move(*c->module) : ir::Module{};
}

std::vector<ir::ValueId> nodesNamed(const ir::Module& m, std::string_view name) {
  std::vector<ir::ValueId> ids;
  for (ir::ValueId id = 0; id < m.instrs.size(); ++id)
    if (m[id].op == ir::Opcode::Node && m[id].node->name == name) ids.push_back(id);
  return ids;
}

const ir::Instr& output(const ir::Module& m) {
  for (const ir::Instr& in : m.instrs)
    if (in.op == ir::Opcode::Output) return in;
  throw std::logic_error("no output");
}

TEST(ChannelsTest, SemaTypesStereoValuesAndTheVerifierAcceptsThem) {
  ir::Module m = compile("out: stereo (saw 110) (saw 220) # lpf 500 1\n");
  EXPECT_TRUE(ir::verify(m).empty());
  std::vector<ir::ValueId> lpf = nodesNamed(m, "lpf");
  ASSERT_EQ(lpf.size(), 1u);
  EXPECT_EQ(m[lpf[0]].type, ir::Type::Stereo);
  EXPECT_EQ(m[nodesNamed(m, "stereo")[0]].type, ir::Type::Stereo);
  EXPECT_NE(ir::print(m).find(": stereo audio"), std::string::npos);
  // pan, pan2 and stereo are stereo whatever their inputs; mono is mono.
  ir::Module pan = compile("out: pan (sine 440) 0.5 + mono (pan2 (saw 55) 0)\n");
  EXPECT_EQ(pan[nodesNamed(pan, "pan")[0]].type, ir::Type::Stereo);
  EXPECT_EQ(pan[nodesNamed(pan, "pan2")[0]].type, ir::Type::Stereo);
  EXPECT_EQ(pan[nodesNamed(pan, "mono")[0]].type, ir::Type::F32);
  EXPECT_TRUE(ir::verify(pan).empty());
}

TEST(ChannelsTest, AMonoNodeOnAStereoInputBecomesTwoInstancesWithTheirOwnState) {
  ir::Module m = compile("out: stereo (saw 110) (saw 220) # lpf 500 1\n");
  ir::splitChannels(m);
  EXPECT_TRUE(ir::verify(m).empty()) << ir::print(m);
  EXPECT_FALSE(ir::hasChannelWork(m));
  for (const ir::Instr& in : m.instrs) {
    if (!in.definesValue()) continue;
    EXPECT_EQ(in.type, ir::Type::F32);
  }
  std::vector<ir::ValueId> lpf = nodesNamed(m, "lpf");
  ASSERT_EQ(lpf.size(), 2u);
  EXPECT_EQ(m[lpf[1]].seed, ir::rightChannelSeed(m[lpf[0]].seed));
  ir::StateLayout layout = ir::layoutState(m);
  EXPECT_NE(layout.offsets[lpf[0]], layout.offsets[lpf[1]]);
  // Each instance reads its own channel: the saws at 110 and 220 Hz.
  std::set<ir::ValueId> inputs{m[lpf[0]].operands[0], m[lpf[1]].operands[0]};
  std::set<ir::ValueId> saws;
  for (ir::ValueId id : nodesNamed(m, "saw")) saws.insert(id);
  EXPECT_EQ(inputs, saws);
  // The cutoff and q are shared: a parameter is one value for both channels.
  EXPECT_EQ(m[lpf[0]].operands[1], m[lpf[1]].operands[1]);
  const ir::Instr& out = output(m);
  ASSERT_EQ(out.operands.size(), 2u);
  EXPECT_EQ(out.operands[0], lpf[0]);
  EXPECT_EQ(out.operands[1], lpf[1]);
}

TEST(ChannelsTest, AStereoParameterIsTheAverageOfItsChannels) {
  ir::Module m = compile("out: sine (stereo (saw 1) (saw 2))\n");
  ir::splitChannels(m);
  EXPECT_TRUE(ir::verify(m).empty()) << ir::print(m);
  std::vector<ir::ValueId> sine = nodesNamed(m, "sine");
  ASSERT_EQ(sine.size(), 1u);
  const ir::Instr& half = m[m[sine[0]].operands[0]];
  ASSERT_EQ(half.op, ir::Opcode::Node);
  EXPECT_STREQ(half.node->name, "mul");
  EXPECT_EQ(m[half.operands[1]].value, 0.5f);
  EXPECT_STREQ(m[half.operands[0]].node->name, "add");
  EXPECT_EQ(output(m).operands.size(), 1u); // a mono output: both channels
}

TEST(ChannelsTest, ChannelNodesBecomePerChannelNodes) {
  ir::Module m = compile("out: pan (saw 110) 0.5 + pan2 (saw 55) (-0.5) + widener "
                         "(stereo (saw 1) (saw 2)) 2\n");
  ir::splitChannels(m);
  EXPECT_TRUE(ir::verify(m).empty()) << ir::print(m);
  for (const char* name :
       {"pan_left", "pan_right", "pan2_l", "pan2_r", "widener_left", "widener_right"})
    EXPECT_EQ(nodesNamed(m, name).size(), 1u) << name;
  for (const char* name : {"pan", "pan2", "stereo", "widener", "mono"})
    EXPECT_TRUE(nodesNamed(m, name).empty()) << name;
  // A mono input to the widener stays mono: the node goes away.
  ir::Module plain = compile("out: widener (saw 110) 3\n");
  ir::splitChannels(plain);
  EXPECT_TRUE(nodesNamed(plain, "widener").empty());
  EXPECT_EQ(output(plain).operands.size(), 1u);
}

TEST(ChannelsTest, AStereoFeedbackBusHasACellPerChannel) {
  ir::Module m = compile("~fb: stereo (saw 110) (saw 165) + ~fb * 0.5\nout: ~fb\n");
  uint32_t cells = m.feedbackCells;
  ir::splitChannels(m);
  EXPECT_TRUE(ir::verify(m).empty()) << ir::print(m);
  EXPECT_EQ(m.feedbackCells, 2 * cells);
  std::set<uint32_t> written;
  for (const ir::Instr& in : m.instrs)
    if (in.op == ir::Opcode::FeedbackWrite) written.insert(in.slot);
  EXPECT_EQ(written.size(), 2u);
  // A late read of a stereo bus is stereo, and `mono` of it is still mono.
  ir::Module mixed = compile("~fb: stereo (saw 110) (saw 111) * 0.2 + mono ~fb * 0.5\nout: ~fb\n");
  EXPECT_TRUE(ir::verify(mixed).empty()) << ir::print(mixed);
  EXPECT_EQ(mixed[nodesNamed(mixed, "mono")[0]].type, ir::Type::F32);
}

TEST(ChannelsTest, AModuleWithoutStereoIsLeftAsItIs) {
  ir::Module m = compile("out: saw 55 # lpf 800 1 * 0.3\n");
  std::string before = ir::print(m);
  ir::splitChannels(m);
  EXPECT_EQ(ir::print(m), before);
}

TEST(ChannelsTest, SplitIrPrintsParsesAndPrintsTheSame) {
  ir::Module m = compile("out: pan (saw 110 # lpf 400 1) (sine 0.5)\n");
  std::string unsplit = ir::print(m);
  ir::splitChannels(m);
  std::string text = ir::print(m);
  EXPECT_NE(text.find("out 0, %"), std::string::npos);
  for (const std::string& t : {unsplit, text}) {
    SourceFile file("t.pir", t);
    DiagnosticEngine diags(&file);
    std::optional<ir::Module> parsed = ir::parse(file, parseMini, diags);
    ASSERT_TRUE(parsed) << t;
    EXPECT_EQ(ir::print(*parsed), t);
  }
}

TEST(ChannelsTest, TheRightChannelSeedDiffersFromTheLeft) {
  std::set<uint32_t> rights;
  for (uint32_t seed : {0u, 1u, 2u, 0x9e3779b9u, 0x80000000u, 0xffffffffu}) {
    EXPECT_NE(ir::rightChannelSeed(seed), seed);
    EXPECT_NE(ir::rightChannelSeed(seed), 0u);
    rights.insert(ir::rightChannelSeed(seed));
  }
  EXPECT_EQ(rights.size(), 6u);
  for (uint32_t seed = 0; seed < (1u << 20); ++seed)
    ASSERT_NE(ir::rightChannelSeed(seed * 4099u), seed * 4099u);
}

TEST(ChannelsTest, TheInterpreterSplitsTheModuleItIsGiven) {
  interp::InterpretedPatch patch(compile("out: pan (saw 110) (-1)\n"));
  rt::RenderOptions options;
  options.frames = 4800;
  std::vector<float> samples = rt::renderToBuffer(patch, options);
  ASSERT_EQ(samples.size(), 2u * 4800u);
  double leftPower = 0, rightPower = 0;
  for (size_t i = 0; i < samples.size(); i += 2) {
    leftPower += samples[i] * samples[i];
    rightPower += samples[i + 1] * samples[i + 1];
  }
  EXPECT_GT(leftPower, 100.0);
  EXPECT_EQ(rightPower, 0.0);
}

/// The gain of a stateless per-channel pan kernel at position p: its output for an input of 1.
float gain(const nodes::NodeInfo* n, float p) {
  const nodes::Env env{48000.0f, 1.0f / 48000.0f, 0.0};
  float in[2] = {1.0f, p}, out = 0;
  n->tick(nullptr, in, &out, &env);
  return out;
}

// The pan2 gains come from sinTwoPi: within 2e-7 of cos θ and sin θ, θ = (p + 1)·π/4, the
// same float in both channels at the centre, exactly 1 and 0 at the ends.
TEST(ChannelsTest, Pan2GainsAreCosineAndSineWithin2e7) {
  const nodes::NodeInfo* l = nodes::findNodeExact("pan2_l");
  const nodes::NodeInfo* r = nodes::findNodeExact("pan2_r");
  ASSERT_TRUE(l && r);
  double worst = 0;
  for (int i = 0; i <= 20000; ++i) {
    float p = -1.0f + 2.0f * static_cast<float>(i) / 20000.0f;
    double theta = (static_cast<double>(p) + 1.0) * M_PI / 4.0;
    worst = std::max(worst, std::fabs(gain(l, p) - std::cos(theta)));
    worst = std::max(worst, std::fabs(gain(r, p) - std::sin(theta)));
  }
  EXPECT_LT(worst, 2e-7);
  EXPECT_EQ(gain(l, 0.0f), gain(r, 0.0f));
  EXPECT_EQ(gain(l, -1.0f), 1.0f);
  EXPECT_EQ(gain(r, -1.0f), 0.0f);
  EXPECT_EQ(gain(r, 1.0f), 1.0f);
  EXPECT_NEAR(gain(l, 1.0f), 0.0f, 2e-7);
  // A non-finite position is the default, the centre.
  EXPECT_EQ(gain(l, NAN), gain(l, 0.0f));
}

TEST(ChannelsTest, PanIsTheBalanceLaw) {
  const nodes::NodeInfo* l = nodes::findNodeExact("pan_left");
  const nodes::NodeInfo* r = nodes::findNodeExact("pan_right");
  ASSERT_TRUE(l && r);
  for (float p : {-1.0f, -0.5f, 0.0f, 0.5f, 1.0f}) {
    EXPECT_EQ(gain(l, p), std::min(1.0f, 1.0f - p)) << p;
    EXPECT_EQ(gain(r, p), std::min(1.0f, 1.0f + p)) << p;
  }
  EXPECT_EQ(gain(l, 3.0f), 0.0f); // clamped to [-1, 1]
  EXPECT_EQ(gain(r, -3.0f), 0.0f);
}

} // namespace
} // namespace phonon::test
