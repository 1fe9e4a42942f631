// The common tests of every node with a kernel (issue 13): for each row of nodes::catalogue()
// that a program can call, a patch is built from its signature alone, one output (a stem) per
// case: its signal inputs fed silence, full-scale noise, a sine and (for nodes with a signal
// input) a stereo signal, its number parameters at typical values, at their range ends, beyond
// them, at ±1e9, 0, and at run-time NaN and ±Inf. The patch is compiled once per engine and
// rendered through the JIT at -O3 for 10 s: every stem stays finite and free of subnormals.
// The interpreter (by samples and by blocks) and the JIT at -O0 render its first second, which
// must equal the -O3 samples bit for bit, stem by stem; both interpreters name the same first
// non-finite value.
#include "TestSupport.h"

#include "phonon/codegen/Codegen.h"
#include "phonon/interp/Interpreter.h"
#include "phonon/nodes/Catalogue.h"
#include "phonon/passes/Passes.h"
#include "phonon/rt/Render.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace phonon::test {
namespace {

using nodes::NodeInfo;
using nodes::PortInfo;

constexpr float kRate = 48000.0f;
constexpr uint32_t kBlock = 512;
constexpr uint64_t kLongFrames = 10 * 48000; // the robustness render (issue 13: 10 s)
constexpr uint64_t kShortFrames = 48000;     // the engines-agree renders
constexpr size_t kMaxStems = 99;             // out1 … out99 (LANGUAGE §2.4)

// Run-time non-finite values: sema refuses a non-finite constant, so they come from a signal
// (`sine 0` is 0 at every sample and never folded).
const char* const kBuses = "~inf: (sine 0 + 1e30) * 1e30\n"
                           "~ninf: (sine 0 - 1e30) * 1e30\n"
                           "~nan: ~inf + ~ninf\n";

/// The nodes a program calls by name and that run: not operators, not pattern functions.
std::vector<std::string> nodesWithKernels() {
  std::vector<std::string> names;
  for (const NodeInfo& n : nodes::catalogue())
    if (n.hasKernel() && !n.has(nodes::NodeOperator) && !n.has(nodes::NodePatternFunction))
      names.emplace_back(n.name);
  return names;
}

std::string number(double v) {
  if (std::isnan(v)) return "~nan";
  if (std::isinf(v)) return v > 0 ? "~inf" : "~ninf";
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", v);
  return v < 0 ? "(" + std::string(text) + ")" : std::string(text);
}

bool ranged(const PortInfo& p) {
  return p.min <= p.max;
}

/// A typical value for a number port: its default, its fallback, or one of its unit.
double typical(const PortInfo& p) {
  double v = p.defaultValue;
  if ((p.flags & nodes::PortRequired) && v == 0) {
    if (p.flags & nodes::PortHz)
      v = 220;
    else if (p.flags & nodes::PortSeconds)
      v = 0.1;
    else
      v = 0.5;
  }
  if (ranged(p)) v = std::fmin(std::fmax(v, p.min), p.max);
  return v;
}

/// The extreme values a number port gets, one case each. Constant ports (`!`) and the
/// parameters of sound patterns (`synth`, read once per event) take only numbers that sema
/// accepts: finite ones.
std::vector<double> extremes(const PortInfo& p, bool numbersOnly = false) {
  std::vector<double> values = {0, 1e9, -1e9};
  if (ranged(p)) {
    double span = std::fmax(1.0, static_cast<double>(p.max) - p.min);
    values.insert(values.end(), {p.min, p.max, p.min - 10 * span, p.max + 10 * span});
  }
  if (!(p.flags & nodes::PortConstant) && !numbersOnly)
    values.insert(values.end(), {std::numeric_limits<double>::quiet_NaN(), INFINITY, -INFINITY});
  return values;
}

/// What a port that is neither a signal nor a number gets: a valid value of its kind.
std::string fixedArgument(const PortInfo& p) {
  if (p.flags & nodes::PortEvents)
    return (p.flags & nodes::PortBools) ? "\"t f t [t t] f t . t\"" : "\"1 0.5 [0 2] . 1\"";
  if (p.flags & nodes::PortFile)
    return "\"" + std::string(p.defaultWord ? p.defaultWord : "") + "\"";
  if (p.flags & nodes::PortWords) {
    if (p.words) {
      // Every word the port takes, in a pattern: each reaches the node.
      return "\"" + std::string(p.words) + "\"";
    }
    return "\"" + std::string(p.defaultWord ? p.defaultWord : "a") + "\"";
  }
  // `segments` takes one time per segment: its `times` one item fewer than its levels.
  if (p.flags & nodes::PortList)
    return std::string_view(p.name) == "times" ? "[0.5, 0.25]" : "[1, 0.5, 0.25]";
  return "";
}

bool isNumberPort(const PortInfo& p) {
  return !(p.flags & (nodes::PortSignal | nodes::PortEvents | nodes::PortFile | nodes::PortWords |
                      nodes::PortList));
}

struct Case {
  std::string label, expr;
};

/// Every case of a node: typical parameters on each kind of input, then each number port at
/// each extreme with the others typical (on full-scale noise where the node has an input).
std::vector<Case> casesFor(const NodeInfo& node) {
  const unsigned ports = node.numUserPorts();
  bool hasSignal = false;
  for (unsigned i = 0; i < ports; ++i) hasSignal |= (node.ports[i].flags & nodes::PortSignal) != 0;
  std::vector<Case> cases;
  auto call = [&](const std::string& signal, unsigned extremePort, double extreme) {
    std::string text = node.name;
    for (unsigned i = 0; i < ports; ++i) {
      const PortInfo& p = node.ports[i];
      std::string arg;
      if (p.flags & nodes::PortSignal)
        arg = signal;
      else if (p.flags & nodes::PortOutputFile)
        // A file the node writes (`tap`): one name per case, as each file has one writer. The
        // sweep renders through Patch::process, not renderToFiles: nothing is written.
        arg = "\"case" + std::to_string(cases.size()) + ".wav\"";
      else if (!isNumberPort(p))
        arg = fixedArgument(p);
      else
        arg = number(i == extremePort ? extreme : typical(p));
      text += " " + arg;
    }
    return text;
  };
  const unsigned none = ports;
  if (hasSignal) {
    cases.push_back({"silence", call("(sine 0)", none, 0)});
    cases.push_back({"full-scale noise", call("noise", none, 0)});
    cases.push_back({"sine", call("(sine 440)", none, 0)});
    cases.push_back({"stereo", call("(stereo noise (sine 330))", none, 0)});
  } else {
    cases.push_back({"typical", call("", none, 0)});
  }
  for (unsigned i = 0; i < ports; ++i) {
    const PortInfo& p = node.ports[i];
    if (!isNumberPort(p)) continue;
    // The length of a file a node writes (`tap`'s `seconds`) sizes a buffer at init: sema
    // refuses any outside (0, 600] (test/lit/frontend/diagnostics/tap.ph), so it has no extremes.
    if (i > 0 && (node.ports[i - 1].flags & nodes::PortOutputFile)) continue;
    for (double v : extremes(p, node.has(nodes::NodeLoweredBySema)))
      cases.push_back({std::string(p.name) + " = " + number(v), call("noise", i, v)});
  }
  return cases;
}

/// What one render of every stem found.
struct StemReport {
  std::vector<std::vector<float>> head; ///< each stem's first kShortFrames, interleaved L R
  std::vector<uint64_t> nonFinite, subnormal;
  std::vector<float> firstBad;
};

/// Renders `frames` samples as rt::render does (denormals flushed, blocks of kBlock), but reads
/// every stem before the output integrity check would mute it.
StemReport renderStems(rt::Patch& patch, uint64_t frames) {
  rt::ScopedFlushDenormals flush;
  const size_t stems = patch.stemNames().size();
  const unsigned channels = patch.channels();
  std::vector<std::vector<float>> mix(channels, std::vector<float>(kBlock));
  std::vector<std::vector<float>> stem(2 * stems, std::vector<float>(kBlock));
  std::vector<float*> mixPointers, stemPointers;
  for (auto& b : mix) mixPointers.push_back(b.data());
  for (auto& b : stem) stemPointers.push_back(b.data());
  StemReport report;
  report.head.assign(stems, {});
  report.nonFinite.assign(stems, 0);
  report.subnormal.assign(stems, 0);
  report.firstBad.assign(stems, 0.0f);
  patch.init(kRate, kBlock);
  const double cyclesPerFrame = patch.cps().toDouble() / kRate;
  const double start = patch.startCycle().toDouble();
  for (uint64_t pos = 0; pos < frames;) {
    uint32_t n = static_cast<uint32_t>(std::min<uint64_t>(kBlock, frames - pos));
    phonon_block_context ctx{};
    ctx.frames = n;
    ctx.num_channels = channels;
    ctx.outputs = mixPointers.data();
    ctx.frame_position = pos;
    ctx.cycle_begin = start + static_cast<double>(pos) * cyclesPerFrame;
    ctx.cycle_end = start + static_cast<double>(pos + n) * cyclesPerFrame;
    ctx.cps = patch.cps().toDouble();
    ctx.voice_pitch = 1.0f;
    ctx.stem_outputs = stemPointers.data();
    patch.process(ctx);
    while (!patch.takeWarning().empty()) {
    }
    for (size_t s = 0; s < stems; ++s) {
      for (uint32_t i = 0; i < n; ++i)
        for (unsigned c = 0; c < 2; ++c) {
          float x = stem[2 * s + c][i];
          bool bad = false;
          if (!std::isfinite(x)) ++report.nonFinite[s], bad = true;
          if (std::fpclassify(x) == FP_SUBNORMAL) ++report.subnormal[s], bad = true;
          if (bad && report.nonFinite[s] + report.subnormal[s] == 1) report.firstBad[s] = x;
        }
      if (pos < kShortFrames)
        for (uint32_t i = 0; i < n && pos + i < kShortFrames; ++i)
          for (unsigned c = 0; c < 2; ++c) report.head[s].push_back(stem[2 * s + c][i]);
    }
    pos += n;
  }
  return report;
}

/// The index of the first sample where two renders differ in their bits, or -1.
long firstDifference(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return 0;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::memcmp(&a[i], &b[i], sizeof(float)) != 0) return static_cast<long>(i);
  return -1;
}

class NodeRobustnessTest : public ::testing::TestWithParam<std::string> {};

TEST_P(NodeRobustnessTest, FiniteWithoutSubnormalsAndTheSameInEveryEngine) {
  const NodeInfo* node = nodes::findNodeExact(GetParam());
  ASSERT_NE(node, nullptr);
  std::vector<Case> cases;
  for (Case& c : casesFor(*node)) {
    // A parameter that takes numbers and patterns but no signal (`quantize`'s q) gets no
    // run-time NaN or ±Inf: sema says so, and the case is left out.
    if (c.expr.find('~') != std::string::npos) {
      auto alone = compileText(std::string(kBuses) + "out: " + c.expr + "\n");
      if (!alone->module && alone->diagnostics.find("not a signal") != std::string::npos) continue;
    }
    cases.push_back(std::move(c));
  }
  ASSERT_LE(cases.size(), kMaxStems) << "split the cases of " << node->name;
  std::string text = kBuses;
  for (size_t k = 0; k < cases.size(); ++k)
    text += "out" + std::to_string(k + 1) + ": " + cases[k].expr + "\n";
  SCOPED_TRACE(text);

  std::string error;
  auto optimised = codegen::compileJit(compileOptimised(text, 3), {3}, error);
  ASSERT_TRUE(optimised) << error;
  ASSERT_EQ(optimised->stemNames().size(), cases.size());
  StemReport reference = renderStems(*optimised, kLongFrames);
  for (size_t k = 0; k < cases.size(); ++k) {
    EXPECT_EQ(reference.nonFinite[k], 0u) << node->name << ", " << cases[k].label
                                          << ": non-finite output, first " << reference.firstBad[k];
    EXPECT_EQ(reference.subnormal[k], 0u) << node->name << ", " << cases[k].label
                                          << ": subnormal output, first " << reference.firstBad[k];
  }

  auto unoptimised = codegen::compileJit(compileOptimised(text, 0), {0}, error);
  ASSERT_TRUE(unoptimised) << error;
  interp::InterpretedPatch interpreted(compileOptimised(text, 0));
  interp::InterpretedPatch byBlocks(compileOptimised(text, 0), interp::Stepping::Blocks);
  ASSERT_EQ(byBlocks.stepping(), interp::Stepping::Blocks);
  struct Engine {
    const char* name;
    rt::Patch& patch;
  };
  for (Engine engine :
       {Engine{"the JIT at -O0", *unoptimised}, Engine{"the interpreter", interpreted},
        Engine{"the interpreter by blocks", byBlocks}}) {
    StemReport other = renderStems(engine.patch, kShortFrames);
    for (size_t k = 0; k < cases.size(); ++k) {
      long at = firstDifference(reference.head[k], other.head[k]);
      EXPECT_EQ(at, -1) << node->name << ", " << cases[k].label << ": " << engine.name
                        << " differs from the JIT at -O3 at frame " << at / 2 << " (channel "
                        << at % 2 << "): " << other.head[k][at] << " vs " << reference.head[k][at];
    }
  }
  // By blocks, the interpreter names the value by samples does: the first non-finite one.
  std::optional<rt::NonFiniteOrigin> bySamples = interpreted.nonFiniteOrigin();
  std::optional<rt::NonFiniteOrigin> blocks = byBlocks.nonFiniteOrigin();
  ASSERT_EQ(bySamples.has_value(), blocks.has_value());
  if (bySamples) {
    EXPECT_EQ(blocks->instr, bySamples->instr);
    EXPECT_EQ(blocks->frame, bySamples->frame);
    EXPECT_EQ(std::memcmp(&blocks->value, &bySamples->value, sizeof(float)), 0);
  }
}

INSTANTIATE_TEST_SUITE_P(Catalogue, NodeRobustnessTest, ::testing::ValuesIn(nodesWithKernels()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

TEST(NodeRobustnessTest, CasesCoverEveryPortKind) {
  // The harness itself: a filter gets all four inputs and every extreme of its parameters,
  // run-time NaN and ±Inf included; a constant port only finite values.
  std::vector<Case> lpf = casesFor(*nodes::findNodeExact("lpf"));
  ASSERT_GE(lpf.size(), 4u);
  EXPECT_EQ(lpf[0].expr, "lpf (sine 0) 1000 1");
  EXPECT_EQ(lpf[3].expr, "lpf (stereo noise (sine 330)) 1000 1");
  bool nanCutoff = false, tinyQ = false;
  for (const Case& c : lpf) {
    nanCutoff |= c.expr == "lpf noise ~nan 1";
    tinyQ |= c.label == "q = 0.0500000007";
  }
  EXPECT_TRUE(nanCutoff);
  EXPECT_TRUE(tinyQ);
  PortInfo constant = nodes::opt("voices", 7, nodes::PortConstant).within(1, 7);
  for (double v : extremes(constant)) EXPECT_TRUE(std::isfinite(v)) << v;
  EXPECT_GE(nodesWithKernels().size(), 20u);
}

} // namespace
} // namespace phonon::test
