// The modulation and lo-fi effects of LANGUAGE §7.5 (nodes/Modulation.h, nodes/Distortion.h),
// rendered with the real `phonon render` and measured against their definitions: quantisation
// steps and hold periods to the sample, the tanh transfer curve, ring-modulation sidebands,
// tremolo depth and rate, vibrato's frequency deviation, the chorus, fchorus and flanger delays
// to a fraction of a sample (fixed and swept), the flanger's comb notch and the phaser's
// allpass notches; and every engine computing the same bits.
#include "AudioAnalysis.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace phonon::test {
namespace {

constexpr double kRate = 48000.0;

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

/// Channel 0 of `text` rendered at 48 kHz for `seconds`; fails the test on a tool error.
std::vector<float> render(const std::string& name, const std::string& text, double seconds,
                          const std::string& options = "") {
  static int counter = 0;
  std::string wav = tempDir() + "/" + name + std::to_string(counter++) + ".wav";
  CommandResult r =
      runCommand(phononBinary() + " render '" + writePatch(name, text) + "' -o '" + wav +
                 "' --sample-rate 48000 --duration " + number(seconds) + " " + options);
  EXPECT_EQ(r.exitCode, 0) << text << r.output;
  rt::AudioData audio;
  std::string error;
  EXPECT_TRUE(rt::readAudioFile(wav, audio, error)) << error;
  return audio.channels ? channel(audio, 0) : std::vector<float>{};
}

/// A patch whose bus ~imp is a unit impulse at each of the given samples: ~n counts 1, 2, 3 …
/// (LANGUAGE §2.3), and clip(~n − k) − clip(~n − k − 1) is 1 at sample k only.
std::string impulses(std::initializer_list<int> at) {
  std::string sum;
  for (int k : at) {
    if (!sum.empty()) sum += " + ";
    sum += "(clip (~n - " + std::to_string(k) + ") 0 1 - clip (~n - " + std::to_string(k + 1) +
           ") 0 1)";
  }
  return "~n: ~add ~n 1\n~imp: " + sum + "\n";
}

/// Σ y[i] over [from, to).
double mass(const std::vector<float>& y, size_t from, size_t to) {
  double m = 0;
  for (size_t i = from; i < to; ++i) m += y[i];
  return m;
}

/// Where the mass of y in [from, to) lies: Σ i·y[i] / Σ y[i] (a linear-interpolated impulse at
/// a fractional delay d has its centroid exactly at d).
double centroid(const std::vector<float>& y, size_t from, size_t to) {
  double m = 0, moment = 0;
  for (size_t i = from; i < to; ++i) {
    m += y[i];
    moment += static_cast<double>(i) * y[i];
  }
  return moment / m;
}

/// The mass and centroid of y in the 7 samples around `at`.
struct Pulse {
  double mass, at;
};
Pulse pulseAround(const std::vector<float>& y, double at) {
  size_t from = static_cast<size_t>(at) - 3, to = static_cast<size_t>(at) + 4;
  return {mass(y, from, to), centroid(y, from, to)};
}

/// round(v) with halves away from zero, in double.
double roundHalfAway(double v) {
  return v < 0 ? -std::floor(-v + 0.5) : std::floor(v + 0.5);
}

// ---- bitcrush, coarse, decimator --------------------------------------------------------------

TEST(ModulationEffectsTest, BitcrushQuantisesToStepsOfTwoToTheOneMinusBits) {
  std::vector<float> x = render("crush-dry", "out: sine 50\n", 0.2);
  for (int bits : {1, 3, 8}) {
    std::vector<float> y =
        render("crush", "out: sine 50 # bitcrush " + std::to_string(bits) + "\n", 0.2);
    ASSERT_EQ(y.size(), x.size());
    const double levels = std::ldexp(1.0, bits - 1);
    std::set<float> values(y.begin(), y.end());
    // A full-scale sine reaches every step from −1 to 1: 2·2^(bits−1) + 1 levels.
    EXPECT_EQ(values.size(), static_cast<size_t>(2 * levels + 1)) << bits;
    size_t wrong = 0;
    for (size_t i = 0; i < x.size(); ++i)
      wrong += y[i] != static_cast<float>(roundHalfAway(x[i] * levels) / levels);
    EXPECT_EQ(wrong, 0u) << bits;
  }
  // Out of range: 40 bits is 16 (steps of 2^-15).
  std::vector<float> y16 = render("crush16", "out: sine 50 # bitcrush 40\n", 0.2);
  for (size_t i = 0; i < x.size(); ++i)
    ASSERT_EQ(y16[i], static_cast<float>(roundHalfAway(x[i] * 32768.0) / 32768.0)) << i;
  // A pattern of bits: 2 in the first half cycle (steps of ½), 8 in the second.
  std::vector<float> pattern =
      render("crush-pattern", "tempo: 1\nout: sine 50 # bitcrush \"2 8\"\n", 1);
  std::set<float> first(pattern.begin(), pattern.begin() + 24000);
  std::set<float> second(pattern.begin() + 24000, pattern.end());
  EXPECT_EQ(first.size(), 5u);
  EXPECT_EQ(second.size(), 257u);
}

/// The sample the hold stage holds at sample n with period `period`: the last ⌈k·period⌉ ≤ n.
size_t heldSample(size_t n, double period) {
  size_t k = static_cast<size_t>(std::floor(n / period));
  while (static_cast<size_t>(std::ceil((k + 1) * period)) <= n) ++k;
  while (k > 0 && static_cast<size_t>(std::ceil(k * period)) > n) --k;
  return static_cast<size_t>(std::ceil(k * period));
}

TEST(ModulationEffectsTest, HoldStageTakesAValueEveryPeriodFractionsAccumulated) {
  std::vector<float> x = render("hold-dry", "out: sine 330\n", 0.1);
  for (double period : {1.0, 4.0, 2.5, 1.75, 6.25}) { // exact in floats
    std::vector<float> y = render("coarse", "out: sine 330 # coarse " + number(period) + "\n", 0.1);
    ASSERT_EQ(y.size(), x.size());
    size_t wrong = 0;
    for (size_t n = 0; n < x.size(); ++n) wrong += y[n] != x[heldSample(n, period)];
    EXPECT_EQ(wrong, 0u) << period;
  }
  // bitcrush is the same hold, then the quantiser; 16 bits: steps of 2^-15.
  std::vector<float> crushed = render("crush-hold", "out: sine 330 # bitcrush 16 3\n", 0.1);
  for (size_t n = 0; n < x.size(); ++n)
    ASSERT_EQ(crushed[n], static_cast<float>(roundHalfAway(x[3 * (n / 3)] * 32768.0) / 32768.0))
        << n;
  // Below 1 the period is 1 (every sample): the input passes unchanged.
  EXPECT_EQ(maxDifference(render("coarse-one", "out: sine 330 # coarse 0.2\n", 0.1), x), 0.0);
}

TEST(ModulationEffectsTest, DecimatorHoldsThenSmoothsWithAOnePole) {
  std::vector<float> held = render("decim-hold", "out: sine 330 # coarse 5\n", 0.1);
  // Smooth 0: 0·y + 1·held is held (a −0 comes out +0, which compares equal).
  std::vector<float> unsmoothed = render("decim0", "out: sine 330 # decimator 5\n", 0.1);
  ASSERT_EQ(unsmoothed.size(), held.size());
  size_t differing = 0;
  for (size_t n = 0; n < held.size(); ++n) differing += unsmoothed[n] != held[n];
  EXPECT_EQ(differing, 0u);
  std::vector<float> y = render("decim", "out: sine 330 # decimator 5 0.8\n", 0.1);
  double smoothed = 0, worst = 0;
  for (size_t n = 0; n < y.size(); ++n) {
    smoothed = 0.8 * smoothed + 0.2 * held[n];
    worst = std::max(worst, std::fabs(smoothed - y[n]));
  }
  EXPECT_LT(worst, 1e-5);
  // The smoothing is a lowpass: a 5 kHz sine held for 2 samples loses most of its level.
  EXPECT_LT(rms(render("decim-lp", "out: sine 5000 # decimator 2 0.97\n", 0.5)), 0.1);
}

// ---- distort ----------------------------------------------------------------------------------

TEST(ModulationEffectsTest, DistortFollowsItsTanhTransferCurve) {
  // A 1 Hz sine of amplitude 2 sweeps the input through [−2, 2].
  std::vector<float> x = render("dist-dry", "out: sine 1 * 2\n", 1);
  struct Case {
    const char* args;
    double drive, mix;
  };
  for (Case c : {Case{"4", 4, 0.5}, Case{"10 0.25", 10, 0.25}, Case{"0.5 1", 1, 1},
                 Case{"1000 1", 100, 1}}) {
    std::vector<float> y =
        render("dist", "out: sine 1 * 2 # distort " + std::string(c.args) + "\n", 1);
    ASSERT_EQ(y.size(), x.size());
    double worst = 0;
    for (size_t i = 0; i < x.size(); ++i)
      worst = std::max(worst,
                       std::fabs(y[i] - ((1 - c.mix) * x[i] + c.mix * std::tanh(c.drive * x[i]))));
    EXPECT_LT(worst, 1e-6) << c.args;
  }
  EXPECT_EQ(maxDifference(render("dist-alias", "out: sine 1 * 2 # dist 4\n", 1),
                          render("dist-name", "out: sine 1 * 2 # distortion 4\n", 1)),
            0.0);
}

// ---- ring, ring_mod, fmcrossmod, tremolo ------------------------------------------------------

TEST(ModulationEffectsTest, RingModulationPutsHalfTheLevelAtTheSumAndDifference) {
  std::vector<float> ring = render("ring", "out: sine 1000 # ring 300\n", 1);
  std::vector<float> ringMod = render("ringmod", "out: sine 1000 # ring_mod (vco 300 3)\n", 1);
  for (const auto* y : {&ring, &ringMod}) {
    EXPECT_NEAR(amplitudeAt(*y, kRate, 700), 0.5, 0.005);
    EXPECT_NEAR(amplitudeAt(*y, kRate, 1300), 0.5, 0.005);
    EXPECT_LT(amplitudeAt(*y, kRate, 1000), 1e-3);
    EXPECT_LT(amplitudeAt(*y, kRate, 300), 1e-3);
  }
  // ring's sine is sinTwoPi at a float phase, vco's sine (`sine`'s phase is fixed point), and
  // ring_mod is the product itself.
  EXPECT_EQ(maxDifference(ring, ringMod), 0.0);
  EXPECT_EQ(maxDifference(ringMod, render("product", "out: sine 1000 * vco 300 3\n", 1)), 0.0);
}

TEST(ModulationEffectsTest, FmCrossModKeepsOneMinusDepthOfTheCarrier) {
  for (double depth : {0.5, 1.0, 0.2}) {
    std::vector<float> y =
        render("xmod", "out: sine 1000 # fmcrossmod (sine 300) " + number(depth) + "\n", 1);
    EXPECT_NEAR(amplitudeAt(y, kRate, 1000), 1 - depth, 0.005) << depth;
    EXPECT_NEAR(amplitudeAt(y, kRate, 700), depth / 2, 0.005) << depth;
    EXPECT_NEAR(amplitudeAt(y, kRate, 1300), depth / 2, 0.005) << depth;
  }
  // The default depth is 0.5; depth 0 leaves the input as it is.
  EXPECT_NEAR(amplitudeAt(render("xmod-default", "out: sine 1000 # fm_crossmod (sine 300)\n", 1),
                          kRate, 1000),
              0.5, 0.005);
  EXPECT_EQ(maxDifference(render("xmod0", "out: sine 1000 # fmcrossmod (sine 300) 0\n", 1),
                          render("xmod-dry", "out: sine 1000\n", 1)),
            0.0);
}

TEST(ModulationEffectsTest, TremoloDipsByDepthAtItsRate) {
  std::vector<float> x = render("trem-dry", "out: sine 1000\n", 1);
  std::vector<float> lfo = render("trem-lfo", "out: vco 20 3\n", 1);
  std::vector<float> y = render("trem", "out: sine 1000 # tremolo 20 0.6\n", 1);
  // The gain, sample by sample: 1 − depth·(½ + ½ sin 2π·20·t), its LFO vco's sine (the same
  // float sums of the phase), and within 1e-3 of the exact sine over the second.
  double worst = 0, worstExact = 0;
  for (size_t n = 0; n < y.size(); ++n) {
    double gain = 1 - 0.6 * (0.5 + 0.5 * lfo[n]);
    double exact = 1 - 0.6 * (0.5 + 0.5 * std::sin(2 * M_PI * 20 * n / kRate));
    worst = std::max(worst, std::fabs(y[n] - gain * x[n]));
    worstExact = std::max(worstExact, std::fabs(y[n] - exact * x[n]));
  }
  EXPECT_LT(worst, 1e-6);
  EXPECT_LT(worstExact, 2e-3);
  // Its spectrum: the carrier at 1 − depth/2, sidebands at ±rate of depth/4 each.
  EXPECT_NEAR(amplitudeAt(y, kRate, 1000), 0.7, 0.005);
  EXPECT_NEAR(amplitudeAt(y, kRate, 980), 0.15, 0.005);
  EXPECT_NEAR(amplitudeAt(y, kRate, 1020), 0.15, 0.005);
  EXPECT_LT(amplitudeAt(y, kRate, 960), 2e-3);
  EXPECT_EQ(maxDifference(y, render("trem-alias", "out: sine 1000 # trem 20 0.6\n", 1)), 0.0);
}

// ---- vibrato ----------------------------------------------------------------------------------

/// The frequency between successive rising zero crossings (linear interpolation) of y from
/// sample `from`: the lowest and the highest.
std::pair<double, double> frequencyRange(const std::vector<float>& y, size_t from) {
  std::vector<double> crossings;
  for (size_t i = from + 1; i < y.size(); ++i)
    if (y[i - 1] < 0 && y[i] >= 0) crossings.push_back(i - 1 + y[i - 1] / (y[i - 1] - y[i]));
  double lo = 1e9, hi = 0;
  for (size_t i = 1; i < crossings.size(); ++i) {
    double f = kRate / (crossings[i] - crossings[i - 1]);
    lo = std::min(lo, f);
    hi = std::max(hi, f);
  }
  return {lo, hi};
}

TEST(ModulationEffectsTest, VibratoDeviatesByTheDelaysSlope) {
  // delay D(t) = 5 ms·(1 + depth·sin 2π·rate·t): the frequency is f·(1 − D'(t)), deviating by
  // f·5 ms·depth·2π·rate (1000 Hz, 5 Hz, depth 1: ±157.08 Hz).
  for (double depth : {1.0, 0.5}) {
    std::vector<float> y = render("vib", "out: sine 1000 # vibrato 5 " + number(depth) + "\n", 1);
    auto [lo, hi] = frequencyRange(y, 480);
    double deviation = 1000 * 0.005 * depth * 2 * M_PI * 5;
    EXPECT_NEAR(hi, 1000 + deviation, 1.0) << depth;
    EXPECT_NEAR(lo, 1000 - deviation, 1.0) << depth;
  }
  // Depth 0: the input 5 ms (240 samples) late, wet only.
  std::vector<float> x = render("vib-dry", "out: sine 1000\n", 0.1);
  std::vector<float> y = render("vib0", "out: sine 1000 # vib 5 0\n", 0.1);
  EXPECT_EQ(peak(slice(y, 0, 240)), 0.0);
  double worst = 0;
  for (size_t n = 240; n < y.size(); ++n)
    worst = std::max(worst, std::fabs(double{y[n]} - x[n - 240]));
  EXPECT_LT(worst, 1e-6);
}

// ---- chorus, fchorus, flanger: where an impulse comes out -------------------------------------

TEST(ModulationEffectsTest, ChorusVoicesSitAtFifteenTwentyTwentyFiveMsPlusDepth) {
  // Rate 0 holds the LFO at phase 0: voice j at (15 + 5j) ms + depth·5 ms·sin(2πj/3).
  for (double depth : {0.0, 1.0}) {
    std::vector<float> y =
        render("chorus", impulses({0}) + "out: ~imp # chorus 0 " + number(depth) + " 1\n", 0.05);
    double swing = depth * 240 * std::sin(2 * M_PI / 3); // samples
    double expected[3] = {720, 960 + swing, 1200 - swing};
    double covered = 0;
    for (double at : expected) {
      Pulse pulse = pulseAround(y, at);
      EXPECT_NEAR(pulse.mass, 1.0 / 3, 1e-6) << depth << " " << at;
      EXPECT_NEAR(pulse.at, at, 1e-3) << depth << " " << at;
      covered += pulse.mass;
    }
    EXPECT_NEAR(mass(y, 0, y.size()), covered, 1e-6) << "nothing else";
  }
  // Swept at 1 Hz, an impulse at t = 0.25 s: voice j comes out at the sample m where
  // m − D_j(m) = 12000, the delay read at m (by fixed-point iteration: D changes slowly).
  std::vector<float> swept =
      render("chorus-swept", impulses({12000}) + "out: ~imp # chorus 1 1 1\n", 0.3);
  for (int j = 0; j < 3; ++j) {
    double m = 12000;
    for (int i = 0; i < 20; ++i)
      m = 12000 + 720 + 240 * j + 240 * std::sin(2 * M_PI * (m / kRate + j / 3.0));
    // Within a quarter sample: the LFO's phase is a float sum of 1/48000s, a little off.
    EXPECT_NEAR(pulseAround(swept, m).at, m, 0.25) << j;
    // A moving read stretches the impulse by 1/(1 − D'): its mass scales with it (Doppler).
    double slope = 240 * 2 * M_PI / kRate * std::cos(2 * M_PI * (m / kRate + j / 3.0));
    EXPECT_NEAR(pulseAround(swept, m).mass, 1.0 / 3 / (1 - slope), 1e-3) << j;
  }
  // The default mix 0.3: 0.7 of the dry input.
  std::vector<float> mixed = render("chorus-mix", impulses({0}) + "out: ~imp # chorus 0 0\n", 0.05);
  EXPECT_FLOAT_EQ(mixed[0], 0.7f);
  EXPECT_NEAR(mixed[720], 0.1, 1e-6);
}

TEST(ModulationEffectsTest, FChorusVoicesAreSpacedBySeparationAndSwungByVariation) {
  // mod_freq 0: voice j at (10 + 5j) ms·(1 + 0.5·sin(jπ/2)): 10, 22.5, 20, 12.5 ms.
  std::vector<float> y =
      render("fchorus", impulses({0}) + "out: ~imp # fchorus 0.005 0.5 0\n", 0.05);
  double covered = 0;
  for (double at : {480.0, 1080.0, 960.0, 600.0}) {
    Pulse pulse = pulseAround(y, at);
    EXPECT_NEAR(pulse.mass, 0.25, 1e-6) << at;
    EXPECT_NEAR(pulse.at, at, 1e-3) << at;
    covered += pulse.mass;
  }
  EXPECT_NEAR(mass(y, 0, y.size()), covered, 1e-6) << "nothing else";
  // Separation is clamped to 0.1 s: the last voice at 310 ms·(1 − 0.5).
  std::vector<float> wide =
      render("fchorus-wide", impulses({0}) + "out: ~imp # fchorus 1 0.5 0\n", 0.5);
  EXPECT_NEAR(pulseAround(wide, 7440).at, 7440, 1e-2);
}

TEST(ModulationEffectsTest, FlangerDelaySweepsFromATenthOfAMillisecondByDepth) {
  // Rate 0: sweep ½, delay 0.1 ms + depth·2.5 ms (124.8 samples at depth 1); out = (x + d)/2.
  std::vector<float> y = render("flanger", impulses({0}) + "out: ~imp # flanger 1 0 0.5\n", 0.05);
  EXPECT_FLOAT_EQ(y[0], 0.5f);
  EXPECT_NEAR(y[124], 0.1, 1e-5);
  EXPECT_NEAR(y[125], 0.4, 1e-5);
  // The feedback writes x + fb·d: the second pass is fb times the first, one delay later.
  EXPECT_NEAR(mass(y, 240, 260), 0.25, 1e-6);
  EXPECT_NEAR(centroid(y, 240, 260), 249.6, 1e-3);
  EXPECT_NEAR(centroid(y, 360, 390), 374.4, 1e-3);
  std::vector<float> shallow =
      render("flanger0", impulses({0}) + "out: ~imp # flanger 0 0 0\n", 0.05);
  EXPECT_NEAR(centroid(shallow, 2, 10), 4.8, 1e-3);
  // Swept at 1 Hz: at t = 0.25 s the delay is at its longest (5.1 ms), at 0.75 s its shortest.
  std::vector<float> swept =
      render("flanger-swept", impulses({12000, 36000}) + "out: ~imp # flanger 1 1 0\n", 1);
  EXPECT_NEAR(centroid(swept, 12200, 12300), 12000 + 244.8, 0.1);
  EXPECT_NEAR(centroid(swept, 36001, 36020), 36000 + 4.8, 0.1);
}

TEST(ModulationEffectsTest, FlangerCombNotchIsAtHalfTheInverseDelay) {
  // (x + x[n − D])/2 cancels where the delay is half a period: f = sr/(2·124.8).
  double notch = kRate / (2 * 124.8);
  std::vector<float> y = render(
      "flanger-notch",
      "out: (sine " + number(notch) + " + sine " + number(2 * notch) + ") # flanger 1 0 0\n", 1);
  EXPECT_LT(amplitudeAt(y, kRate, notch), 2e-3);
  EXPECT_NEAR(amplitudeAt(y, kRate, 2 * notch), 1.0, 0.01);
}

// ---- phaser -----------------------------------------------------------------------------------

/// |(1 + H)/2| for `stages` first-order allpasses at fc, at f: each turns by
/// −2·atan(tan(πf/sr)/tan(πfc/sr)).
double phaserGain(int stages, double fc, double f) {
  double turn = -2 * std::atan(std::tan(M_PI * f / kRate) / std::tan(M_PI * fc / kRate));
  return std::fabs(std::cos(stages * turn / 2));
}

TEST(ModulationEffectsTest, PhaserNotchesAreWhereTheAllpassesTurnByOddHalfCycles) {
  // Rate 0: fc = 200·2^(2·depth). Two stages: the notch at fc; four: at fc·tan(π/8) and
  // fc·tan(3π/8) (in warped frequency).
  struct Case {
    int stages;
    double depth, fc;
  };
  for (Case c : {Case{2, 0.5, 400}, Case{4, 0, 200}, Case{4, 1, 800}, Case{6, 0.5, 400}}) {
    std::vector<double> notches;
    for (int k = 0; 2 * k + 1 < c.stages; ++k)
      notches.push_back(
          kRate / M_PI *
          std::atan(std::tan((2 * k + 1) * M_PI / (2 * c.stages)) * std::tan(M_PI * c.fc / kRate)));
    std::string input;
    for (double f : notches) input += "sine " + number(f) + " + ";
    input += "sine 3000";
    std::vector<float> y = render("phaser",
                                  "out: (" + input + ") # phaser 0 " + number(c.depth) + " 0 " +
                                      std::to_string(c.stages) + "\n",
                                  1);
    for (double f : notches) {
      EXPECT_NEAR(phaserGain(c.stages, c.fc, f), 0.0, 1e-9);
      EXPECT_LT(amplitudeAt(y, kRate, f), 3e-3) << c.stages << " stages, notch " << f;
    }
    EXPECT_NEAR(amplitudeAt(y, kRate, 3000), phaserGain(c.stages, c.fc, 3000), 0.01) << c.stages;
  }
  // An odd count rounds down; fb is clamped to 0.95.
  EXPECT_EQ(maxDifference(render("ph5", "out: saw 110 # phaser 0.5 0.5 0.3 5\n", 0.5),
                          render("ph4", "out: saw 110 # ph 0.5 0.5 0.3 4\n", 0.5)),
            0.0);
  EXPECT_EQ(maxDifference(render("ph-fb2", "out: saw 110 # phaser 0.5 0.5 2\n", 0.5),
                          render("ph-fb95", "out: saw 110 # phaser 0.5 0.5 0.95\n", 0.5)),
            0.0);
}

TEST(ModulationEffectsTest, PhaserNotchSweepsWithItsLfo) {
  // Two stages, depth 1, 1 Hz: fc = 200·16^(½ + ½ sin 2πt) reaches 3200 Hz at t = 0.25 s, where
  // a 3200 Hz sine is notched out; at t = 0.75 s (fc = 200 Hz) it passes.
  std::vector<float> y = render("phaser-sweep", "out: sine 3200 # phaser 1 1 0 2\n", 1);
  const size_t window = 192; // 4 ms
  size_t quietest = 0;
  double lowest = 1e9;
  for (size_t i = 0; i + window <= 24000; i += window / 4) {
    double level = rms(slice(y, i, i + window));
    if (level < lowest) lowest = level, quietest = i + window / 2;
  }
  EXPECT_NEAR(static_cast<double>(quietest), 12000, 400);
  EXPECT_LT(lowest, 0.02);
  EXPECT_GT(rms(slice(y, 36000 - window / 2, 36000 + window / 2)), 0.6);
}

// ---- robustness and engines -------------------------------------------------------------------

TEST(ModulationEffectsTest, ExtremeParametersStayFiniteAndBounded) {
  const char* patches[] = {
      "out: noise # flanger 50 1e6 5 # phaser 1e6 50 9 12 # chorus 1e9 40 7\n",
      "out: noise # fchorus 5 9 -1e6 # vibrato -1e9 1e3 # tremolo 1e4 1\n",
      "out: noise # bitcrush -3 1e9 # decimator 1e9 2 # coarse -5 # distort 1e9 -4\n",
      "out: noise # ring 1e30 # fmcrossmod (noise) 1 # phaser 3 (0/0) (0/0) # flanger (0/0) "
      "(0/0) (0/0)\n",
  };
  for (const char* patch : patches) {
    std::vector<float> y = render("extreme", patch, 10);
    ASSERT_EQ(y.size(), 480000u) << patch;
    EXPECT_TRUE(allFinite(y)) << patch;
    EXPECT_LT(peak(y), 1e4) << patch; // fb 0.999 resonates, but stays put
  }
}

// The interpreter, the JIT (-O0 … -O3, threads, odd blocks) and an object file compute the same
// bits for every node here, on mono and stereo inputs and with patterns and signals as
// parameters.
class ModulationEffectsAgree : public ::testing::TestWithParam<const char*> {};

TEST_P(ModulationEffectsAgree, InEveryEngineLevelAndThreadCount) {
  std::string patch = writePatch("fx-agree", GetParam());
  std::string object = tempDir() + "/fx-agree.o";
  CommandResult compiled = runCommand(phononcBinary() + " '" + patch + "' -o '" + object + "'");
  ASSERT_EQ(compiled.exitCode, 0) << compiled.output;
  auto renderFile = [&](const std::string& input, const std::string& options) {
    static int counter = 0;
    std::string wav = tempDir() + "/fx-agree" + std::to_string(counter++) + ".wav";
    CommandResult r = runCommand(phononBinary() + " render '" + input + "' -o '" + wav + "' " +
                                 "--duration 1.5 " + options);
    EXPECT_EQ(r.exitCode, 0) << r.output;
    rt::AudioData audio;
    std::string error;
    EXPECT_TRUE(rt::readAudioFile(wav, audio, error)) << error;
    return audio;
  };
  rt::AudioData reference = renderFile(patch, "-O0 --threads 1 --engine interp");
  ASSERT_GT(rms(reference.samples), 1e-3) << "a silent render proves nothing";
  EXPECT_TRUE(allFinite(reference.samples));
  if (std::string(GetParam()).find("stereo") != std::string::npos) {
    EXPECT_GT(maxDifference(channel(reference, 0), channel(reference, 1)), 1e-3)
        << "the stereo patch's channels differ";
  }
  for (const char* options : {"-O0 --threads 1", "-O3 --threads 1", "-O3 --threads 2",
                              "-O3 --threads 2 --engine interp", "-O2 --block 37 --threads 2"})
    EXPECT_EQ(maxDifference(reference.samples, renderFile(patch, options).samples), 0.0) << options;
  EXPECT_EQ(maxDifference(reference.samples, renderFile(object, "").samples), 0.0) << "object file";
}

INSTANTIATE_TEST_SUITE_P(
    Nodes, ModulationEffectsAgree,
    ::testing::Values(
        "tempo: 2\nout: saw 110 # bitcrush \"4 <8 2>\" 2.5 * 0.4 + sine 220 # coarse 3 # "
        "decimator (sine 0.5 * 3 + 4) 0.7 * 0.3\n",
        "out: saw 110 # distort (sine 0.3 * 20 + 21) 0.7 * 0.2 + sine 440 # ring (sine 0.2 * 100 "
        "+ 300) # ring_mod (tri 2) # fmcrossmod (sine 3) 0.6 * 0.3\n",
        "out: saw 110 # chorus 0.7 0.8 0.5 # flanger 0.8 0.3 0.7 * 0.3 + noise # fchorus 0.004 "
        "0.3 0.5 * 0.1\n",
        "tempo: 1\nout: saw 110 # phaser 0.5 0.8 0.7 6 # tremolo \"5 9\" 0.7 # vibrato 4 "
        "(sine 0.3 * 0.5 + 0.5) * 0.3\n",
        "out: stereo (saw 110) (square 165) * 0.3 # chorus 0.5 0.5 # phaser 0.3 0.6 0.5 # "
        "flanger 0.5 0.2 0.6 # vib 3 0.3 # trem 4 0.5\n",
        "out: stereo (saw 110) (sine 330) * 0.5 # bitcrush 5 3.3 # decimator 2 0.4 # distort 6 # "
        "fchorus 0.003 0.2 0.4 # ring 200 # fmcrossmod (sine 2) # ring_mod (sine 1)\n"));

} // namespace
} // namespace phonon::test
