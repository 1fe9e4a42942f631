// Node kernels, called directly as the interpreter calls them.
#include "phonon/nodes/Catalogue.h"
#include "phonon/nodes/FastMath.h"

#include "DelayLines.h"
#include "MathFunctions.h"
#include "Oscillators.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace phonon::nodes {
namespace {

constexpr float kRate = 48000.0f;

/// Runs a node for n samples with constant inputs.
std::vector<float> run(const char* name, std::vector<float> inputs, size_t n, uint32_t seed = 1) {
  const NodeInfo* node = findNode(name);
  EXPECT_NE(node, nullptr) << name;
  Env env{kRate, 1.0f / kRate, 0.0};
  std::vector<unsigned char> state(node->stateSize + 16, 0);
  InitArgs args{nullptr, 0, nullptr, 0};
  args.arenaSize = node->arena ? node->arena(&env, &args) : 0;
  std::vector<float> arena(args.arenaSize / sizeof(float) + 1, 0.0f);
  args.arena = args.arenaSize ? arena.data() : nullptr;
  node->init(state.data(), &env, seed, &args);
  std::vector<float> out(n);
  for (size_t i = 0; i < n; ++i)
    node->tick(node->stateSize ? state.data() : nullptr, inputs.data(), &out[i], &env);
  return out;
}

TEST(NodesTest, CatalogueHasEveryNodeOnceWithItsAliases) {
  EXPECT_EQ(findNode("triangle"), findNode("tri"));
  EXPECT_EQ(findNode("white_noise"), findNode("noise"));
  EXPECT_EQ(findNodeExact("triangle"), nullptr);
  std::set<std::string> names;
  for (const NodeInfo& n : catalogue()) {
    EXPECT_EQ(findNodeExact(n.name), &n);
    EXPECT_TRUE(names.insert(n.name).second) << n.name << " is declared twice";
    for (unsigned i = 0; i < n.numAliases; ++i)
      EXPECT_TRUE(names.insert(n.aliases[i]).second) << n.aliases[i] << " names two nodes";
    if (!n.hasKernel()) continue;
    // Lowered to per-channel nodes, or written by sema as other IR (`mix` is `sum`): no kernel
    // functions of its own.
    if (n.has(NodeChannels) || n.has(NodeLoweredBySema)) {
      EXPECT_EQ(n.tick, nullptr) << n.name;
      continue;
    }
    // Run only as its two-output pair row (`reverb_stereo`).
    if (n.pairRow && !n.tick) {
      const NodeInfo* pair = findNodeExact(n.pairRow);
      ASSERT_NE(pair, nullptr) << n.name;
      EXPECT_NE(pair->tick, nullptr) << n.name;
      continue;
    }
    EXPECT_NE(n.init, nullptr);
    EXPECT_EQ(std::string(n.tickSymbol), std::string("phn_") + n.name + "_tick");
    // Two outputs exactly for a pair row, one for every other kernel.
    EXPECT_EQ(n.numOutputs, std::string_view(n.name).ends_with("_pair") ? 2u : 1u) << n.name;
  }
}

TEST(NodesTest, StereoReverbsRunAsTwoOutputPairRows) {
  // `reverb`: its mono kernel, and on a stereo input the pair row; `reverb_stereo`: only the
  // pair row. A pair row's ports are the input's two channels, then the row's other ports.
  const NodeInfo* reverb = findNode("reverb");
  ASSERT_NE(reverb, nullptr);
  EXPECT_NE(reverb->tick, nullptr);
  EXPECT_EQ(reverb->numOutputs, 1u);
  ASSERT_STREQ(reverb->pairRow, "reverb_pair");
  const NodeInfo* pair = findNodeExact("reverb_pair");
  ASSERT_NE(pair, nullptr);
  EXPECT_EQ(pair->numOutputs, 2u);
  EXPECT_TRUE(pair->has(NodeOperator)); // not callable by name
  ASSERT_EQ(pair->numPorts, reverb->numPorts + 1);
  EXPECT_STREQ(pair->ports[0].name, "l");
  EXPECT_STREQ(pair->ports[1].name, "r");
  EXPECT_STREQ(pair->ports[4].name, "mix");
  EXPECT_FLOAT_EQ(pair->ports[4].defaultValue, 0.3f);
  EXPECT_GT(pair->stateSize, reverb->stateSize);
  const NodeInfo* stereo = findNode("reverb_stereo");
  ASSERT_NE(stereo, nullptr);
  EXPECT_EQ(stereo->tick, nullptr);
  EXPECT_TRUE(stereo->hasKernel());
  EXPECT_TRUE(stereo->has(NodeStereoOutput));
  EXPECT_STREQ(stereo->pairRow, "reverb_stereo_pair");
  EXPECT_EQ(findNodeExact("reverb_stereo_pair")->numOutputs, 2u);
}

TEST(NodesTest, CatalogueKnowsEverySignatureOfLanguageSection7) {
  // `tap in file seconds!`: its file port names a file it writes, its length the port after.
  const NodeInfo* tap = findNode("probe");
  ASSERT_NE(tap, nullptr);
  EXPECT_STREQ(tap->name, "tap");
  EXPECT_TRUE(tap->hasKernel());
  ASSERT_EQ(tap->numPorts, 3u);
  EXPECT_TRUE(tap->ports[1].flags & PortFile);
  EXPECT_TRUE(tap->ports[1].flags & PortOutputFile);
  EXPECT_TRUE(tap->ports[2].flags & PortConstant);
  EXPECT_STREQ(tap->pairRow, "tap_pair");
  EXPECT_EQ(findNodeExact("tap_pair")->numOutputs, 2u);
  const NodeInfo* reverb = findNode("reverb");
  ASSERT_NE(reverb, nullptr);
  EXPECT_TRUE(reverb->has(NodeHasInput));
  ASSERT_EQ(reverb->numPorts, 4u);
  EXPECT_STREQ(reverb->ports[3].name, "mix");
  EXPECT_FLOAT_EQ(reverb->ports[3].defaultValue, 0.3f);
  EXPECT_FLOAT_EQ(reverb->ports[3].max, 1.0f);
  EXPECT_TRUE(reverb->ports[1].flags & PortRequired);
  EXPECT_EQ(findNode("moog_ladder"), findNode("moog"));
  EXPECT_STREQ(findNode("synth")->ports[1].defaultWord, "saw");
  EXPECT_TRUE(findNode("mix")->variadic());
  EXPECT_TRUE(findNode("supersaw")->ports[2].flags & PortConstant);
  EXPECT_STREQ(findNode("bpf")->ports[1].unit, "Hz");
  EXPECT_TRUE(findNode("lush")->ports[1].flags & PortLeadingOptional);
  // Every node name of the §7 tables (operators, pattern functions and the control and
  // pattern nodes handled by sema aside).
  for (const char* name : {"sine",
                           "saw",
                           "square",
                           "tri",
                           "pulse",
                           "vco",
                           "impulse",
                           "blip",
                           "wavetable",
                           "additive",
                           "saw_hz",
                           "square_hz",
                           "triangle_hz",
                           "organ",
                           "soft_saw",
                           "fm",
                           "pm",
                           "pluck",
                           "waveguide",
                           "supersaw",
                           "superpwm",
                           "superchip",
                           "superfm",
                           "superkick",
                           "supersnare",
                           "superhat",
                           "noise",
                           "pink",
                           "brown_noise",
                           "synth",
                           "sine_trig",
                           "saw_trig",
                           "square_trig",
                           "tri_trig",
                           "tar",
                           "tadsr",
                           "gate",
                           "trig",
                           "env_trig",
                           "mtof",
                           "ftom",
                           "phasor",
                           "lpf",
                           "hpf",
                           "bpf",
                           "notch",
                           "svf_lp",
                           "svf_hp",
                           "svf_bp",
                           "svf_notch",
                           "bq_lp",
                           "bq_hp",
                           "bq_bp",
                           "bq_notch",
                           "rlpf",
                           "rhpf",
                           "resonz",
                           "moog",
                           "comb",
                           "allpass",
                           "djf",
                           "eq",
                           "formant",
                           "vowel",
                           "adsr",
                           "ad",
                           "line",
                           "env",
                           "asr",
                           "xline",
                           "curve",
                           "segments",
                           "lag",
                           "reverb",
                           "reverb_stereo",
                           "plate",
                           "lush",
                           "convolve",
                           "freeze",
                           "delay",
                           "tapedelay",
                           "multitap",
                           "pingpong",
                           "chorus",
                           "fchorus",
                           "flanger",
                           "phaser",
                           "tremolo",
                           "vibrato",
                           "ring",
                           "ring_mod",
                           "fmcrossmod",
                           "distort",
                           "bitcrush",
                           "coarse",
                           "decimator",
                           "pitch_shift",
                           "vocoder",
                           "granular",
                           "compressor",
                           "sidechain_compressor",
                           "expander",
                           "transient_shaper",
                           "limiter",
                           "pan",
                           "pan2",
                           "pan2_l",
                           "pan2_r",
                           "widener",
                           "mono",
                           "stereo",
                           "gain",
                           "mix",
                           "amp",
                           "min",
                           "max",
                           "clip",
                           "wrap",
                           "fold",
                           "abs",
                           "sign",
                           "sqrt",
                           "tanh",
                           "exp",
                           "log",
                           "lerp",
                           "xfade",
                           "if",
                           "select",
                           "quantize",
                           "rms",
                           "peak_follower",
                           "amp_follower",
                           "schmidt",
                           "latch",
                           "timer",
                           "tap"})
    EXPECT_NE(findNodeExact(name), nullptr) << name;
}

TEST(NodesTest, TapPassesThroughAndFillsTheHostsBufferOnce) {
  Env env{kRate, 1.0f / kRate, 0.0};
  for (const char* name : {"tap", "tap_pair"}) {
    SCOPED_TRACE(name);
    const NodeInfo* node = findNodeExact(name);
    ASSERT_NE(node, nullptr);
    const unsigned channels = node->numOutputs, filePort = channels; // after l, r or in
    std::vector<float> buffer(4 * channels, -1.0f);
    std::vector<ConstArg> constArgs(node->numPorts, ConstArg{nullptr, 0});
    constArgs[filePort] = {buffer.data(), static_cast<uint32_t>(buffer.size())};
    for (bool withBuffer : {true, false}) {
      InitArgs args{withBuffer ? constArgs.data() : nullptr,
                    withBuffer ? static_cast<uint32_t>(constArgs.size()) : 0u, nullptr, 0};
      std::vector<unsigned char> state(node->stateSize, 0);
      node->init(state.data(), &env, 1, &args);
      for (int i = 0; i < 6; ++i) {
        float in[4] = {0.25f * static_cast<float>(i), -0.5f * static_cast<float>(i), 0, 0};
        if (i == 5) in[0] = std::numeric_limits<float>::quiet_NaN();
        float out[2] = {7.0f, 7.0f};
        node->tick(state.data(), in, out, &env);
        for (unsigned c = 0; c < channels; ++c)
          EXPECT_EQ(std::memcmp(&out[c], &in[c], sizeof(float)), 0) << "sample " << i;
      }
    }
    // The first four frames, interleaved, then nothing more (the run without a buffer wrote
    // nowhere).
    for (unsigned i = 0; i < 4; ++i)
      for (unsigned c = 0; c < channels; ++c)
        EXPECT_EQ(buffer[i * channels + c], (c == 0 ? 0.25f : -0.5f) * static_cast<float>(i));
  }
}

TEST(NodesTest, ARealignedRingReadsEverySampleAtItsAge) {
  // Codegen's ring banks move a lane's line to its group's write position (phn_ring_align):
  // every read must see what it saw before. 12 samples: shifts of 1 to 11 make 1 to 6 cycles.
  constexpr uint32_t size = 12;
  for (uint32_t write = 0; write < size; ++write)
    for (uint32_t position = 0; position < size; ++position) {
      std::vector<float> before(size), after(size);
      for (uint32_t i = 0; i < size; ++i) before[i] = after[i] = static_cast<float>(i + 1);
      realignRing(after.data(), size, write, position);
      const DelayLine was{before.data(), size, write}, is{after.data(), size, position};
      for (uint32_t ago = 1; ago <= size; ++ago)
        ASSERT_EQ(is.at(ago), was.at(ago)) << "write " << write << " to " << position;
    }
}

TEST(NodesTest, SineStartsAtZeroAndCompletesAPeriod) {
  std::vector<float> x = run("sine", {480.0f, 0.0f}, 101);
  EXPECT_EQ(x[0], 0.0f);
  EXPECT_NEAR(x[25], 1.0f, 1e-5); // a quarter of the 100-sample period
  EXPECT_NEAR(x[50], 0.0f, 1e-5);
  EXPECT_NEAR(x[75], -1.0f, 1e-5);
  EXPECT_NEAR(x[100], 0.0f, 1e-4);
}

TEST(NodesTest, SineIsWithin2e7OfTheExactValueWithoutLibm) {
  // sinTwoPi is plain float arithmetic (so banks of oscillators can run in SIMD lanes and still
  // give the interpreter's bits); it is closer to sin 2πφ than sinf(2π·φ), whose argument
  // rounds.
  double worst = 0;
  for (uint32_t i = 0; i < (1u << 20); ++i) {
    float phase = static_cast<float>(i) / static_cast<float>(1u << 20);
    double exact = std::sin(2.0 * M_PI * static_cast<double>(phase));
    worst = std::max(worst, std::fabs(static_cast<double>(sinTwoPi(phase)) - exact));
  }
  EXPECT_LT(worst, 2e-7);
  // Never above full scale, so a plain `sine` is no sample above 0 dBFS.
  float largest = 0;
  for (uint32_t i = 0; i < (1u << 20); ++i)
    largest = std::max(largest, std::fabs(sinTwoPi(static_cast<float>(i) / (1u << 20))));
  for (float phase = 0.2499f; phase < 0.2501f; phase = std::nextafter(phase, 1.0f))
    largest = std::max(largest, std::fabs(sinTwoPi(phase)));
  EXPECT_LE(largest, 1.0f);
  EXPECT_EQ(sinTwoPi(0.0f), 0.0f);
  EXPECT_EQ(sinTwoPi(0.5f), 0.0f);
  EXPECT_NEAR(sinTwoPi(0.25f), 1.0f, 1.2e-7);
  EXPECT_NEAR(sinTwoPi(0.75f), -1.0f, 1.2e-7);
}

// `sine`'s phase is 32-bit fixed point (Node.h FixedPhase). Its wave is within the documented 2e-7
// of sin 2πφ at the exact phase (1.92e-7 at worst over all 2^32 phases, checked once), and never
// above full scale: u is folded exactly, so it is a float in [−¼, ¼] like sinTwoPi's.
TEST(NodesTest, SineOfAFixedPhaseIsWithin2e7OfTheExactValue) {
  double worst = 0;
  for (uint64_t phase = 0; phase < (uint64_t{1} << 32); phase += 4093) {
    double exact = std::sin(2.0 * M_PI * static_cast<double>(phase) / 4294967296.0);
    worst = std::max(
        worst,
        std::fabs(static_cast<double>(sinTwoPiFixed(static_cast<FixedPhase>(phase))) - exact));
  }
  EXPECT_LT(worst, 2e-7);
  float largest = 0;
  for (FixedPhase quarter : {FixedPhase{1} << 30, FixedPhase{3} << 30})
    for (FixedPhase phase = quarter - (1u << 16); phase != quarter + (1u << 16); ++phase)
      largest = std::max(largest, std::fabs(sinTwoPiFixed(phase)));
  EXPECT_LE(largest, 1.0f);
  EXPECT_EQ(sinTwoPiFixed(0), 0.0f);
  EXPECT_EQ(sinTwoPiFixed(FixedPhase{1} << 31), 0.0f);
  EXPECT_NEAR(sinTwoPiFixed(FixedPhase{1} << 30), 1.0f, 1.2e-7);
  EXPECT_NEAR(sinTwoPiFixed(FixedPhase{3} << 30), -1.0f, 1.2e-7);
  // Odd to the bit: the phase −φ (2^32 − φ) gives exactly −sin 2πφ.
  for (FixedPhase phase = 12345; phase < 0xffff0000u; phase += 7654321)
    EXPECT_EQ(sinTwoPiFixed(0u - phase), -sinTwoPiFixed(phase)) << phase;
}

TEST(NodesTest, FixedPhaseStepIsTheStepModuloOneCycle) {
  // Where dt·2^32 is an integer (|dt| ≥ 2^-9), exactly that modulo 2^32; below, within one unit.
  EXPECT_EQ(fixedPhaseStep(0.25f), 0x40000000u);
  EXPECT_EQ(fixedPhaseStep(-0.25f), 0xc0000000u);
  EXPECT_EQ(fixedPhaseStep(1.25f), 0x40000000u);
  EXPECT_EQ(fixedPhaseStep(-0.75f), 0x40000000u);
  EXPECT_EQ(fixedPhaseStep(3.0f), 0u);
  EXPECT_EQ(fixedPhaseStep(0.0f), 0u);
  EXPECT_EQ(fixedPhaseStep(1e30f), 0u); // a float this large is a whole number of cycles
  // Half a cycle, from either side and from any odd number of half cycles: 2^31.
  for (float half : {0.5f, -0.5f, 1.5f, -1.5f, 2.5f, 1001.5f})
    EXPECT_EQ(fixedPhaseStep(half), 0x80000000u) << half;
  float dt = 440.0f / kRate;
  EXPECT_EQ(fixedPhaseStep(dt), static_cast<FixedPhase>(std::ldexp(static_cast<double>(dt), 32)));
  // Above sr: aliased, as a float phase wraps.
  float above = 2.0f + dt;
  EXPECT_EQ(fixedPhaseStep(above),
            static_cast<FixedPhase>(std::ldexp(static_cast<double>(above) - 2.0, 32)));
  for (float f = 0.01f; f < 200000.0f; f *= 1.37f) {
    float step = f / kRate;
    double exact = std::ldexp(static_cast<double>(step - std::nearbyint(step)), 32);
    auto fixed = static_cast<int32_t>(fixedPhaseStep(step));
    EXPECT_LT(std::fabs(fixed - exact), 1.0) << f;
    // A negative frequency steps exactly back.
    EXPECT_EQ(fixedPhaseStep(-step), 0u - fixedPhaseStep(step)) << f;
  }
}

// The phase of sample n is n·step modulo 2^32 exactly: a long run does not drift (a float phase
// rounds at each addition), and a negative frequency runs the same phases backwards.
TEST(NodesTest, SinePhaseIsExactAndANegativeFrequencyRunsBackwards) {
  const size_t n = 10 * 48000;
  std::vector<float> up = run("sine", {440.0f, 0.0f}, n);
  std::vector<float> down = run("sine", {-440.0f, 0.0f}, n);
  const FixedPhase step = fixedPhaseStep(440.0f / kRate);
  double worst = 0;
  for (size_t i = 0; i < n; ++i) {
    const auto phase = static_cast<FixedPhase>(i * step);
    ASSERT_EQ(up[i], sinTwoPiFixed(phase)) << i;
    ASSERT_EQ(down[i], -up[i]) << i;
    double exact = std::sin(2.0 * M_PI * static_cast<double>(phase) / 4294967296.0);
    worst = std::max(worst, std::fabs(up[i] - exact));
  }
  EXPECT_LT(worst, 2e-7);
  // `st` transposes the frequency before its step: an octave up is 880 Hz's phases.
  EXPECT_EQ(run("sine", {440.0f, 12.0f}, 4800), run("sine", {880.0f, 0.0f}, 4800));
}

/// The largest step back over an ascending sweep (every float where `step` is 0), in units of
/// the float spacing at the value: 0 for a function that is monotone to the last bit.
template <class F> double largestStepBackInUlps(F f, float from, float to, float step) {
  double worst = 0;
  float previous = f(from);
  auto next = [&](float x) { return step > 0 ? x + step : std::nextafter(x, to); };
  for (float x = next(from); x < to; x = next(x)) {
    float y = f(x);
    if (y < previous) {
      float spacing = std::nextafter(y, std::numeric_limits<float>::infinity()) - y;
      worst = std::max(worst, static_cast<double>(previous - y) / spacing);
    }
    previous = y;
  }
  return worst;
}

TEST(NodesTest, TanPiIsWithin2Point5e7RelativeWithoutLibm) {
  // The filters' tan(π·fc/sr): every float of [2^-21, ½) steps through a sweep of 2^22 points,
  // and the filters' range (fc ≥ 10 Hz at any rate up to 384 kHz) starts above 2.6e-5.
  double worst = 0;
  for (uint32_t i = 1; i < (1u << 22); ++i) {
    float x = static_cast<float>(i) / static_cast<float>(1u << 23);
    double exact = std::tan(M_PI * static_cast<double>(x));
    worst = std::max(worst, std::fabs(static_cast<double>(tanPi(x)) - exact) / exact);
  }
  // The reflection tan πx = 1/tan π(½ − x) keeps the relative error bounded up to the pole.
  for (float x = 0.4899f; x < 0.5f; x = std::nextafter(x, 1.0f)) {
    double exact = std::tan(M_PI * static_cast<double>(x));
    worst = std::max(worst, std::fabs(static_cast<double>(tanPi(x)) - exact) / exact);
  }
  for (float x = 1e-20f; x < 1e-3f; x *= 1.001f) {
    double exact = std::tan(M_PI * static_cast<double>(x));
    worst = std::max(worst, std::fabs(static_cast<double>(tanPi(x)) - exact) / exact);
  }
  EXPECT_LT(worst, 2.5e-7);
  EXPECT_EQ(tanPi(0.0f), 0.0f);
  EXPECT_NEAR(tanPi(0.25f), 1.0f, 1.2e-7);
  EXPECT_EQ(tanPi(0.5f), std::numeric_limits<float>::infinity());
  EXPECT_LE(largestStepBackInUlps(tanPi, 0.0f, 0.5f, 1.0f / (1 << 22)), 3.0);
}

TEST(NodesTest, SinCosPiIsWithin1Point5e7RelativeWithoutLibm) {
  // The biquads' sin and cos of w0/2 = π·f/sr (f ≤ 0.49·sr): both relatively accurate over
  // [0, ½], so 2·sin²(w0/2) near 0 Hz and 2·cos²(w0/2) near sr/2 keep their precision.
  double worstSin = 0, worstCos = 0;
  auto check = [&](float x) {
    SinCos sc = sinCosPi(x);
    double exactSin = std::sin(M_PI * static_cast<double>(x));
    double exactCos = std::cos(M_PI * static_cast<double>(x));
    if (exactSin > 0)
      worstSin = std::max(worstSin, std::fabs(static_cast<double>(sc.sin) - exactSin) / exactSin);
    if (exactCos > 0)
      worstCos = std::max(worstCos, std::fabs(static_cast<double>(sc.cos) - exactCos) / exactCos);
  };
  for (uint32_t i = 1; i < (1u << 22); ++i)
    check(static_cast<float>(i) / static_cast<float>(1u << 23));
  for (float x = 0.4899f; x < 0.5f; x = std::nextafter(x, 1.0f)) check(x);
  for (float x = 1e-20f; x < 1e-3f; x *= 1.001f) check(x);
  EXPECT_LT(worstSin, 1.5e-7);
  EXPECT_LT(worstCos, 1.5e-7);
  EXPECT_EQ(sinCosPi(0.0f).sin, 0.0f);
  EXPECT_EQ(sinCosPi(0.0f).cos, 1.0f);
  EXPECT_EQ(sinCosPi(0.5f).sin, 1.0f);
  EXPECT_EQ(sinCosPi(0.5f).cos, 0.0f);
  EXPECT_NEAR(sinCosPi(0.25f).sin, std::sqrt(0.5), 1e-7);
  EXPECT_NEAR(sinCosPi(0.25f).cos, std::sqrt(0.5), 1e-7);
}

TEST(NodesTest, TanhIsWithin1Point2e7OddAndSaturatingWithoutLibm) {
  double worst = 0;
  int notOdd = 0, aboveOne = 0;
  for (uint32_t i = 0; i <= (1u << 22); ++i) {
    float x = -12.0f + 24.0f * static_cast<float>(i) / static_cast<float>(1u << 22);
    float y = tanhApprox(x);
    worst = std::max(worst, std::fabs(static_cast<double>(y) - std::tanh(static_cast<double>(x))));
    notOdd += tanhApprox(-x) != -y; // odd, to the bit
    aboveOne += std::fabs(y) > 1.0f;
  }
  EXPECT_EQ(notOdd, 0);
  EXPECT_EQ(aboveOne, 0);
  // Every float around the switch from the continued fraction to the exponential form.
  for (float x = 0.62f; x < 0.63f; x = std::nextafter(x, 1.0f))
    worst = std::max(
        worst, std::fabs(static_cast<double>(tanhApprox(x)) - std::tanh(static_cast<double>(x))));
  EXPECT_LT(worst, 1.2e-7);
  // Monotone up to rounding, at every float of small windows (the worst step back found in a
  // sweep of every float of [0, 10] is 2 ulp, at 0.0625) and on a grid over [−12, 12].
  for (float from : {0.06f, 0.62f, 3.74f, 8.99f})
    EXPECT_LE(largestStepBackInUlps(tanhApprox, from, from + 0.005f, 0.0f), 2.0) << from;
  EXPECT_LE(largestStepBackInUlps(tanhApprox, -12.0f, 12.0f, 1.0f / (1 << 16)), 2.0);
  // Exactly x for tiny x, exactly ±1 for large |x|, NaN stays NaN.
  EXPECT_EQ(tanhApprox(0.0f), 0.0f);
  EXPECT_EQ(tanhApprox(1e-30f), 1e-30f);
  EXPECT_EQ(tanhApprox(9.02f), 1.0f);
  EXPECT_EQ(tanhApprox(1e30f), 1.0f);
  EXPECT_EQ(tanhApprox(-std::numeric_limits<float>::infinity()), -1.0f);
  EXPECT_TRUE(std::isnan(tanhApprox(std::numeric_limits<float>::quiet_NaN())));
  // The node is the function.
  EXPECT_EQ(run("tanh", {0.5f}, 1)[0], tanhApprox(0.5f));
}

TEST(NodesTest, Exp2IsWithin1Point4e7RelativeWithoutLibm) {
  double worst = 0;
  for (uint32_t i = 0; i < (1u << 22); ++i) {
    float x = -126.0f + 253.0f * static_cast<float>(i) / static_cast<float>(1u << 22);
    double exact = std::exp2(static_cast<double>(x));
    worst = std::max(worst, std::fabs(static_cast<double>(exp2Approx(x)) - exact) / exact);
  }
  // Every float around ±½, where n = round(x) switches.
  for (float from : {-0.5001f, 0.4999f})
    for (float x = from; x < from + 0.0002f; x = std::nextafter(x, 1.0f)) {
      double exact = std::exp2(static_cast<double>(x));
      worst = std::max(worst, std::fabs(static_cast<double>(exp2Approx(x)) - exact) / exact);
    }
  EXPECT_LT(worst, 1.4e-7);
  for (int n = -126; n <= 127; ++n)
    EXPECT_EQ(exp2Approx(static_cast<float>(n)), std::ldexp(1.0f, n));
  EXPECT_LE(largestStepBackInUlps(exp2Approx, -126.0f, 127.0f, 1.0f / 1024), 1.0);
  EXPECT_EQ(exp2Approx(128.0f), std::numeric_limits<float>::infinity());
  EXPECT_EQ(exp2Approx(-200.0f), 0.0f);
  EXPECT_TRUE(std::isnan(exp2Approx(std::numeric_limits<float>::quiet_NaN())));
}

// tanhApprox's exp2 of a non-negative argument skips exp2Approx's lower clamp and rounding fix:
// the same bits for every float from +0 up (every 61st bit pattern, and around each half,
// where rounding turns), −0, +∞ and NaN.
TEST(NodesTest, Exp2OfNonNegativeIsExp2ToTheBit) {
  auto same = [](float x) {
    return std::bit_cast<uint32_t>(exp2ApproxNonNegative(x)) ==
           std::bit_cast<uint32_t>(exp2Approx(x));
  };
  size_t differ = 0;
  for (uint32_t bits = 0; bits <= 0x7f800000u; bits += 61)
    differ += !same(std::bit_cast<float>(bits));
  for (int half = 1; half < 300; half += 2) {
    float x = std::nextafter(static_cast<float>(half) / 2.0f, 0.0f);
    for (int k = 0; k < 3; ++k, x = std::nextafter(x, 300.0f)) differ += !same(x);
  }
  EXPECT_EQ(differ, 0u);
  for (float x : {0.0f, -0.0f, 0.5f, 127.5f, 128.0f, 1e30f, std::numeric_limits<float>::infinity(),
                  std::numeric_limits<float>::quiet_NaN()})
    EXPECT_TRUE(same(x)) << x;
}

TEST(NodesTest, Log2IsWithin1Point5e7Plus6e8PerOctaveWithoutLibm) {
  // The dynamics' levels in dB (6.02·log2|x|): absolute error, since a level near 0 dBFS needs
  // it as much as one far below. Every float of [0.5, 2) (both halves of the mantissa split at
  // √2, 2^24 of them), then a sweep over the whole normal range.
  double worst = 0;
  auto check = [&](float x) {
    double exact = std::log2(static_cast<double>(x));
    double error = std::fabs(static_cast<double>(log2Approx(x)) - exact);
    worst = std::max(worst, error / (1.5e-7 + 6e-8 * std::fabs(exact)));
  };
  for (float x = 0.5f; x < 2.0f; x = std::nextafter(x, 4.0f)) check(x);
  for (float x = 1.2e-38f; x < 3e38f; x *= 1.0001f) check(x);
  EXPECT_LE(worst, 1.0);
  for (int n = -126; n <= 127; ++n)
    EXPECT_EQ(log2Approx(std::ldexp(1.0f, n)), static_cast<float>(n)) << n;
  EXPECT_LE(largestStepBackInUlps(log2Approx, 0.25f, 4.0f, 1.0f / (1 << 20)), 1.0);
  // Silence is a low level, never −∞; so are negatives and subnormals.
  EXPECT_EQ(log2Approx(0.0f), -126.0f);
  EXPECT_EQ(log2Approx(-1.0f), -126.0f);
  EXPECT_EQ(log2Approx(1e-40f), -126.0f);
  EXPECT_NEAR(log2Approx(std::numeric_limits<float>::infinity()), 128.0f, 1e-5);
  EXPECT_TRUE(std::isnan(log2Approx(std::numeric_limits<float>::quiet_NaN())));
}

TEST(NodesTest, Log2IsWithin1Point5e7PlusHalfAnUlpWithoutLibm) {
  // `xline`'s log2|end| − log2|start|: the error of the fraction is below 1.5e-7, and adding
  // the exponent rounds once more (half an ulp of the result).
  double worst = 0;
  auto check = [&](float x) {
    double exact = std::log2(static_cast<double>(x));
    float y = log2Approx(x);
    double ulp = std::nextafter(std::fabs(static_cast<float>(exact)), 1e30f) -
                 std::fabs(static_cast<float>(exact));
    worst = std::max(worst, (std::fabs(static_cast<double>(y) - exact) - ulp / 2) / 1.5e-7);
  };
  for (uint32_t i = 0; i < (1u << 22); ++i) check(0.5f + 2.0f * static_cast<float>(i) / (1 << 22));
  for (float x = 1.17549435e-38f; x < 3e38f; x *= 1.0007f) check(x);
  for (float x = 1.4142f; x < 1.4143f; x = std::nextafter(x, 2.0f)) check(x); // the √2 switch
  EXPECT_LT(worst, 1.0);
  for (int n = -126; n <= 127; ++n) EXPECT_EQ(log2Approx(std::ldexp(1.0f, n)), n);
  EXPECT_EQ(log2Approx(0.0f), -126.0f);
  EXPECT_EQ(log2Approx(1e-45f), -126.0f);
  EXPECT_EQ(log2Approx(std::numeric_limits<float>::infinity()), log2Approx(3.40282347e38f));
  EXPECT_LE(largestStepBackInUlps(log2Approx, 0.5f, 4.0f, 1.0f / (1 << 20)), 1.0);
}

TEST(NodesTest, Expm1NegativeIsWithin2Point5e7RelativeWithoutLibm) {
  // `curve`'s (e^{cp} − 1)/(e^c − 1): relative accuracy near 0, where e^y − 1 cancels.
  double worst = 0;
  auto check = [&](float y) {
    double exact = std::expm1(static_cast<double>(y));
    if (exact == 0) return;
    worst =
        std::max(worst, std::fabs(static_cast<double>(expm1NegativeApprox(y)) - exact) / -exact);
  };
  for (uint32_t i = 1; i <= (1u << 22); ++i) check(-100.0f * static_cast<float>(i) / (1 << 22));
  for (float y = -1e-30f; y > -1.0f; y *= 1.001f) check(y);
  for (float y = -0.4999f; y > -0.5001f; y = std::nextafter(y, -1.0f)) check(y); // the switch
  EXPECT_LT(worst, 2.5e-7);
  EXPECT_EQ(expm1NegativeApprox(0.0f), 0.0f);
  EXPECT_EQ(expm1NegativeApprox(-1e30f), -1.0f);
  EXPECT_EQ(expm1NegativeApprox(-1e-30f), -1e-30f);
}

TEST(NodesTest, ExpIsWithin2e7RelativeWithoutLibm) {
  const float inf = std::numeric_limits<float>::infinity();
  double worst = 0;
  auto check = [&](float x) {
    double exact = std::exp(static_cast<double>(x));
    worst = std::max(worst, std::fabs(static_cast<double>(expApprox(x)) - exact) / exact);
  };
  // The range where e^x is a normal float, and every float around a switch of n = round(x·log₂e).
  for (uint32_t i = 0; i <= (1u << 22); ++i)
    check(-87.3f + 176.0f * static_cast<float>(i) / static_cast<float>(1u << 22));
  for (float from : {0.34f, -0.35f, 88.0f})
    for (float x = from; x < from + 0.01f; x = std::nextafter(x, inf)) check(x);
  for (float x = 88.7f; x <= 88.7228f; x = std::nextafter(x, inf)) check(x);
  EXPECT_LT(worst, 2e-7);
  EXPECT_EQ(expApprox(0.0f), 1.0f);
  EXPECT_EQ(expApprox(88.8f), inf);
  EXPECT_EQ(expApprox(1e30f), inf);
  EXPECT_EQ(expApprox(-88.0f), 0.0f); // e^−88 is subnormal: 0
  EXPECT_EQ(expApprox(-inf), 0.0f);
  EXPECT_TRUE(std::isnan(expApprox(std::numeric_limits<float>::quiet_NaN())));
  EXPECT_LE(largestStepBackInUlps(expApprox, -87.0f, 88.0f, 1.0f / 4096), 2.0);
}

TEST(NodesTest, LnIsWithin2e7WithoutLibm) {
  const float inf = std::numeric_limits<float>::infinity();
  double worstRelative = 0, worstNearOne = 0;
  auto check = [&](float x) {
    double exact = std::log(static_cast<double>(x));
    double error = std::fabs(static_cast<double>(lnApprox(x)) - exact);
    if (x >= 0.5f && x <= 2.0f) worstNearOne = std::max(worstNearOne, error);
    if (exact != 0) worstRelative = std::max(worstRelative, error / std::fabs(exact));
  };
  // Every float of [½, 2] (where the result crosses 0) and a sweep of the whole float range.
  for (float x = 0.5f; x <= 2.0f; x = std::nextafter(x, inf)) check(x);
  for (float x = 1e-37f; x < 1e38f; x *= 1.0001f) check(x);
  for (float x = 1e-44f; x < 1e-37f; x = std::max(x * 1.01f, std::nextafter(x, inf)))
    check(x); // subnormal inputs
  EXPECT_LT(worstNearOne, 1.5e-7);
  EXPECT_LT(worstRelative, 2e-7);
  EXPECT_EQ(lnApprox(1.0f), 0.0f);
  EXPECT_EQ(lnApprox(0.0f), -inf);
  EXPECT_EQ(lnApprox(inf), inf);
  EXPECT_TRUE(std::isnan(lnApprox(-1.0f)));
  EXPECT_TRUE(std::isnan(lnApprox(std::numeric_limits<float>::quiet_NaN())));
  EXPECT_LE(largestStepBackInUlps(lnApprox, 0.25f, 4.0f, 0.0f), 2.0);
}

TEST(NodesTest, MathNodesFollowTheirDefinitionsAtTheEdges) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  auto at = [](const char* name, std::vector<float> in) { return run(name, std::move(in), 1)[0]; };
  EXPECT_EQ(at("abs", {-0.0f}), 0.0f);
  EXPECT_EQ(at("sign", {nan}), 0.0f);
  EXPECT_EQ(at("sign", {-1e-30f}), -1.0f);
  EXPECT_EQ(at("sqrt", {-4.0f}), 0.0f);
  EXPECT_EQ(at("sqrt", {nan}), 0.0f);
  EXPECT_EQ(at("log", {0.0f}), lnApprox(1e-30f));
  EXPECT_EQ(at("log", {nan}), lnApprox(1e-30f));
  EXPECT_EQ(at("exp", {100.0f}), inf);
  EXPECT_EQ(at("min", {nan, 2.0f}), 2.0f);
  EXPECT_EQ(at("max", {-1.0f, nan}), -1.0f);
  // wrap: [lo, hi), floored; equal bounds give lo.
  EXPECT_EQ(at("wrap", {-0.25f, 0.0f, 1.0f}), 0.75f);
  EXPECT_EQ(at("wrap", {1.0f, 0.0f, 1.0f}), 0.0f);
  EXPECT_EQ(at("wrap", {7.0f, 3.0f, 3.0f}), 3.0f);
  EXPECT_EQ(at("wrap", {-1e-9f, 0.0f, 1.0f}), 0.0f); // 1 − 1e-9 rounds to 1: lo
  // fold: reflections at both bounds, swapped bounds, equal bounds.
  EXPECT_EQ(at("fold", {1.25f, -1.0f, 1.0f}), 0.75f);
  EXPECT_EQ(at("fold", {-3.5f, -1.0f, 1.0f}), 0.5f);
  EXPECT_EQ(at("fold", {5.0f, -1.0f, 1.0f}), 1.0f);
  EXPECT_EQ(at("fold", {1.25f, 1.0f, -1.0f}), 0.75f);
  EXPECT_EQ(at("fold", {9.0f, 2.0f, 2.0f}), 2.0f);
  // quantize: ties to even, q = 0 gives 0, huge x·q leaves x.
  EXPECT_EQ(at("quantize", {2.0f, 0.25f}), 0.0f);
  EXPECT_EQ(at("quantize", {2.0f, 0.75f}), 1.0f);
  EXPECT_EQ(at("quantize", {2.0f, -0.75f}), -1.0f);
  EXPECT_EQ(at("quantize", {0.0f, 0.75f}), 0.0f);
  EXPECT_EQ(at("quantize", {nan, 0.75f}), 0.0f); // q non-finite: its fallback, 0
  EXPECT_EQ(at("quantize", {1e30f, 0.75f}), 0.75f);
  EXPECT_EQ(at("quantize", {1.0f, 8388609.0f}), 8388609.0f);
  EXPECT_EQ(roundHalfEven(2.5f), 2.0f);
  EXPECT_EQ(roundHalfEven(3.5f), 4.0f);
  EXPECT_EQ(roundHalfEven(-2.5f), -2.0f);
  EXPECT_EQ(roundHalfEven(8388607.5f), 8388608.0f);
  // Parameters are sanitised: NaN t, pos and cond fall back to 0; pos is clamped to [0, 1].
  EXPECT_EQ(at("lerp", {1.0f, 3.0f, nan}), 1.0f);
  EXPECT_EQ(at("lerp", {1.0f, 3.0f, 2.0f}), 5.0f);
  EXPECT_EQ(at("xfade", {1.0f, 3.0f, -5.0f}), 1.0f);
  EXPECT_EQ(at("xfade", {1.0f, 3.0f, 0.5f}), 2.0f);
  EXPECT_EQ(at("if", {nan, 1.0f, 2.0f}), 2.0f);
  EXPECT_EQ(at("if", {0.51f, 1.0f, 2.0f}), 1.0f);
  EXPECT_EQ(at("amp", {0.5f, inf}), 0.0f);
  EXPECT_EQ(at("gain", {0.5f, 3.0f}), 1.5f);
  EXPECT_EQ(at("mtof", {69.0f}), 440.0f);
  EXPECT_EQ(at("mtof", {81.0f}), 880.0f);
  EXPECT_EQ(at("ftom", {440.0f}), 69.0f);
  EXPECT_NEAR(at("ftom", {880.0f}), 81.0f, 1e-5);
  EXPECT_TRUE(std::isfinite(at("ftom", {0.0f})));
  EXPECT_TRUE(std::isfinite(at("ftom", {-5.0f})));
}

TEST(NodesTest, SemitonesTranspose) {
  std::vector<float> octave = run("sine", {240.0f, 12.0f}, 100);
  std::vector<float> plain = run("sine", {480.0f, 0.0f}, 100);
  for (size_t i = 0; i < 100; ++i) EXPECT_NEAR(octave[i], plain[i], 1e-4);
}

TEST(NodesTest, SawRisesAndIsBandLimitedAtTheWrap) {
  std::vector<float> x = run("saw", {480.0f, 0.0f}, 200);
  EXPECT_NEAR(x[50], 0.0f, 1e-5); // 2φ − 1 at φ = ½
  EXPECT_LT(x[10], x[20]);
  for (float v : x) EXPECT_LE(std::fabs(v), 1.0f + 1e-5f);
  // The BLEP pulls the first sample after the wrap up from −1 (the naive value).
  EXPECT_GT(x[100], -1.0f + 0.5f);
}

// polyBlep multiplies by 1/dt (issue 15): within a few ulp of the quotient form in double
// precision, on both edges, and nothing away from them or for a step that is not positive.
TEST(NodesTest, PolyBlepIsTheResidualOfBothEdgesWithoutADivisionPerSample) {
  auto exact = [](double t, double dt) {
    if (t < dt) return 2 * (t / dt) - (t / dt) * (t / dt) - 1;
    if (t > 1 - dt) return ((t - 1) / dt) * ((t - 1) / dt) + 2 * ((t - 1) / dt) + 1;
    return 0.0;
  };
  double worst = 0;
  for (float dt : {1e-4f, 0.01f, 0.0123f, 0.3f, 0.49f})
    for (uint32_t i = 0; i <= 4096; ++i) {
      float t = static_cast<float>(i) / 4096.0f; // [0, 1], both ends included
      worst = std::max(worst, std::fabs(static_cast<double>(polyBlep(t, dt)) - exact(t, dt)));
    }
  EXPECT_LT(worst, 1e-6);
  EXPECT_NEAR(polyBlep(0.0f, 0.01f), -1.0f, 1e-7);     // the jump's half below …
  EXPECT_NEAR(polyBlep(0.999999f, 0.01f), 1.0f, 1e-3); // … and above it
  EXPECT_EQ(polyBlep(0.5f, 0.01f), 0.0f);
  for (float t : {0.0f, 0.5f, 1.0f}) {
    EXPECT_EQ(polyBlep(t, 0.0f), 0.0f) << t;
    EXPECT_EQ(polyBlep(t, -0.01f), 0.0f) << t;
    EXPECT_EQ(polyBlep(t, std::numeric_limits<float>::quiet_NaN()), 0.0f) << t;
  }
}

extern "C" int32_t phn_saw_edge(const void*, const float*, const Env*);
extern "C" void phn_saw_smooth(void*, const float*, float*, const Env*);
extern "C" int32_t phn_square_edge(const void*, const float*, const Env*);
extern "C" void phn_square_smooth(void*, const float*, float*, const Env*);

// Saw and square have a smooth tick for a SIMD bank's groups of lanes away from their jumps
// (Node.h edgeSymbol): wherever `edge` is 0 it computes tick's sample and next phase, bit for
// bit. Their phases are FixedPhases: on a grid and at the turning points of the test (the
// step's size either side of each jump, and their neighbours), steps that are binary fractions,
// 0, negative, at and above Nyquist.
TEST(NodesTest, SmoothTicksAreTheTickAwayFromTheJumps) {
  struct Form {
    const char* name;
    int32_t (*edge)(const void*, const float*, const Env*);
    void (*smooth)(void*, const float*, float*, const Env*);
  };
  const Form forms[] = {{"saw", phn_saw_edge, phn_saw_smooth},
                        {"square", phn_square_edge, phn_square_smooth}};
  Env env{kRate, 1.0f / kRate, 0.0};
  for (const Form& form : forms) {
    const NodeInfo* node = findNodeExact(form.name);
    ASSERT_NE(node, nullptr);
    EXPECT_EQ(std::string(node->edgeSymbol), std::string("phn_") + form.name + "_edge");
    EXPECT_EQ(std::string(node->smoothSymbol), std::string("phn_") + form.name + "_smooth");
    ASSERT_EQ(node->stateSize, sizeof(FixedPhase));
    size_t smooth = 0, near = 0;
    for (float freq :
         {12000.0f, 6000.0f, 3000.0f, -3000.0f, 0.0f, 24000.0f, 30000.0f, 55.0f, 1234.5f, -55.0f}) {
      const FixedPhase size = fixedStepSize(fixedPhaseStep(freq / kRate));
      std::vector<FixedPhase> phases;
      for (uint64_t p = 0; p < (uint64_t{1} << 32); p += uint64_t{1} << 20)
        phases.push_back(static_cast<FixedPhase>(p));
      for (FixedPhase edgeAt :
           {size, 0u - size, kHalfCycle + size, kHalfCycle - size, kHalfCycle, FixedPhase{0}})
        for (FixedPhase p : {edgeAt - 1, edgeAt, edgeAt + 1}) phases.push_back(p);
      const float in[2] = {freq, 0.0f};
      for (FixedPhase phase : phases) {
        FixedPhase ticked = phase, smoothed = phase;
        float tickOut = 0, smoothOut = 0;
        node->tick(&ticked, in, &tickOut, &env);
        if (form.edge(&phase, in, &env) != 0) {
          ++near;
          continue;
        }
        ++smooth;
        form.smooth(&smoothed, in, &smoothOut, &env);
        EXPECT_EQ(std::memcmp(&tickOut, &smoothOut, sizeof(float)), 0)
            << form.name << " " << freq << " Hz at " << phase;
        EXPECT_EQ(ticked, smoothed) << form.name << " " << freq << " Hz at " << phase;
      }
    }
    EXPECT_GT(smooth, 10000u) << form.name;
    EXPECT_GT(near, 100u) << form.name;
  }
  EXPECT_EQ(findNodeExact("sine")->edgeSymbol, nullptr); // no jumps: no smooth tick
  EXPECT_EQ(findNodeExact("tri")->smoothSymbol, nullptr);
}

// The edge test is polyBlep's in integers, |φ| < size with φ a signed fraction: the residual
// is non-zero only inside it, and +0 at and beyond its ends.
TEST(NodesTest, FixedPolyBlepIsNonZeroOnlyWithinAStepOfTheJump) {
  const FixedPhase size = fixedStepSize(fixedPhaseStep(55.0f / kRate));
  EXPECT_EQ(size, fixedPhaseStep(55.0f / kRate));
  EXPECT_EQ(fixedStepSize(fixedPhaseStep(-55.0f / kRate)), size);
  EXPECT_EQ(fixedStepSize(kHalfCycle), kHalfCycle);
  for (FixedPhase phase : {FixedPhase{0}, FixedPhase{1}, size - 1, 0u - 1, 0u - (size - 1)}) {
    EXPECT_TRUE(polyBlepNearFixed(phase, size)) << phase;
    EXPECT_NE(polyBlepFixed(phase, size), 0.0f) << phase;
  }
  for (FixedPhase phase : {size, 0u - size, size + 1, kHalfCycle, kHalfCycle - 1}) {
    EXPECT_FALSE(polyBlepNearFixed(phase, size)) << phase;
    EXPECT_EQ(std::bit_cast<uint32_t>(polyBlepFixed(phase, size)), 0u) << phase; // +0
  }
  for (FixedPhase phase : {FixedPhase{0}, FixedPhase{12345}, kHalfCycle, 0u - 1})
    EXPECT_FALSE(polyBlepNearFixed(phase, 0)) << phase; // no step, no jump
  EXPECT_EQ(polyBlepFixed(0, size), -1.0f);             // the jump's half below …
  EXPECT_NEAR(polyBlepFixed(0u - 1, size), 1.0f, 1e-6); // … and above it
  // The float residual at the same phases, within what rounding φ and 1 − dt to float allows.
  const float dt = static_cast<float>(size) * 0x1p-32f;
  for (FixedPhase phase = 0; phase < size; phase += size / 97) {
    EXPECT_NEAR(polyBlepFixed(phase, size), polyBlep(static_cast<float>(phase) * 0x1p-32f, dt),
                1e-4)
        << phase;
    EXPECT_NEAR(polyBlepFixed(0u - phase - 1, size),
                polyBlep(1.0f - static_cast<float>(phase + 1) * 0x1p-32f, dt), 2e-3)
        << phase;
  }
}

// `saw`'s phase is a FixedPhase: the sample n is the wave at n·step modulo 2^32 exactly (no
// drift, a period of exactly 2^32/step samples where that divides), and a negative frequency
// runs the same phases backwards, −saw(f) to the bit (the wave is odd in φ).
TEST(NodesTest, SawPhaseIsExactAndANegativeFrequencyIsItsNegation) {
  const size_t n = 10 * 48000;
  std::vector<float> up = run("saw", {55.0f, 0.0f}, n);
  std::vector<float> down = run("saw", {-55.0f, 0.0f}, n);
  const FixedPhase step = fixedPhaseStep(55.0f / kRate);
  for (size_t i = 0; i < n; ++i) {
    const auto phase = static_cast<FixedPhase>(i * step);
    ASSERT_EQ(up[i], Saw::wave(phase, step)) << i;
    ASSERT_EQ(down[i], -up[i]) << i;
  }
  // 375 Hz at 48 kHz is 128 samples a period, 2^25 a step: the waveform repeats to the bit.
  std::vector<float> exact = run("saw", {375.0f, 0.0f}, 128 * 400);
  for (size_t i = 128; i < exact.size(); ++i) ASSERT_EQ(exact[i], exact[i - 128]) << i;
  for (size_t i = 0; i < 128; ++i)
    ASSERT_EQ(exact[i], Saw::wave(static_cast<FixedPhase>(i) << 25, FixedPhase{1} << 25)) << i;
  EXPECT_EQ(exact[64], 0.0f);  // 2φ − 1 at φ = ½
  EXPECT_EQ(exact[0], 0.0f);   // halfway up the jump at φ = 0
  EXPECT_EQ(exact[32], -0.5f); // away from the jump, 2φ − 1 exactly
  EXPECT_EQ(run("saw", {55.0f, 12.0f}, 4800), run("saw", {110.0f, 0.0f}, 4800));
  // The square's phases are the same: its +1 and −1 halves, exact, between the jumps.
  std::vector<float> square = run("square", {375.0f, 0.0f}, 128 * 4);
  for (size_t i = 2; i < 63; ++i) ASSERT_EQ(square[i], 1.0f) << i;
  for (size_t i = 66; i < 127; ++i) ASSERT_EQ(square[i], -1.0f) << i;
  std::vector<float> squareDown = run("square", {-375.0f, 0.0f}, 128 * 4);
  for (size_t i = 1; i < squareDown.size(); ++i)
    ASSERT_EQ(squareDown[i], square[squareDown.size() - i]) << i; // the same cycle backwards
}

// A frequency that is not finite is its port's fallback, and a transposition that overflows is
// 0 Hz (Node.h transpose): the phase stays a phase, the output finite, never NaN for good.
TEST(NodesTest, SawAndSquareStayFiniteForNonFiniteFrequencies) {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for (const char* name : {"saw", "square"})
    for (std::vector<float> in : {std::vector<float>{nan, 0.0f},
                                  {inf, 0.0f},
                                  {-inf, 0.0f},
                                  {440.0f, 1e30f},
                                  {440.0f, nan},
                                  {1e38f, 0.0f},
                                  {-1e38f, 0.0f}}) {
      std::vector<float> x = run(name, in, 1000);
      for (float v : x) ASSERT_TRUE(std::isfinite(v) && std::fabs(v) <= 1.0f) << name << v;
    }
  // 0 Hz after a transposition overflow: the saw holds φ = 0, 2φ − 1 with no residual (no step).
  std::vector<float> stopped = run("saw", {440.0f, 1e30f}, 10);
  for (float v : stopped) EXPECT_EQ(v, -1.0f);
}

TEST(NodesTest, SquareAndTriangleShapes) {
  std::vector<float> sq = run("square", {480.0f, 0.0f}, 100);
  EXPECT_NEAR(sq[25], 1.0f, 1e-6);
  EXPECT_NEAR(sq[75], -1.0f, 1e-6);
  std::vector<float> tri = run("tri", {480.0f, 0.0f}, 100);
  EXPECT_NEAR(tri[0], 0.0f, 1e-6);
  EXPECT_NEAR(tri[25], 1.0f, 1e-5);
  EXPECT_NEAR(tri[50], 0.0f, 1e-5);
  EXPECT_NEAR(tri[75], -1.0f, 1e-5);
}

TEST(NodesTest, NoiseIsSeededUniformAndInRange) {
  std::vector<float> a = run("noise", {}, 10000, 42);
  std::vector<float> b = run("noise", {}, 10000, 42);
  std::vector<float> c = run("noise", {}, 10000, 43);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  double sum = 0;
  for (float v : a) {
    EXPECT_GE(v, -1.0f);
    EXPECT_LT(v, 1.0f);
    sum += v;
  }
  EXPECT_NEAR(sum / a.size(), 0.0, 0.03);
  // Seed 0 would stop xorshift: it is replaced.
  std::vector<float> zero = run("noise", {}, 10, 0);
  EXPECT_NE(zero[0], zero[1]);
}

/// Feeds `input` through a node with its arena, the other ports held at `params`.
std::vector<float> runWithArena(const char* name, const std::vector<float>& input,
                                std::vector<float> params, float rate) {
  const NodeInfo* node = findNode(name);
  EXPECT_NE(node, nullptr) << name;
  Env env{rate, 1.0f / rate, 0.0};
  std::vector<unsigned char> state(node->stateSize, 0);
  InitArgs args{nullptr, 0, nullptr, 0};
  args.arenaSize = node->arena(&env, &args);
  std::vector<float> arena(args.arenaSize / sizeof(float) + 1, 0.0f);
  args.arena = arena.data();
  node->init(state.data(), &env, 0, &args);
  std::vector<float> out(input.size());
  for (size_t i = 0; i < input.size(); ++i) {
    params[0] = input[i];
    node->tick(state.data(), params.data(), &out[i], &env);
  }
  return out;
}

TEST(NodesTest, DelayLinesWrapAroundTheirRingAtTheLongestDelay) {
  // At 1 kHz the delay's ring holds 4002 samples: echoes of 4000 samples (its 4 s maximum) come
  // back through the ring's wrap at 8000 and 12000, and a fractional read across the wrap
  // interpolates as anywhere else.
  std::vector<float> impulse(13000, 0.0f);
  impulse[0] = 1.0f;
  std::vector<float> y = runWithArena("delay", impulse, {0, 4.0f, 0.5f, 1.0f}, 1000.0f);
  EXPECT_EQ(y[4000], 1.0f);
  EXPECT_EQ(y[8000], 0.5f);
  EXPECT_EQ(y[12000], 0.25f);
  double elsewhere = 0;
  for (size_t i = 0; i < y.size(); ++i)
    if (i % 4000 != 0) elsewhere = std::max(elsewhere, static_cast<double>(std::fabs(y[i])));
  EXPECT_EQ(elsewhere, 0.0);
  std::vector<float> frac = runWithArena("delay", impulse, {0, 3.99975f, 0.5f, 1.0f}, 1000.0f);
  EXPECT_NEAR(frac[3999], 0.25f, 1e-3); // 3999.75 samples: ¼ on 3999, ¾ on 4000
  EXPECT_NEAR(frac[4000], 0.75f, 1e-3);
  // The second echo, read across the wrap, spreads the first's two samples over three; its
  // weights still sum to fb.
  EXPECT_NEAR(frac[7998] + frac[7999] + frac[8000], 0.5f, 1e-3);
  EXPECT_NEAR(frac[8000], 0.5f * 0.75f * 0.75f, 1e-3);
  // The comb's ring holds 1 s: 1 Hz is its longest delay.
  std::vector<float> c = runWithArena("comb", impulse, {0, 1.0f, -0.5f}, 1000.0f);
  EXPECT_EQ(c[1000], -0.5f);
  EXPECT_EQ(c[2000], 0.25f);
  EXPECT_EQ(c[12000], 0.000244140625f); // (−½)¹²
}

TEST(NodesTest, LowPassPassesDirectCurrentAndHighPassBlocksIt) {
  std::vector<float> lp = run("lpf", {1.0f, 500.0f, 0.707f}, 48000);
  EXPECT_NEAR(lp.back(), 1.0f, 1e-4);
  std::vector<float> hp = run("hpf", {1.0f, 500.0f, 0.707f}, 48000);
  EXPECT_NEAR(hp.back(), 0.0f, 1e-4);
}

TEST(NodesTest, LowPassAttenuatesAboveItsCutoff) {
  const NodeInfo* lpf = findNode("lpf");
  Env env{kRate, 1.0f / kRate, 0.0};
  float state[2] = {0, 0};
  InitArgs none{nullptr, 0, nullptr, 0};
  lpf->init(state, &env, 0, &none);
  double peak = 0;
  for (int i = 0; i < 48000; ++i) {
    float in[3] = {std::sin(2.0f * kPi * 8000.0f * static_cast<float>(i) / kRate), 200.0f, 0.707f};
    float out;
    lpf->tick(state, in, &out, &env);
    if (i > 4800) peak = std::max(peak, static_cast<double>(std::fabs(out)));
  }
  // 12 dB/oct: 8 kHz is more than five octaves above 200 Hz.
  EXPECT_LT(20 * std::log10(peak), -55.0);
}

TEST(NodesTest, ParametersAreSanitised) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  // A non-finite cutoff falls back to 1000 Hz; a q below its range is clamped to 0.05.
  EXPECT_EQ(run("lpf", {0.5f, nan, 1.0f}, 64), run("lpf", {0.5f, 1000.0f, 1.0f}, 64));
  EXPECT_EQ(run("lpf", {0.5f, 300.0f, 0.0f}, 64), run("lpf", {0.5f, 300.0f, 0.05f}, 64));
  // A cutoff above 0.49·sr is clamped there, so the filter stays stable.
  for (float v : run("hpf", {1.0f, 1e9f, 100.0f}, 4800)) EXPECT_TRUE(std::isfinite(v));
  // A non-finite oscillator frequency falls back to its default (1 Hz).
  EXPECT_EQ(run("sine", {nan, 0.0f}, 64), run("sine", {1.0f, 0.0f}, 64));
}

TEST(NodesTest, ArithmeticDivisionByZeroIsZero) {
  EXPECT_EQ(run("div", {1.0f, 0.0f}, 1)[0], 0.0f);
  EXPECT_EQ(run("div", {1.0f, 4.0f}, 1)[0], 0.25f);
  EXPECT_EQ(run("sub", {1.0f, 4.0f}, 1)[0], -3.0f);
  EXPECT_EQ(run("mul", {1.5f, 4.0f}, 1)[0], 6.0f);
  EXPECT_EQ(run("add", {1.5f, 4.0f}, 1)[0], 5.5f);
}

} // namespace
} // namespace phonon::nodes
