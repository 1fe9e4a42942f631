// The §7.1 oscillators and sources, each rendered through `phonon render` and measured: harmonic
// amplitudes against their Fourier series, aliasing against the PolyBLEP oscillators', pitch and
// decay of the strings, decay constants of the one-shot drums, spectral slopes of the noises.
// And the interpreter, the JIT (-O0, -O3) and an object file agree on them bit for bit.
#include "AudioAnalysis.h"

#include <fftw3.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numbers>

namespace phonon::test {
namespace {

constexpr double kRate = 48000;

/// Renders `text` (one statement per line) at 48 kHz; returns the left channel.
std::vector<float> render(const std::string& name, const std::string& text, double seconds,
                          const std::string& options = "") {
  std::string path = writePatch("osc-" + name, text);
  std::string wav = tempDir() + "/osc-" + name + ".wav";
  CommandResult r =
      runCommand(phononBinary() + " render '" + path + "' -o '" + wav +
                 "' --sample-rate 48000 --duration " + std::to_string(seconds) + " " + options);
  EXPECT_EQ(r.exitCode, 0) << r.output;
  rt::AudioData audio;
  std::string error;
  EXPECT_TRUE(rt::readAudioFile(wav, audio, error)) << error;
  return channel(audio, 0);
}

std::vector<float> seconds(const std::vector<float>& x, double from, double to) {
  return slice(x, static_cast<size_t>(from * kRate), static_cast<size_t>(to * kRate));
}

/// Largest |x| over [from, to) seconds.
double peakIn(const std::vector<float>& x, double from, double to) {
  return peak(seconds(x, from, to));
}

/// Welch power spectral density (Hann segments of 4096, half overlapping), summed over the bins
/// in [lo, hi) Hz and divided by their count: the mean power per bin in that band.
double bandPower(const std::vector<float>& x, double lo, double hi) {
  constexpr int n = 4096;
  std::vector<float> in(n);
  std::vector<fftwf_complex> out(n / 2 + 1);
  fftwf_plan plan = fftwf_plan_dft_r2c_1d(n, in.data(), out.data(), FFTW_ESTIMATE);
  std::vector<double> power(n / 2 + 1, 0.0);
  int segments = 0;
  for (size_t start = 0; start + n <= x.size(); start += n / 2, ++segments) {
    for (int i = 0; i < n; ++i)
      in[i] = x[start + i] * static_cast<float>(0.5 - 0.5 * std::cos(2 * std::numbers::pi * i / n));
    fftwf_execute(plan);
    for (int k = 0; k <= n / 2; ++k)
      power[k] += double(out[k][0]) * out[k][0] + double(out[k][1]) * out[k][1];
  }
  fftwf_destroy_plan(plan);
  double sum = 0;
  int bins = 0;
  for (int k = 0; k <= n / 2; ++k) {
    double hz = k * kRate / n;
    if (hz >= lo && hz < hi) {
      sum += power[k];
      ++bins;
    }
  }
  return sum / std::max(1, bins) / std::max(1, segments);
}

double db(double powerRatio) {
  return 10 * std::log10(powerRatio);
}

/// Sample indices where x goes from ≤ 0 to > 0.
std::vector<size_t> risingCrossings(const std::vector<float>& x) {
  std::vector<size_t> at;
  for (size_t i = 1; i < x.size(); ++i)
    if (x[i - 1] <= 0 && x[i] > 0) at.push_back(i);
  return at;
}

// ---- Exactly band-limited oscillators --------------------------------------------------------

TEST(OscillatorNodesTest, SawHzHasTheSawSeriesAndNothingFoldedBack) {
  // 5 kHz at 48 kHz: harmonics 5, 10, 15, 20 kHz; 25, 30, 35, 40, 45 kHz would fold to 23, 18,
  // 13, 8, 3 kHz.
  auto y = seconds(render("saw-hz", "out: saw_hz 5000\n", 1), 0.25, 0.75);
  for (int k = 1; k <= 4; ++k)
    EXPECT_NEAR(amplitudeAt(y, kRate, 5000.0 * k), 2 / std::numbers::pi / k, 2e-3) << k;
  auto blep = seconds(render("saw-blep", "out: saw 5000\n", 1), 0.25, 0.75);
  double worstHz = 0, worstBlep = 0;
  for (double alias : {3000.0, 8000.0, 13000.0, 18000.0, 23000.0}) {
    worstHz = std::max(worstHz, amplitudeAt(y, kRate, alias));
    worstBlep = std::max(worstBlep, amplitudeAt(blep, kRate, alias));
  }
  EXPECT_LT(worstHz, 1e-4) << "saw_hz folds harmonics back below Nyquist";
  EXPECT_GT(worstBlep, 1e-3) << "the PolyBLEP saw does, which the measurement must see";
  // At 110 Hz every one of the 218 harmonics below 24 kHz is there.
  auto low = seconds(render("saw-hz-110", "out: saw_hz 110\n", 1), 0.25, 0.75);
  for (int k : {1, 2, 7, 100, 218})
    EXPECT_NEAR(amplitudeAt(low, kRate, 110.0 * k), 2 / std::numbers::pi / k, 2e-3) << k;
  EXPECT_LT(amplitudeAt(low, kRate, 48000 - 110.0 * 219), 1e-4);
}

TEST(OscillatorNodesTest, SquareHzHasOddHarmonicsOnly) {
  // 4.1 kHz: 4.1, 12.3, 20.5 kHz; 28.7, 36.9, 45.1 kHz would fold to 19.3, 11.1, 2.9 kHz.
  auto y = seconds(render("square-hz", "out: square_hz 4100\n", 1), 0.25, 0.75);
  for (int k : {1, 3, 5})
    EXPECT_NEAR(amplitudeAt(y, kRate, 4100.0 * k), 4 / std::numbers::pi / k, 2e-3) << k;
  EXPECT_LT(amplitudeAt(y, kRate, 8200), 1e-4);
  auto blep = seconds(render("square-blep", "out: square 4100\n", 1), 0.25, 0.75);
  double worstHz = 0, worstBlep = 0;
  for (double alias : {19300.0, 11100.0, 2900.0}) {
    worstHz = std::max(worstHz, amplitudeAt(y, kRate, alias));
    worstBlep = std::max(worstBlep, amplitudeAt(blep, kRate, alias));
  }
  EXPECT_LT(worstHz, 1e-4);
  EXPECT_GT(worstBlep, 1e-3);
}

TEST(OscillatorNodesTest, TriangleHzAndSoftSawFollowTheirInverseSquareSeries) {
  // 2.1 kHz: odd harmonics up to 11 (23.1 kHz); the 13th would fold to 20.7 kHz.
  auto tri = seconds(render("triangle-hz", "out: triangle_hz 2100\n", 1), 0.25, 0.75);
  double pi2 = std::numbers::pi * std::numbers::pi;
  for (int k : {1, 3, 5, 7, 11})
    EXPECT_NEAR(amplitudeAt(tri, kRate, 2100.0 * k), 8 / pi2 / (k * k), 1e-3) << k;
  EXPECT_LT(amplitudeAt(tri, kRate, 4200), 1e-5);
  EXPECT_LT(amplitudeAt(tri, kRate, 48000 - 2100.0 * 13), 1e-5) << "13 · 2.1 kHz folded";
  // With 120 odd harmonics (100 Hz) the series is within 8/(π²·240) of the triangle's peak 1.
  EXPECT_NEAR(peak(render("triangle-hz-100", "out: triangle_hz 100\n", 0.1)), 1.0, 0.005);

  // 3.1 kHz: harmonics 1 … 7 (21.7 kHz); 8 and 9 would fold to 23.2 and 20.1 kHz.
  auto soft = seconds(render("soft-saw", "out: soft_saw 3100\n", 1), 0.25, 0.75);
  for (int k = 1; k <= 7; ++k)
    EXPECT_NEAR(amplitudeAt(soft, kRate, 3100.0 * k), 1 / 1.0149 / (k * k), 1e-3) << k;
  EXPECT_LT(amplitudeAt(soft, kRate, 23200), 1e-5);
  EXPECT_LT(amplitudeAt(soft, kRate, 20100), 1e-5);
}

TEST(OscillatorNodesTest, OrganHasOctavePartialsBelowNyquist) {
  auto y = seconds(render("organ", "out: organ 1000\n", 1), 0.25, 0.75);
  for (int k : {1, 2, 4, 8, 16}) EXPECT_NEAR(amplitudeAt(y, kRate, 1000.0 * k), 0.5 / k, 1e-3) << k;
  for (int k : {3, 5, 6, 12}) EXPECT_LT(amplitudeAt(y, kRate, 1000.0 * k), 1e-4) << k;
  // At 1.7 kHz the 16th partial (27.2 kHz) is left out instead of folding to 20.8 kHz.
  auto high = seconds(render("organ-hz", "out: organ_hz 1700\n", 1), 0.25, 0.75);
  EXPECT_NEAR(amplitudeAt(high, kRate, 1700), 0.5, 1e-3);
  EXPECT_NEAR(amplitudeAt(high, kRate, 1700 * 8), 0.5 / 8, 1e-3);
  EXPECT_LT(amplitudeAt(high, kRate, 20800), 1e-4);
}

TEST(OscillatorNodesTest, BlipIsAFlatBandLimitedImpulseTrain) {
  // 4.5 kHz: N = ⌊24000/4500⌋ = 5 harmonics of amplitude 1/5 each; the 6th (27 kHz) and up are
  // not there to fold to 21, 16.5, 12 kHz.
  auto all = render("blip", "out: blip 4500\n", 1);
  EXPECT_FLOAT_EQ(all[0], 1.0f) << "every cosine is 1 at φ = 0";
  auto y = seconds(all, 0.25, 0.75);
  for (int k = 1; k <= 5; ++k) EXPECT_NEAR(amplitudeAt(y, kRate, 4500.0 * k), 0.2, 2e-3) << k;
  for (double alias : {21000.0, 16500.0, 12000.0}) EXPECT_LT(amplitudeAt(y, kRate, alias), 1e-4);
  EXPECT_NEAR(mean(y), 0.0, 1e-3);
  // At 100 Hz, 240 harmonics: a narrow pulse of height 1 once per period.
  auto slow = render("blip-100", "out: blip 100\n", 1);
  EXPECT_NEAR(peak(slow), 1.0, 1e-3);
  EXPECT_NEAR(amplitudeAt(seconds(slow, 0.25, 0.75), kRate, 100.0 * 200), 1.0 / 240, 2e-4);
}

// ---- PolyBLEP, table and phase oscillators ----------------------------------------------------

TEST(OscillatorNodesTest, PulseHasTheDutyCycleSpectrumAndMean) {
  // ±1 with duty d: harmonic k has amplitude (4/πk)·|sin πkd|, the mean is 2d − 1.
  auto y = seconds(render("pulse", "out: pulse 1000 0.25\n", 1), 0.25, 0.75);
  for (int k : {1, 2, 3})
    EXPECT_NEAR(amplitudeAt(y, kRate, 1000.0 * k),
                4 / std::numbers::pi / k * std::fabs(std::sin(std::numbers::pi * k * 0.25)), 5e-3)
        << k;
  EXPECT_LT(amplitudeAt(y, kRate, 4000), 2e-3);
  EXPECT_NEAR(mean(y), -0.5, 1e-3);
  // The width is clamped to [0.01, 0.99].
  EXPECT_NEAR(mean(seconds(render("pulse-wide", "out: pulse 1000 2\n", 1), 0.25, 0.75)), 0.98,
              2e-3);
}

TEST(OscillatorNodesTest, VcoIsSawPulseTriOrSineByRoundedWave) {
  auto same = [](const std::string& name, const std::string& a, const std::string& b) {
    auto x = render(name + "-a", "out: " + a + "\n", 0.2);
    auto y = render(name + "-b", "out: " + b + "\n", 0.2);
    EXPECT_GT(rms(x), 0.1);
    EXPECT_EQ(maxDifference(x, y), 0.0) << a << " against " << b;
  };
  // vco's saw is Saw::wave at its float phase, as supersaw's voices are; `saw`'s phase is fixed
  // point (Oscillators.h), exact where a float's sums round: they part by that rounding alone,
  // 1.01e-2 at most in these 0.2 s, near the jumps, where the residual's slope is 2/dt.
  same("vco0", "vco 440", "supersaw 440 0 1");
  auto vcoSaw = render("vco0-c", "out: vco 440\n", 0.2);
  auto saw = render("vco0-d", "out: saw 440\n", 0.2);
  EXPECT_LT(maxDifference(vcoSaw, saw), 0.02);
  same("vco1", "vco 440 1 0.3", "pulse 440 0.3");
  same("vco2", "vco 440 1.6", "tri 440");
  // vco's sine is sinTwoPi at its float phase (which its waves share); `sine`'s phase is fixed
  // point (Oscillators.h), exact where a float's sums round: they part by that rounding alone,
  // 3.2e-4 at most in these 0.2 s.
  auto vco = render("vco3-a", "out: vco 440 7\n", 0.2);
  auto sine = render("vco3-b", "out: sine 440\n", 0.2);
  EXPECT_GT(rms(vco), 0.1);
  EXPECT_LT(maxDifference(vco, sine), 1e-3);
}

TEST(OscillatorNodesTest, ImpulseFiresOnItsFirstSampleAndOncePerPeriod) {
  auto y = render("impulse", "out: impulse 1000\n", 1);
  EXPECT_EQ(y[0], 1.0f);
  std::vector<size_t> ones;
  for (size_t i = 0; i < y.size(); ++i) {
    ASSERT_TRUE(y[i] == 0.0f || y[i] == 1.0f) << i;
    if (y[i] == 1.0f) ones.push_back(i);
  }
  EXPECT_NEAR(static_cast<double>(ones.size()), 1000.0, 1.0);
  for (size_t i = 1; i < ones.size(); ++i) EXPECT_NEAR(ones[i] - ones[i - 1], 48.0, 1.0) << i;
}

TEST(OscillatorNodesTest, WavetableIsAnInterpolatedSine) {
  auto table = render("wavetable", "out: wavetable 1000\n", 0.5);
  // The same float phase's sine: vco's (`sine`'s phase is fixed point, which a float phase
  // parts from by its sums' rounding, 1.2e-3 in these 0.5 s).
  auto sine = render("wavetable-sine", "out: vco 1000 3\n", 0.5);
  // Linear interpolation over 2048 points: error below (2π/2048)²/8 ≈ 1.2e-6 of the amplitude.
  EXPECT_LT(maxDifference(table, sine), 3e-6);
  EXPECT_GT(rms(table), 0.7);
}

TEST(OscillatorNodesTest, FmSidebandsAreBesselAmplitudes) {
  // sin(2π·1000t + 2·sin 2π·200t): the component at 1000 + 200k has amplitude |J_k(2)|.
  auto y = seconds(render("fm", "out: fm 1000 200 2\n", 1), 0.25, 0.75);
  for (int k = -3; k <= 3; ++k)
    EXPECT_NEAR(amplitudeAt(y, kRate, 1000.0 + 200 * k),
                std::fabs(std::cyl_bessel_j(std::abs(k), 2.0)), 2e-3)
        << k;
  // `superfm 1000 0.25 1` is `fm 1000 250 1`, and `pm` with a sine modulator is `fm` (the sine
  // vco's, whose phase is a float like fm's; `sine`'s is fixed point).
  auto superfm = render("superfm", "out: superfm 1000 0.25 1\n", 0.5);
  EXPECT_EQ(maxDifference(superfm, render("superfm-fm", "out: fm 1000 250 1\n", 0.5)), 0.0);
  EXPECT_NEAR(amplitudeAt(seconds(superfm, 0.1, 0.5), kRate, 750), std::cyl_bessel_j(1, 1.0), 2e-3);
  EXPECT_LT(maxDifference(render("pm", "out: pm 1000 (vco 200 3) 2\n", 0.5),
                          render("pm-fm", "out: fm 1000 200 2\n", 0.5)),
            1e-6);
}

TEST(OscillatorNodesTest, SupersawSumsDetunedSawsScaledByOneOverRootN) {
  // Seven saws at 200·2^(0.3·o/12), o = −1, −⅔ … 1: each fundamental has (2/π)/√7.
  auto y = seconds(render("supersaw", "out: supersaw 200\n", 5), 0.5, 5);
  for (int i = 0; i < 7; ++i) {
    double hz = 200 * std::exp2(0.3 * (-1 + 2 * i / 6.0) / 12);
    EXPECT_NEAR(amplitudeAt(y, kRate, hz), 2 / std::numbers::pi / std::sqrt(7.0), 0.012) << hz;
  }
  // One voice with no detune is the plain saw at a float phase, vco's (`saw`'s phase is fixed
  // point: VcoIsSawPulseTriOrSineByRoundedWave).
  EXPECT_EQ(maxDifference(render("supersaw1", "out: supersaw 300 0 1\n", 0.3),
                          render("supersaw1-saw", "out: vco 300\n", 0.3)),
            0.0);
}

TEST(OscillatorNodesTest, SuperpwmWidthFollowsItsLfo) {
  // width 0.5 + 0.45·0.8·sin(2π·0.5·t): the pulse's mean 2w − 1 is +0.72 at 0.5 s, −0.72 at 1.5 s.
  auto y = render("superpwm", "out: superpwm 1000\n", 2);
  EXPECT_NEAR(mean(seconds(y, 0.45, 0.55)), 0.72 * 0.9959, 0.01);
  EXPECT_NEAR(mean(seconds(y, 1.45, 1.55)), -0.72 * 0.9959, 0.01);
  EXPECT_NEAR(mean(seconds(y, 0.95, 1.05)), 0.0, 0.02);
}

TEST(OscillatorNodesTest, SuperchipIsANaiveSquareWithVibrato) {
  auto y = render("superchip", "out: superchip 1000 5 0.05\n", 0.4);
  for (float v : y) ASSERT_TRUE(v == 1.0f || v == -1.0f);
  // Periods between rising edges: 1050 Hz at the vibrato's crest, 950 Hz at its trough.
  auto edges = risingCrossings(y);
  double shortest = 1e9, longest = 0;
  for (size_t i = 1; i < edges.size(); ++i) {
    double period = double(edges[i] - edges[i - 1]);
    shortest = std::min(shortest, period);
    longest = std::max(longest, period);
  }
  EXPECT_NEAR(kRate / shortest, 1050, 25);
  EXPECT_NEAR(kRate / longest, 950, 25);
  // Deliberately aliasing: the 25th harmonic (25 kHz) folds to 23 kHz.
  auto still = seconds(render("superchip-still", "out: superchip 1000 5 0\n", 1), 0.25, 0.75);
  EXPECT_GT(amplitudeAt(still, kRate, 23000), 1e-3);
}

// ---- Strings ----------------------------------------------------------------------------------

/// The fundamental loses (1 − 0.01·damping)·cos(πf/sr) per period.
void expectStringPitchAndDecay(const std::vector<float>& y, double hz, double damping) {
  EXPECT_NEAR(spectralPeakHz(seconds(y, 0.05, 1.05), kRate, 100, 400), hz, 0.5);
  double perPeriod = (1 - 0.01 * damping) * std::cos(std::numbers::pi * hz / kRate);
  double expected = std::pow(perPeriod, 0.5 * hz);
  double early = amplitudeAt(seconds(y, 0.1, 0.3), kRate, hz);
  double late = amplitudeAt(seconds(y, 0.6, 0.8), kRate, hz);
  EXPECT_NEAR(late / early, expected, 0.04 * expected);
}

TEST(OscillatorNodesTest, PluckLoopIsRoundSrOverFreqAndDecaysByDamping) {
  // 220 Hz: N = round(218.18) = 218. §7.1's loop averages buf[i] with buf[i + 1], the sample
  // played next: y[n] = loss·(y[n − N] + y[n − N + 1])/2, a loop of N − ½ samples, 220.69 Hz.
  auto y = render("pluck", "out: pluck 220 0.5\n", 1.2);
  expectStringPitchAndDecay(y, kRate / 217.5, 0.5);
  auto damped = render("pluck-damped", "out: pluck 220 1\n", 1.2);
  expectStringPitchAndDecay(damped, kRate / 217.5, 1.0);
  // The first N samples are the seeded noise burst, uniform in [−1, 1).
  EXPECT_GT(peak(slice(y, 0, 218)), 0.8);
  EXPECT_LE(peak(slice(y, 0, 218)), 1.0);
}

TEST(OscillatorNodesTest, WaveguidePitchDecayAndPickup) {
  // 220 Hz: two lines of M = round(109.09) = 109; a round trip is 218 samples plus the loss
  // filter's ½ ((x[n] + x[n − 1])/2 delays by half a sample).
  auto y = render("waveguide", "out: waveguide 220 0.5 0.2\n", 1.2);
  expectStringPitchAndDecay(y, kRate / 218.5, 0.5);
  // Read at the middle of the string, the even modes (a node there) are far weaker.
  auto middle = render("waveguide-mid", "out: waveguide 220 0.5 0.5\n", 1.2);
  double f0 = kRate / 218.5;
  double evenAtMiddle = amplitudeAt(seconds(middle, 0.1, 0.6), kRate, 2 * f0) /
                        amplitudeAt(seconds(middle, 0.1, 0.6), kRate, f0);
  double evenAtFifth = amplitudeAt(seconds(y, 0.1, 0.6), kRate, 2 * f0) /
                       amplitudeAt(seconds(y, 0.1, 0.6), kRate, f0);
  EXPECT_LT(evenAtMiddle, 0.05);
  EXPECT_GT(evenAtFifth, 0.2);
}

// ---- One-shot drums ---------------------------------------------------------------------------

TEST(OscillatorNodesTest, SuperkickDecaysBySustainAndSweepsDown) {
  // No sweep, no click: sin(2π·50t)·e^(−t/0.3); 0.1 s is five periods, so y(t + 0.1) = y(t)·e^(−⅓).
  auto y = render("kick", "out: superkick 50 0 0.3 0\n", 0.6);
  EXPECT_NEAR(peakIn(y, 0.2, 0.22) / peakIn(y, 0.1, 0.12), std::exp(-1 / 3.0), 1e-3);
  EXPECT_NEAR(peakIn(y, 0.5, 0.52) / peakIn(y, 0.1, 0.12), std::exp(-4 / 3.0), 1e-3);
  // With the sweep the phase is 50t + 50·4·0.5·0.03·(1 − e^(−t/0.03)) cycles: its first half
  // cycle ends where that is ½.
  auto swept = render("kick-swept", "out: superkick 50 0.5 0.3 0\n", 0.6);
  double lo = 0, hi = 0.01;
  for (int i = 0; i < 60; ++i) {
    double t = (lo + hi) / 2;
    (50 * t + 3 * (1 - std::exp(-t / 0.03)) < 0.5 ? lo : hi) = t;
  }
  size_t firstFall = 1;
  while (firstFall < swept.size() && swept[firstFall] > 0) ++firstFall;
  EXPECT_NEAR(static_cast<double>(firstFall), lo * kRate, 1.5);
  // The click: noise·white·e^(−t/0.005), alone once the body's 0.1 ms sustain has gone.
  auto click = render("kick-click", "out: superkick 50 0 0.0001 1\n", 0.05);
  double ratio = rms(seconds(click, 0.01, 0.015)) / rms(seconds(click, 0.005, 0.01));
  EXPECT_NEAR(ratio, std::exp(-1.0), 0.1);
}

TEST(OscillatorNodesTest, SupersnareToneAndHighPassedNoiseDecay) {
  // snappy 0: the tone alone, sin(2π·180t)·e^(−t/0.08); 0.1 s is 18 periods.
  auto tone = render("snare-tone", "out: supersnare 180 0 0.08\n", 0.3);
  EXPECT_NEAR(peakIn(tone, 0.1 + 0.0, 0.1 + 1 / 180.0) / peakIn(tone, 0.0 + 0.05, 0.05 + 1 / 180.0),
              std::exp(-0.05 / 0.08), 2e-3);
  // snappy 1: noise through hpf 1000, decaying with 1.5·sustain = 0.12 s.
  auto noise = render("snare-noise", "out: supersnare 180 1 0.08\n", 0.4);
  double ratio = rms(seconds(noise, 0.08, 0.12)) / rms(seconds(noise, 0.02, 0.06));
  EXPECT_NEAR(ratio, std::exp(-0.06 / 0.12), 0.06);
  // Normalise out the decay with a long sustain to see the high-pass: 12 dB/octave below 1 kHz.
  auto flat = render("snare-flat", "out: supersnare 180 1 1000\n", 3);
  double below = bandPower(flat, 200, 300), above = bandPower(flat, 4000, 8000);
  EXPECT_LT(db(below / above), -20);
}

TEST(OscillatorNodesTest, SuperhatDecaysBySustainAboveItsBrightCutoff) {
  auto y = render("hat", "out: superhat 0.7 0.05\n", 0.3);
  double ratio = rms(seconds(y, 0.06, 0.09)) / rms(seconds(y, 0.03, 0.06));
  EXPECT_NEAR(ratio, std::exp(-0.03 / 0.05), 0.05);
  // bright 0.7: high-pass at 8.2 kHz, two octaves above 2 kHz (about −24 dB there); bright 0 at
  // 4 kHz, one octave (about −12 dB).
  auto bright = render("hat-bright", "out: superhat 0.7 1000\n", 3);
  auto dull = render("hat-dull", "out: superhat 0 1000\n", 3);
  double brightDrop = db(bandPower(bright, 1900, 2100) / bandPower(bright, 15000, 17000));
  double dullDrop = db(bandPower(dull, 1900, 2100) / bandPower(dull, 15000, 17000));
  EXPECT_NEAR(brightDrop, -24.4, 2.5);
  EXPECT_NEAR(dullDrop, -12.3, 2.5);
}

// ---- Noises -----------------------------------------------------------------------------------

/// Average power spectral slope in dB per octave over [lo, hi], from octave bands.
double slopePerOctave(const std::vector<float>& x, double lo, double octaves) {
  double first = bandPower(x, lo / std::sqrt(2.0), lo * std::sqrt(2.0));
  double hi = lo * std::exp2(octaves);
  double last = bandPower(x, hi / std::sqrt(2.0), hi * std::sqrt(2.0));
  return db(last / first) / octaves;
}

TEST(OscillatorNodesTest, NoiseSpectraSlopes) {
  auto white = render("white", "out: noise\n", 10);
  auto pink = render("pink", "out: pink\n", 10);
  auto brown = render("brown", "out: brown_noise\n", 10);
  EXPECT_NEAR(slopePerOctave(white, 250, 5), 0.0, 0.3);
  EXPECT_NEAR(slopePerOctave(pink, 100, 6), -3.01, 0.3);
  EXPECT_NEAR(slopePerOctave(pink, 400, 3), -3.01, 0.3);
  EXPECT_NEAR(slopePerOctave(brown, 250, 4), -6.02, 0.3);
  for (const auto* x : {&pink, &brown}) {
    EXPECT_TRUE(allFinite(*x));
    EXPECT_LT(peak(*x), 1.0);
    EXPECT_NEAR(mean(*x), 0.0, 0.05);
  }
  // Two instances differ (seeded per instance).
  auto two = render("pink-two", "out: pink - pink_noise\n", 0.1);
  EXPECT_GT(rms(two), 0.01);
}

// ---- Engines agree ----------------------------------------------------------------------------

class OscillatorNodesAgree : public ::testing::TestWithParam<const char*> {};

TEST_P(OscillatorNodesAgree, InEveryEngineLevelAndThreadCount) {
  expectEnginesAgree("osc-agree", GetParam());
}

INSTANTIATE_TEST_SUITE_P(
    Nodes, OscillatorNodesAgree,
    ::testing::Values(
        // Mono: every node of the group, with patterned and signal parameters.
        "~a: pulse \"220 330\" (0.3 + 0.2 * sine 3) + vco 110 \"0 1 2 3\" 0.4 + impulse 50\n"
        "~b: blip 300 + wavetable 440 + saw_hz \"110 55\" + square_hz 220 + triangle_hz 330\n"
        "~c: organ 200 + soft_saw 150 + fm 300 (sine 2 * 50 + 100) 2 + pm 200 (saw 3) 1.5\n"
        "~d: pluck \"220 330\" 0.3 + waveguide 110 0.4 0.3 + supersaw 100 0.4 5\n"
        "~e: superpwm 200 2 0.6 + superchip 300 6 0.1 + superfm 250 1.5 2\n"
        "~f: superkick 60 0.6 0.4 0.3 + supersnare 200 0.7 0.1 + superhat 0.4 0.08\n"
        "~g: pink + brown_noise + noise * 0.1\n"
        "out: (~a + ~b + ~c + ~d + ~e + ~f + ~g) * 0.05\n",
        // Stereo: pm's signal input is a stereo pair, so pm runs once per channel.
        "out: pm 300 (sine 2 # pan -0.5 + saw 3 # pan 0.7) 2 * 0.5\n"));

} // namespace
} // namespace phonon::test
