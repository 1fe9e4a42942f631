// The math and utility nodes (LANGUAGE §7.8, `gain` §7.7, `mtof`/`ftom` §7.2), rendered on
// a ramp and compared sample by sample with their definitions: exactly where the definition is
// float arithmetic, within the stated bound where it is an elementary function.
#include "AudioAnalysis.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>

namespace phonon::test {
namespace {

/// A ramp signal: ~n counts 1, 2, 3 … through its own feedback (LANGUAGE §2.3), and
/// ~x = start + step·n (exact in float for the steps used: powers of two).
std::string ramp(double start, double step) {
  char text[160];
  std::snprintf(text, sizeof text, "~n: ~add ~n 1\n~x: ~n * %.9g %c %.9g\n", step,
                start < 0 ? '-' : '+', std::fabs(start));
  return text;
}

/// Renders `out: stereo ~x (expr)` and returns the pairs (x, f(x)).
struct Rendered {
  std::vector<float> x, y;
};
Rendered render(const std::string& name, const std::string& text, const std::string& options,
                size_t frames) {
  std::string path = writePatch(name, text);
  std::string wav = tempDir() + "/" + name + ".wav";
  char duration[64];
  std::snprintf(duration, sizeof duration, " --sample-rate 48000 --duration %.9g ",
                static_cast<double>(frames) / 48000);
  CommandResult r =
      runCommand(phononBinary() + " render '" + path + "' -o '" + wav + "'" + duration + options);
  EXPECT_EQ(r.exitCode, 0) << r.output;
  rt::AudioData audio;
  std::string error;
  EXPECT_TRUE(rt::readAudioFile(wav, audio, error)) << error;
  return {channel(audio, 0), channel(audio, 1)};
}

Rendered renderOnRamp(const std::string& name, const std::string& expr, double start, double step,
                      size_t frames, const std::string& options = "") {
  Rendered r = render(name, ramp(start, step) + "out: stereo ~x (" + expr + ")\n", options, frames);
  EXPECT_EQ(r.x.size(), frames);
  return r;
}

/// The largest |f(x) − definition(x)| over the render, relative where `relative` says so.
double worstError(const Rendered& r, const std::function<double(double)>& definition,
                  bool relative) {
  double worst = 0;
  for (size_t i = 0; i < r.x.size(); ++i) {
    double exact = definition(r.x[i]);
    double error = std::fabs(r.y[i] - exact);
    if (relative && exact != 0) error /= std::fabs(exact);
    worst = std::max(worst, error);
  }
  return worst;
}

/// Counts the samples where f(x) differs from a float definition in any bit.
size_t mismatches(const Rendered& r, const std::function<float(float)>& definition) {
  size_t count = 0;
  for (size_t i = 0; i < r.x.size(); ++i) {
    float exact = definition(r.x[i]);
    count += std::memcmp(&exact, &r.y[i], sizeof(float)) != 0;
  }
  return count;
}

TEST(MathNodesTest, AbsSignSqrtAreExact) {
  // x from −4 up by 1/256 (0 itself included).
  Rendered a = renderOnRamp("math-abs", "abs ~x", -4, 1.0 / 256, 2048);
  EXPECT_EQ(mismatches(a, [](float x) { return std::fabs(x); }), 0u);
  Rendered s = renderOnRamp("math-sign", "sign ~x", -4, 1.0 / 256, 2048);
  EXPECT_EQ(mismatches(s, [](float x) { return x > 0 ? 1.0f : x < 0 ? -1.0f : 0.0f; }), 0u);
  EXPECT_EQ(s.y[1023], 0.0f); // x = −4 + 1024/256 = 0
  Rendered q = renderOnRamp("math-sqrt", "sqrt ~x", -4, 1.0 / 256, 2048);
  EXPECT_EQ(mismatches(q, [](float x) { return std::sqrt(std::fmax(x, 0.0f)); }), 0u);
  EXPECT_EQ(q.y[1023 + 1024], std::sqrt(4.0f)); // x = 4
}

TEST(MathNodesTest, ExpAndLogAreWithinTheirBounds) {
  // e^x over [−80, 80], relative; ln over (0, 64] (absolute near 1, relative elsewhere).
  Rendered e = renderOnRamp("math-exp", "exp ~x", -80, 1.0 / 64, 10240);
  EXPECT_LT(worstError(
                e, [](double x) { return std::exp(x); }, true),
            2e-7);
  EXPECT_EQ(e.y[80 * 64 - 1], 1.0f); // e^0
  Rendered l = renderOnRamp("math-log", "log ~x", -1, 1.0 / 128, 8192);
  EXPECT_LT(worstError(
                l, [](double x) { return std::log(std::max(x, 1e-30)); }, true),
            2e-7);
  EXPECT_EQ(l.y[2 * 128 - 1], 0.0f);          // ln 1
  EXPECT_NEAR(l.y[0], std::log(1e-30), 1e-4); // x = −1 + 1/128 < 0: ln 1e-30
}

TEST(MathNodesTest, MidiAndHzConvertBothWays) {
  Rendered m = renderOnRamp("math-mtof", "mtof ~x", 0, 1.0 / 16, 16 * 128);
  EXPECT_LT(worstError(
                m, [](double x) { return 440 * std::exp2((x - 69) / 12); }, true),
            3e-7);
  EXPECT_EQ(m.y[69 * 16 - 1], 440.0f);
  Rendered f = renderOnRamp("math-ftom", "ftom ~x", 0, 10, 2000);
  // Within 3e-5 semitones (0.003 cent): a few float ulps of notes near 100.
  auto ftom = [](double x) { return 69 + 12 * std::log2(x / 440); };
  EXPECT_LT(worstError(f, ftom, false), 3e-5);
  EXPECT_EQ(f.y[43], 69.0f); // 440 Hz
  // f ≤ 0 reads as 1e-30 Hz: finite.
  Rendered low = renderOnRamp("math-ftom-low", "ftom ~x", -10, 1, 16);
  EXPECT_NEAR(low.y[0], 69 + 12 * std::log2(1e-30 / 440), 1e-3);
}

TEST(MathNodesTest, MinMaxAmpGainLerpXfadeIfAreTheirArithmetic) {
  const double from = -2, step = 1.0 / 128;
  const size_t n = 512;
  Rendered mn = renderOnRamp("math-min", "min ~x (0 - ~x)", from, step, n);
  EXPECT_EQ(mismatches(mn, [](float x) { return std::fmin(x, 0.0f - x); }), 0u);
  Rendered mx = renderOnRamp("math-max", "max ~x 0.25", from, step, n);
  EXPECT_EQ(mismatches(mx, [](float x) { return std::fmax(x, 0.25f); }), 0u);
  Rendered amp = renderOnRamp("math-amp", "amp ~x 3", from, step, n);
  EXPECT_EQ(mismatches(amp, [](float x) { return x * 3.0f; }), 0u);
  Rendered gain = renderOnRamp("math-gain", "gain ~x 0.5", from, step, n);
  EXPECT_EQ(mismatches(gain, [](float x) { return x * 0.5f; }), 0u);
  Rendered lerp = renderOnRamp("math-lerp", "lerp ~x 1 1.5", from, step, n);
  EXPECT_EQ(mismatches(lerp, [](float x) { return x + (1.0f - x) * 1.5f; }), 0u); // t unclamped
  Rendered xf = renderOnRamp("math-xfade", "xfade ~x 1 0.25", from, step, n);
  EXPECT_EQ(mismatches(xf, [](float x) { return 0.75f * x + 0.25f * 1.0f; }), 0u);
  Rendered xfClamped = renderOnRamp("math-xfade-clamp", "xfade ~x 1 7", from, step, n);
  EXPECT_EQ(mismatches(xfClamped, [](float) { return 1.0f; }), 0u); // pos clamped to 1
  Rendered cond = renderOnRamp("math-if", "if ~x ~x 7", from, step, n);
  EXPECT_EQ(mismatches(cond, [](float x) { return x > 0.5f ? x : 7.0f; }), 0u);
  EXPECT_EQ(cond.y[static_cast<size_t>((0.5 - from) / step) - 1],
            7.0f); // x = 0.5 exactly is not above 0.5
}

TEST(MathNodesTest, SelectChoosesTheFlooredIndexClampedToTheList) {
  // §7.8: s_j with j = floor(i) clamped to the list, on a ramp from −2 to 4 in 1/128 steps
  // (the integers exactly), the signals themselves functions of x.
  Rendered sel =
      renderOnRamp("math-select", "select ~x (~x * 10) (~x * 100) (~x * 1000)", -2, 1.0 / 128, 768);
  EXPECT_EQ(mismatches(sel,
                       [](float x) {
                         float j = x < 1.0f ? 0.0f : x < 2.0f ? 1.0f : 2.0f;
                         return x * (j == 0.0f ? 10.0f : j == 1.0f ? 100.0f : 1000.0f);
                       }),
            0u);
  Rendered one = renderOnRamp("math-select-one", "select ~x (~x * 3)", -2, 1.0 / 128, 64);
  EXPECT_EQ(mismatches(one, [](float x) { return x * 3.0f; }), 0u);
}

TEST(MathNodesTest, WrapAndFoldStayInsideTheirBounds) {
  // x over [−6, 6]: wrap into [−0.5, 1.5), fold into [−1, 0.5].
  Rendered w = renderOnRamp("math-wrap", "wrap ~x (-0.5) 1.5", -6, 1.0 / 64, 768);
  for (size_t i = 0; i < w.x.size(); ++i) {
    double d = w.x[i] + 0.5;
    double expected = -0.5 + (d - 2 * std::floor(d / 2));
    ASSERT_NEAR(w.y[i], expected, 1e-6) << w.x[i];
    ASSERT_GE(w.y[i], -0.5f);
    ASSERT_LT(w.y[i], 1.5f);
  }
  Rendered f = renderOnRamp("math-fold", "fold ~x (-1) 0.5", -6, 1.0 / 64, 768);
  for (size_t i = 0; i < f.x.size(); ++i) {
    // Reflect step by step, as the definition says, in double.
    double y = f.x[i];
    while (y > 0.5 || y < -1) y = y > 0.5 ? 1.0 - y : -2.0 - y;
    ASSERT_NEAR(f.y[i], y, 1e-6) << f.x[i];
    ASSERT_GE(f.y[i], -1.0f);
    ASSERT_LE(f.y[i], 0.5f);
  }
}

TEST(MathNodesTest, QuantizeRoundsHalfToEven) {
  // Steps of 1/64 put x·4 on every quarter, ties (x·4 = k + ½) included.
  Rendered q = renderOnRamp("math-quantize", "quantize 4 ~x", -3, 1.0 / 64, 384);
  EXPECT_EQ(mismatches(q, [](float x) { return std::nearbyint(x * 4.0f) / 4.0f; }), 0u);
  size_t ties = 0;
  for (float x : q.x) ties += std::fabs(x * 4.0f - std::floor(x * 4.0f) - 0.5f) == 0.0f;
  EXPECT_GT(ties, 20u);
  Rendered z = renderOnRamp("math-quantize-zero", "quantize 0 ~x", -3, 1.0 / 64, 64);
  EXPECT_EQ(mismatches(z, [](float) { return 0.0f; }), 0u); // q = 0: 0, not NaN
}

TEST(MathNodesTest, RangeMapsABipolarSignalOntoLoHi) {
  // §7.8: on a signal, lo + (hi − lo)·(x + 1)/2 — −1 gives lo, 1 gives hi, beyond them it
  // extrapolates (no clamp). On a pattern `range` stays the transform (§6.2).
  Rendered r = renderOnRamp("math-range", "range 200 800 ~x", -1.5, 1.0 / 64, 192);
  EXPECT_EQ(mismatches(r, [](float x) { return 200.0f + 600.0f * ((x + 1.0f) * 0.5f); }), 0u);
  size_t ends = 0;
  for (size_t i = 0; i < r.x.size(); ++i) {
    if (r.x[i] == -1.0f || r.x[i] == 1.0f) {
      EXPECT_EQ(r.y[i], r.x[i] < 0 ? 200.0f : 800.0f);
      ++ends;
    }
  }
  EXPECT_EQ(ends, 2u);
  Rendered p =
      render("math-range-pattern", "tempo: 1\nout: \"0 0.25 0.5 1\" $ range 1 5\n", "", 48000);
  EXPECT_EQ(p.x[0], 1.0f);
  EXPECT_EQ(p.x[12000], 2.0f);
  EXPECT_EQ(p.x[24000], 3.0f);
  EXPECT_EQ(p.x[36000], 5.0f);
}

TEST(MathNodesTest, MathOnNumbersIsFoldedWithTheSameKernels) {
  // Constant arguments fold at compile time (§7.8); the result is what the kernel computes.
  Rendered r = render("math-folded",
                      "out: stereo (mtof 69 + ftom 440 + min 1 2 + max 1 2) "
                      "(quantize 2 0.75 + wrap 1.25 + fold 1.5 + sign (-3) + abs (-2))\n",
                      "", 16);
  EXPECT_EQ(r.x[0], 440.0f + 69.0f + 1.0f + 2.0f);
  EXPECT_EQ(r.y[0], 1.0f + 0.25f + 0.5f - 1.0f + 2.0f);
}

TEST(MathNodesTest, StereoOperandsRunPerChannel) {
  // A stereo operand keeps its channels: abs of (−0.5, 0.25) is (0.5, 0.25).
  Rendered r = render("math-stereo", "out: abs (stereo (sine 0 - 0.5) (sine 0 + 0.25))\n", "", 16);
  EXPECT_EQ(r.x[5], 0.5f);
  EXPECT_EQ(r.y[5], 0.25f);
}

TEST(MathNodesTest, EnginesAgreeBitForBit) {
  // Every node of the group on moving signals, mono and stereo, in one patch: the interpreter
  // and the JIT at -O0 and -O3 give the same bits.
  const std::string text =
      ramp(-3, 1.0 / 4096) +
      "~s: stereo (sine 3) (saw 5)\n"
      "out: stereo (abs ~x + sign ~x + sqrt ~x + exp ~x + log ~x + min ~x (sine 7) + "
      "max ~x (sine 7) + amp ~x (sine 2) + gain ~x 0.5 + lerp ~x (sine 9) (sine 1) + "
      "xfade ~x (sine 9) (sine 1 * 0.5 + 0.5) + if (sine 4) ~x (sine 9) + wrap ~x (-0.3) 0.7 + "
      "fold ~x + quantize 3 ~x + ftom (mtof (~x * 10 + 60))) "
      "(sine 0)\n"
      "out2: abs ~s + sign ~s + sqrt ~s + exp ~s + log ~s + min ~s ~x + max ~s 0 + amp ~s 2 + "
      "gain ~s 0.5 + lerp ~s ~x 0.3 + xfade ~s ~x 0.6 + if (sine 4) ~s ~x + wrap ~s + "
      "fold ~s (-0.2) 0.3 + quantize 5 ~s + mtof (~s + 60)\n";
  Rendered reference = render("math-engines-ref", text, "--engine interp -O0", 24000);
  ASSERT_GT(rms(reference.x), 0.1);
  for (const char* options : {"-O0", "-O3", "--engine interp -O3"}) {
    Rendered other = render("math-engines", text, options, 24000);
    EXPECT_EQ(maxDifference(reference.x, other.x), 0.0) << options;
    EXPECT_EQ(maxDifference(reference.y, other.y), 0.0) << options;
  }
}

} // namespace
} // namespace phonon::test
