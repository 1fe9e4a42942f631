// The SVF, resonant RBJ, ladder, allpass, DJ and EQ filters and the ramps of LANGUAGE §7.3–7.4
// (bpf notch svf_* rlpf rhpf resonz moog allpass djf eq; line xline curve segments lag),
// rendered with the real `phonon render` and measured: gains against each filter's transfer
// function in double precision, −3 dB points, slopes, resonance peaks, self-oscillation, and
// the ramps' shapes and segment ends to the sample. Then the engines agree to the bit, and a
// stack of same-shaped filters is one SIMD bank.
#include "AudioAnalysis.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace phonon::test {
namespace {

constexpr double kRate = 48000.0;
using Complex = std::complex<double>;

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

/// Channel `c` of `text` rendered at 48 kHz with `options`; fails the test on a tool error.
std::vector<float> renderText(const std::string& name, const std::string& text,
                              const std::string& options, unsigned c = 0) {
  static int counter = 0;
  std::string wav = tempDir() + "/" + name + std::to_string(counter++) + ".wav";
  CommandResult r = runCommand(phononBinary() + " render '" + writePatch(name, text) + "' -o '" +
                               wav + "' --sample-rate 48000 " + options);
  EXPECT_EQ(r.exitCode, 0) << text << r.output;
  rt::AudioData audio;
  std::string error;
  EXPECT_TRUE(rt::readAudioFile(wav, audio, error)) << error;
  return audio.channels > c ? channel(audio, c) : std::vector<float>{};
}

/// The gains in dB at `freqs` of a chain section (`bpf 1000 4`), measured on the sum of sines
/// at those frequencies through it (total amplitude `level`): Goertzel on the last 2 s of
/// 2.5 s. The sines are spaced at least 5 Hz apart.
std::vector<double> measuredGainsDb(const std::string& section, const std::vector<double>& freqs,
                                    double level = 0.5) {
  double amplitude = level / static_cast<double>(freqs.size());
  std::string sum;
  for (double f : freqs) sum += (sum.empty() ? "sine " : " + sine ") + number(f);
  std::vector<float> x =
      renderText("gains", "out: (" + sum + ") * " + number(amplitude) + " # " + section + "\n",
                 "--duration 2.5");
  EXPECT_TRUE(allFinite(x));
  std::vector<float> steady = slice(x, static_cast<size_t>(0.5 * kRate), x.size());
  std::vector<double> gains;
  for (double f : freqs) gains.push_back(dbfs(amplitudeAt(steady, kRate, f) / amplitude));
  return gains;
}

/// Where the gains cross `level` dB between neighbouring frequencies (linear in dB); NaN where
/// no pair straddles it.
double crossing(const std::vector<double>& freqs, const std::vector<double>& gains, double level,
                bool rising) {
  for (size_t i = 0; i + 1 < freqs.size(); ++i) {
    bool straddles = rising ? gains[i] < level && gains[i + 1] >= level
                            : gains[i] > level && gains[i + 1] <= level;
    if (straddles)
      return freqs[i] + (freqs[i + 1] - freqs[i]) * (level - gains[i]) / (gains[i + 1] - gains[i]);
  }
  return NAN;
}

double db(Complex h) {
  return 20 * std::log10(std::abs(h));
}

/// s = jΩ of the bilinear transform prewarped at fc: the TPT filters' digital response at f is
/// their analog prototype's at Ω = tan(πf/sr)/tan(πfc/sr), exactly.
Complex prewarped(double fc, double f) {
  return Complex(0, std::tan(M_PI * f / kRate) / std::tan(M_PI * fc / kRate));
}

enum class Svf { Low, High, Band, Notch };

/// The TPT SVF of §7.3 (damping k = 1/q): low 1/D, high s²/D, band k·s/D, notch (s² + 1)/D,
/// D = s² + k·s + 1.
Complex svfResponse(Svf kind, double fc, double q, double f) {
  Complex s = prewarped(fc, f), d = s * s + s / q + 1.0;
  switch (kind) {
  case Svf::Low:
    return 1.0 / d;
  case Svf::High:
    return s * s / d;
  case Svf::Band:
    return s / q / d;
  case Svf::Notch:
    return (s * s + 1.0) / d;
  }
  return 0;
}

/// The Audio-EQ-Cookbook biquads: low-pass, high-pass, band-pass (0 dB peak) and peaking.
enum class Rbj { Low, High, Band, Peak };

Complex rbjResponse(Rbj kind, double f0, double q, double f, double gainDb = 0) {
  double w0 = 2 * M_PI * f0 / kRate, cw = std::cos(w0), alpha = std::sin(w0) / (2 * q);
  double A = std::pow(10.0, gainDb / 40);
  double b0 = 0, b1 = 0, b2 = 0, a0 = 1 + alpha, a2 = 1 - alpha;
  switch (kind) {
  case Rbj::Low:
    b0 = b2 = (1 - cw) / 2, b1 = 1 - cw;
    break;
  case Rbj::High:
    b0 = b2 = (1 + cw) / 2, b1 = -(1 + cw);
    break;
  case Rbj::Band:
    b0 = alpha, b1 = 0, b2 = -alpha;
    break;
  case Rbj::Peak:
    b0 = 1 + alpha * A, b1 = -2 * cw, b2 = 1 - alpha * A;
    a0 = 1 + alpha / A, a2 = 1 - alpha / A;
    break;
  }
  Complex z1 = std::polar(1.0, -2 * M_PI * f / kRate), z2 = z1 * z1;
  return (b0 + b1 * z1 + b2 * z2) / (a0 - 2 * cw * z1 + a2 * z2);
}

/// Measured gains of `section` at `freqs` against `expected(f)` in dB: within `tolerance`
/// wherever the expected gain is above −60 dB.
void expectGains(const std::string& section, const std::vector<double>& freqs,
                 const std::function<double(double)>& expected, double tolerance = 0.05,
                 double level = 0.5) {
  std::vector<double> gains = measuredGainsDb(section, freqs, level);
  for (size_t i = 0; i < freqs.size(); ++i) {
    double want = expected(freqs[i]);
    if (want > -60) {
      EXPECT_NEAR(gains[i], want, tolerance) << section << " at " << freqs[i] << " Hz";
    }
  }
}

std::vector<double> around(double f0, std::initializer_list<double> ratios) {
  std::vector<double> freqs;
  for (double r : ratios)
    if (r * f0 < 0.45 * kRate) freqs.push_back(std::round(r * f0));
  return freqs;
}

TEST(FilterNodesTest, SvfRowsFollowTheirTransferFunctions) {
  // bpf/notch take q; svf_* take res with q = 0.5/(1 − res). Each output at two corners and two
  // dampings, an octave below to two above, against the analog prototype through the bilinear
  // transform.
  struct Case {
    const char* node;
    Svf kind;
    bool byRes;
  };
  for (Case c : {Case{"bpf", Svf::Band, false}, Case{"notch", Svf::Notch, false},
                 Case{"svf_lp", Svf::Low, true}, Case{"svf_hp", Svf::High, true},
                 Case{"svf_bp", Svf::Band, true}, Case{"svf_notch", Svf::Notch, true}})
    for (double fc : {300.0, 6000.0})
      for (double setting : {0.0, 0.8}) {
        double q = c.byRes ? 0.5 / (1 - setting) : (setting == 0 ? 0.7 : 5.0);
        double arg = c.byRes ? setting : q;
        expectGains(std::string(c.node) + " " + number(fc) + " " + number(arg),
                    around(fc, {0.5, 0.8, 0.95, 1.05, 1.25, 2.0, 3.5}),
                    [&](double f) { return db(svfResponse(c.kind, fc, q, f)); });
      }
}

TEST(FilterNodesTest, SvfLowAndHighPassAreDown3dBAtCutoffAndFall12dBPerOctave) {
  // res = 1 − 0.5/√½ gives q = √½: −3.01 dB at the cutoff; three octaves on, the slope is
  // 12 dB per octave (steeper by the bilinear transform's warping towards sr/2: as predicted).
  const double res = 1 - 0.5 / std::sqrt(0.5), fc = 1000;
  std::vector<double> freqs = {900, 950, 1000, 1050, 1100};
  std::vector<double> lp = measuredGainsDb("svf_lp 1000 " + number(res), freqs);
  std::vector<double> hp = measuredGainsDb("svf_hp 1000 " + number(res), freqs);
  EXPECT_NEAR(lp[2], -3.01, 0.02);
  EXPECT_NEAR(hp[2], -3.01, 0.02);
  EXPECT_NEAR(crossing(freqs, lp, -3.0103, false), fc, 2.0);
  EXPECT_NEAR(crossing(freqs, hp, -3.0103, true), fc, 2.0);
  const double q = std::sqrt(0.5);
  std::vector<double> far = measuredGainsDb("svf_lp 250 " + number(res), {2000, 4000});
  EXPECT_NEAR(far[0] - far[1],
              db(svfResponse(Svf::Low, 250, q, 2000)) - db(svfResponse(Svf::Low, 250, q, 4000)),
              0.02);
  EXPECT_NEAR(far[0] - far[1], 12.0, 0.5);
  std::vector<double> below = measuredGainsDb("svf_hp 1000 " + number(res), {62.5, 125});
  EXPECT_NEAR(below[1] - below[0], 12.0, 0.05);
  std::printf(
      "svf_lp/svf_hp 1 kHz q 0.707: %.3f / %.3f dB at fc; lp 250 Hz %0.2f dB/oct at 2-4 kHz, "
      "hp %.2f dB/oct at 62.5-125 Hz\n",
      lp[2], hp[2], far[0] - far[1], below[1] - below[0]);
}

TEST(FilterNodesTest, BandPassesPeakAt0dBWithTheBandwidthOfTheirQ) {
  // bpf (SVF) and resonz (RBJ) at 1 kHz, q 5: 0 dB at the centre, −3 dB at the prototype's
  // Ω = √(1 + 1/4q²) ∓ 1/2q carried through the bilinear transform.
  const double f0 = 1000, q = 5;
  std::vector<double> freqs;
  for (double f = 850; f <= 1150; f += 5) freqs.push_back(f);
  for (const char* node : {"bpf", "resonz"}) {
    std::vector<double> gains = measuredGainsDb(std::string(node) + " 1000 5", freqs);
    size_t best = std::max_element(gains.begin(), gains.end()) - gains.begin();
    EXPECT_EQ(freqs[best], f0) << node;
    EXPECT_NEAR(gains[best], 0.0, 0.02) << node;
    auto edge = [&](double sign) {
      double omega = std::sqrt(1 + 1 / (4 * q * q)) + sign / (2 * q);
      return kRate / M_PI * std::atan(omega * std::tan(M_PI * f0 / kRate));
    };
    std::vector<double> lower(freqs.begin(), freqs.begin() + best + 1);
    std::vector<double> lowerGains(gains.begin(), gains.begin() + best + 1);
    std::vector<double> upper(freqs.begin() + best, freqs.end());
    std::vector<double> upperGains(gains.begin() + best, gains.end());
    double lo = crossing(lower, lowerGains, -3.0103, true);
    double hi = crossing(upper, upperGains, -3.0103, false);
    EXPECT_NEAR(lo, edge(-1), 1.0) << node;
    EXPECT_NEAR(hi, edge(1), 1.0) << node;
    std::printf("%s 1 kHz q 5: peak %.3f dB, -3 dB at %.2f and %.2f Hz (bandwidth %.2f Hz)\n", node,
                gains[best], lo, hi, hi - lo);
  }
}

TEST(FilterNodesTest, NotchesRemoveTheirFrequency) {
  for (const char* section : {"notch 1000 1", "svf_notch 1000 0.3"}) {
    std::vector<double> gains = measuredGainsDb(section, {500, 1000, 2000});
    EXPECT_LT(gains[1], -60) << section;
    EXPECT_GT(gains[0], -6) << section;
    EXPECT_GT(gains[2], -6) << section;
  }
}

TEST(FilterNodesTest, ResonantRbjFiltersFollowTheCookbookWithQFromRes) {
  // rlpf/rhpf: the cookbook LPF/HPF with q = 0.5/(1 − res); resonz: the cookbook BPF.
  for (double f0 : {250.0, 4000.0})
    for (double res : {0.0, 0.9}) {
      double q = 0.5 / (1 - res);
      std::vector<double> freqs = around(f0, {0.5, 0.8, 0.95, 1.0, 1.05, 1.25, 2.0, 3.5});
      expectGains("rlpf " + number(f0) + " " + number(res), freqs,
                  [&](double f) { return db(rbjResponse(Rbj::Low, f0, q, f)); });
      expectGains("rhpf " + number(f0) + " " + number(res), freqs,
                  [&](double f) { return db(rbjResponse(Rbj::High, f0, q, f)); });
      expectGains("resonz " + number(f0) + " " + number(q), freqs,
                  [&](double f) { return db(rbjResponse(Rbj::Band, f0, q, f)); });
    }
  // The resonance: at res 0.9 (q 5) the low-pass peaks near +14 dB (20·log10 q) by its cutoff.
  std::vector<double> freqs;
  for (double f = 900; f <= 1050; f += 5) freqs.push_back(f);
  std::vector<double> gains = measuredGainsDb("rlpf 1000 0.9", freqs);
  double peakDb = *std::max_element(gains.begin(), gains.end());
  EXPECT_NEAR(peakDb, 14.0, 0.1);
  std::printf("rlpf 1 kHz res 0.9: resonance peak %.2f dB\n", peakDb);
}

/// The ladder of §7.3 at small signal: four bilinear one-poles 1/(1 + s) in a loop with
/// feedback 4·res, H = P⁴/(1 + 4·res·P⁴).
Complex moogResponse(double fc, double res, double f) {
  Complex p = 1.0 / (1.0 + prewarped(fc, f));
  Complex p4 = p * p * p * p;
  return p4 / (1.0 + 4 * res * p4);
}

TEST(FilterNodesTest, MoogFalls24dBPerOctaveAndResonatesAtItsCutoff) {
  // A small signal (tanh is linear to 0.01 dB at 0.05): the gains follow the linear ladder,
  // −12 dB at the cutoff with no resonance (each stage −3 dB), 24 dB per octave above, and at
  // res 0.9 a peak of 1/(4 − 3.6) relative to the passband gain 1/(1 + 3.6) at the cutoff.
  for (double res : {0.0, 0.5, 0.9})
    expectGains(
        "moog 1000 " + number(res), around(1000, {0.25, 0.5, 0.8, 0.95, 1.0, 1.05, 1.5, 2, 4}),
        [&](double f) { return db(moogResponse(1000, res, f)); }, 0.05, 0.05);
  std::vector<double> gains = measuredGainsDb("moog 1000 0", {1000}, 0.05);
  EXPECT_NEAR(gains[0], -12.04, 0.05);
  // Three octaves above a 250 Hz cutoff: 24 dB per octave (the warp adds a little).
  std::vector<double> far = measuredGainsDb("moog 250 0", {2000, 4000}, 0.05);
  double slope = far[0] - far[1];
  EXPECT_NEAR(slope, db(moogResponse(250, 0, 2000)) - db(moogResponse(250, 0, 4000)), 0.05);
  EXPECT_NEAR(slope, 24.0, 1.0);
  std::vector<double> resonant = measuredGainsDb("moog 1000 0.9", {100, 1000}, 0.05);
  EXPECT_NEAR(resonant[1] - resonant[0], db(1.0 / 0.4) - db(1.0 / 4.6), 0.3);
  std::printf("moog 1 kHz: %.2f dB at fc; 250 Hz: %.2f dB/oct from 2 to 4 kHz; 1 kHz res 0.9: "
              "+%.2f dB over the passband at fc\n",
              gains[0], slope, resonant[1] - resonant[0]);
}

/// A unit impulse at sample 0 (DelayLinesTest): ~n counts 1, 2, 3 …, so 2 − ~n clipped to
/// [0, 1] is 1 once, then 0.
constexpr const char* kImpulse = "~n: ~add ~n 1\n~impulse: clip (2 - ~n) 0 1\n";

TEST(FilterNodesTest, MoogSelfOscillatesAtItsCutoffAtResOne) {
  // One impulse in, then silence: at res 1 the loop gain at the cutoff is 1, so it rings on at
  // 800 Hz with no decay; at res 0.95 the same ring dies away.
  std::vector<float> ring = renderText(
      "moog-ring", std::string(kImpulse) + "out: ~impulse * 0.5 # moog 800 1\n", "--duration 3");
  ASSERT_TRUE(allFinite(ring));
  std::vector<float> early = slice(ring, 24000, 48000), late = slice(ring, 120000, 144000);
  EXPECT_NEAR(spectralPeakHz(late, kRate, 100, 5000), 800.0, 1.0);
  double growth = dbfs(rms(late) / rms(early));
  EXPECT_NEAR(growth, 0.0, 0.5);
  EXPECT_GT(rms(late), 1e-4);
  std::vector<float> damped =
      renderText("moog-damped", std::string(kImpulse) + "out: ~impulse * 0.5 # moog 800 0.95\n",
                 "--duration 3");
  EXPECT_LT(rms(slice(damped, 120000, 144000)), 1e-3 * rms(slice(damped, 0, 24000)));
  std::printf("moog 800 res 1: ring at %.2f Hz, %.3f dB from 0.5-1 s to 2.5-3 s, rms %.3g\n",
              spectralPeakHz(late, kRate, 100, 5000), growth, rms(late));
}

TEST(FilterNodesTest, AllpassIsFlatAndShiftsPhaseByItsCoefficient) {
  // |H| = 1 everywhere; summed with its input the gain is |1 + H|, H = (−c + z⁻¹)/(1 − c·z⁻¹).
  std::vector<double> freqs = {100, 1000, 5000, 12000, 20000};
  for (double c : {-0.6, 0.5, 0.9}) {
    expectGains(
        "allpass " + number(c), freqs, [](double) { return 0.0; }, 0.01);
    std::vector<double> summed;
    std::string sum;
    double amplitude = 0.05;
    for (double f : freqs) sum += (sum.empty() ? "sine " : " + sine ") + number(f);
    std::vector<float> x = renderText("allpass-sum",
                                      "~x: (" + sum + ") * " + number(amplitude) +
                                          "\nout: ~x + (~x # allpass " + number(c) + ")\n",
                                      "--duration 2.5");
    std::vector<float> steady = slice(x, 24000, x.size());
    for (double f : freqs) {
      Complex z1 = std::polar(1.0, -2 * M_PI * f / kRate);
      Complex h = (-c + z1) / (1.0 - c * z1);
      EXPECT_NEAR(amplitudeAt(steady, kRate, f) / amplitude, std::abs(1.0 + h), 2e-3)
          << "allpass " << c << " at " << f << " Hz";
    }
  }
}

TEST(FilterNodesTest, DjFilterIsDryAtTheMiddleAndSweepsLowThenHigh) {
  std::vector<float> dry = renderText("djf-dry", "out: saw 110 * 0.5\n", "--duration 0.5");
  std::vector<float> mid =
      renderText("djf-mid", "out: saw 110 * 0.5 # djf 0.5\n", "--duration 0.5");
  EXPECT_EQ(maxDifference(dry, mid), 0.0);
  // v = 0.25: the SVF low output at 20·1000^0.5 = 632.46 Hz, q 0.707; v = 0.75: the high output
  // at the same frequency; v = 0.1 and 0.9: 20·1000^0.2 = 79.62 Hz.
  for (double v : {0.1, 0.25, 0.75, 0.9}) {
    bool low = v < 0.5;
    double fc = 20 * std::pow(1000.0, low ? 2 * v : 2 * v - 1);
    expectGains("djf " + number(v), around(fc, {0.5, 0.8, 1.0, 1.25, 2, 4}), [&](double f) {
      return db(svfResponse(low ? Svf::Low : Svf::High, fc, 0.707, f));
    });
  }
  std::vector<double> freqs = {600, 632.46, 660};
  std::vector<double> quarter = measuredGainsDb("djf 0.25", freqs);
  EXPECT_NEAR(quarter[1], db(0.707), 0.02);
  std::printf("djf 0.25: %.3f dB at 632.46 Hz\n", quarter[1]);
}

TEST(FilterNodesTest, EqBandsBoostAndCutByTheirGainsAtTheirFrequencies) {
  // Three cookbook peaking filters in series; at each band's frequency the gain is close to the
  // band's (the others add a little), and everywhere the product of the three.
  const std::string section = "eq 200 6 1 2000 -12 2 9000 3 0.7";
  auto expected = [](double f) {
    return db(rbjResponse(Rbj::Peak, 200, 1, f, 6) * rbjResponse(Rbj::Peak, 2000, 2, f, -12) *
              rbjResponse(Rbj::Peak, 9000, 0.7, f, 3));
  };
  std::vector<double> freqs = {50, 200, 700, 1500, 2000, 2600, 5000, 9000, 15000};
  expectGains(section, freqs, expected);
  // One band at a time (the others at 0 dB): exactly its gain at its frequency.
  std::vector<double> gains = {measuredGainsDb("eq :lf 200 :lg 6 :lq 1", {200})[0],
                               measuredGainsDb("eq :mf 2000 :mg (-12) :mq 2", {2000})[0],
                               measuredGainsDb("eq :hf 9000 :hg 3 :hq 0.7", {9000})[0]};
  EXPECT_NEAR(gains[0], 6, 0.02);
  EXPECT_NEAR(gains[1], -12, 0.02);
  EXPECT_NEAR(gains[2], 3, 0.02);
  // Flat at its defaults: 0 dB in every band is the identity to within rounding.
  expectGains(
      "eq", {100, 1000, 8000}, [](double) { return 0.0; }, 0.001);
  std::printf("eq +6 @200, -12 @2k, +3 @9k: %.2f / %.2f / %.2f dB\n", gains[0], gains[1], gains[2]);
}

// Ramps and envelopes: sample n is at t = n/48000.

TEST(FilterNodesTest, LineRampsFromStartToEndOverEachCycle) {
  std::vector<float> y = renderText("line", "tempo: 2\nout: line 0.2 -0.6\n", "--duration 1.5");
  ASSERT_EQ(y.size(), 72000u);
  for (size_t cycle : {0u, 24000u, 48000u}) {
    EXPECT_FLOAT_EQ(y[cycle], 0.2f) << cycle;
    EXPECT_NEAR(y[cycle + 6000], 0.0f, 1e-6) << cycle;
    EXPECT_NEAR(y[cycle + 12000], -0.2f, 1e-6) << cycle;
    EXPECT_NEAR(y[cycle + 23999], 0.2f - 0.8f * 23999.0f / 24000.0f, 1e-6) << cycle;
  }
  // Linear: equal steps.
  EXPECT_NEAR((y[1000] - y[0]) - (y[2000] - y[1000]), 0.0, 1e-6);
}

TEST(FilterNodesTest, XlineIsExponentialThenHoldsItsEnd) {
  // 1 → 0.001 over 0.5 s: 10^(−6t), exactly 0.001 from sample 24000 on.
  std::vector<float> y = renderText("xline", "out: xline 1 0.001 0.5\n", "--duration 1");
  EXPECT_FLOAT_EQ(y[0], 1.0f);
  for (size_t n : {4800u, 12000u, 20000u, 23999u})
    EXPECT_NEAR(y[n] / std::pow(10.0, -6.0 * static_cast<double>(n) / kRate), 1.0, 2e-5) << n;
  EXPECT_GT(y[23999], 0.001f);
  for (size_t n : {24000u, 30000u, 47999u}) EXPECT_EQ(y[n], 0.001f) << n;
  // Equal ratios over equal times.
  EXPECT_NEAR((y[6000] / y[0]) / (y[12000] / y[6000]), 1.0, 2e-5);
  // Negative levels of one sign are exponential too; across zero it is linear.
  std::vector<float> negative = renderText("xline-neg", "out: xline -2 -0.5 1\n", "--duration 1");
  EXPECT_NEAR(negative[24000], -1.0, 1e-5);
  std::vector<float> across = renderText("xline-lin", "out: xline -1 1 0.5\n", "--duration 1");
  EXPECT_NEAR(across[12000], 0.0, 1e-6);
  EXPECT_NEAR(across[6000], -0.5, 1e-6);
  EXPECT_EQ(across[24000], 1.0f);
}

TEST(FilterNodesTest, CurveFollowsItsShapeAndEndsOnItsSample) {
  for (double c : {4.0, -4.0, 0.0, 30.0}) {
    std::vector<float> y =
        renderText("curve", "out: curve 0.5 -1 0.25 " + number(c) + "\n", "--duration 0.5");
    auto shape = [&](double p) { return c == 0 ? p : (1 - std::exp(c * p)) / (1 - std::exp(c)); };
    for (size_t n : {0u, 1200u, 3000u, 6000u, 9000u, 11999u})
      EXPECT_NEAR(y[n], 0.5 - 1.5 * shape(static_cast<double>(n) / 12000.0), 1e-5)
          << "curve " << c << " at " << n;
    for (size_t n : {12000u, 20000u}) EXPECT_EQ(y[n], -1.0f) << c;
    EXPECT_NE(y[11999], -1.0f) << c;
  }
}

TEST(FilterNodesTest, SegmentsHitTheirBreakpointsOnTheirSamples) {
  // 0 → 1 in 0.1 s (4800 samples), 1 → 0.25 in 0.2 s (9600), then 0.25.
  for (const char* lists : {"[0, 1, 0.25] [0.1, 0.2]", "\"0 1 0.25\" \"0.1 0.2\""}) {
    std::vector<float> y =
        renderText("segments", std::string("out: segments ") + lists + "\n", "--duration 0.5");
    EXPECT_EQ(y[0], 0.0f) << lists;
    EXPECT_NEAR(y[2400], 0.5f, 1e-6) << lists;
    EXPECT_LT(y[4799], 1.0f) << lists;
    EXPECT_FLOAT_EQ(y[4800], 1.0f) << lists;
    EXPECT_NEAR(y[4800 + 4800], 0.625f, 1e-6) << lists;
    EXPECT_GT(y[14399], 0.25f) << lists;
    for (size_t n : {14400u, 20000u, 23999u}) EXPECT_FLOAT_EQ(y[n], 0.25f) << lists;
  }
  // A segment of time 0 jumps.
  std::vector<float> jump =
      renderText("segments-jump", "out: segments [0, 1, -1, 0] [0.1, 0, 0.1]\n", "--duration 0.5");
  EXPECT_FLOAT_EQ(jump[4800], -1.0f);
  EXPECT_NEAR(jump[7200], -0.5f, 1e-6);
}

TEST(FilterNodesTest, SegmentsRejectsACountMismatch) {
  std::string patch = writePatch("segments-bad", "out: segments [0, 1, 0] [0.1]\n");
  CommandResult r =
      runCommand(phononBinary() + " render '" + patch + "' -o '" + tempDir() + "/bad.wav'");
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find("segments-bad.ph:1:25: error: `segments` takes one time per segment: "
                          "3 levels need 2 times, not 1"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("out: segments [0, 1, 0] [0.1]"), std::string::npos) << r.output;
}

TEST(FilterNodesTest, LagReachesMinus60dBOfAStepInItsTime) {
  // A step 0 → 1 at sample 0 through lag 0.1: y[n] = 1 − b^(n+1), b^4800 = 0.001, so the error
  // falls to 0.001 on sample 4799 (or 4800: b^4800 is 0.001 up to rounding).
  std::vector<float> y = renderText("lag", "out: lag 1 0.1\n", "--duration 0.2");
  size_t settled = 0;
  while (settled < y.size() && 1.0f - y[settled] > 0.001f) ++settled;
  EXPECT_NEAR(static_cast<double>(settled), 4799.0, 1.0);
  // Exponential: halfway in time, the error is √0.001.
  EXPECT_NEAR(1.0 - y[2399], std::sqrt(0.001), 2e-5);
  // Time 0 passes the input through.
  std::vector<float> through = renderText("lag0", "out: saw 110 # lag 0\n", "--duration 0.1");
  std::vector<float> saw = renderText("lag-saw", "out: saw 110\n", "--duration 0.1");
  EXPECT_EQ(maxDifference(through, saw), 0.0);
  std::printf("lag 0.1: within 0.001 of the step from sample %zu\n", settled);
}

TEST(FilterNodesTest, ExtremeParametersAndFullScaleNoiseStayFinite) {
  // Every filter here at the ends of its ranges (and beyond: clamped), on full-scale noise.
  std::vector<float> y = renderText(
      "extreme",
      "~x: noise\n"
      "out: (~x # moog 20000 1) + (~x # moog 1 1) + (~x # svf_bp 30000 2) + (~x # rlpf 5 0.99)"
      " + (~x # rhpf 23000 0.99) + (~x # resonz 1e9 1e9) + (~x # allpass 5) + (~x # djf -3)"
      " + (~x # djf 7) + (~x # eq 1e6 1e6 0 -5 -1e6 1e9) + (~x # bpf 0 0) + (~x # notch 1e9 1e9)"
      " + (~x # lag 1e30) + xline 1e-30 1e30 1 + curve -1e30 1e30 2 1e30 + curve 0 1 1 -1e30\n",
      "--duration 10");
  EXPECT_TRUE(allFinite(y));
  EXPECT_LT(peak(y), 1e32);
}

// The interpreter, the JIT and an object file compute the same samples, at -O0 and -O3, mono
// and stereo.
class FilterNodesAgree : public ::testing::TestWithParam<const char*> {};

TEST_P(FilterNodesAgree, InEveryEngineAndLevel) {
  expectEnginesAgree("filter-agree", GetParam());
}

INSTANTIATE_TEST_SUITE_P(
    Nodes, FilterNodesAgree,
    ::testing::Values(
        "out: (saw 110 # bpf (sine 0.5 * 800 + 1200) 4) * 0.3 + (noise # notch 1000 2) * 0.3\n",
        "tempo: 2\nout: (saw 55 # svf_lp \"<300 900 2700>\" 0.7) + (saw 82 # svf_hp 400 0.3)"
        " + (noise # svf_bp (sine 0.2 * 500 + 900) 0.9) * 0.2 + (saw 110 # svf_notch 330 0.5)\n",
        "out: (saw 110 # rlpf (sine 0.5 * 800 + 1200) 0.8) * 0.3 + (noise # rhpf \"2000 300\" 0.5)"
        " * 0.3 + (saw 220 # resonz 660 8)\n",
        "out: (saw 55 # moog (sine 0.25 * 1500 + 2000) 0.8) * 0.5 + (saw 110 # allpass -0.7) * "
        "0.3\n",
        "out: (saw 110 # djf (sine 0.2 * 0.5 + 0.5)) * 0.3 + (noise # eq 200 6 1 2000 -12 2 9000 3)"
        " * 0.2\n",
        "tempo: 1.5\nout: sine 330 * line 0 1 * xline 1 0.01 0.7 + sine 440 * curve 1 0 1 -3"
        " + sine 220 * segments [0, 1, 0.2, 0] [0.05, 0.3, 0.5] + (saw 3 # lag 0.05) * 0.3\n",
        // Stereo inputs: one state per channel.
        "~x: stereo (saw 110) (square 165) * 0.3\nout: (~x # bpf 800 3) + (~x # svf_lp 1200 0.6)"
        " + (~x # rlpf 900 0.7) + (~x # moog 1500 0.7)\n",
        "~x: stereo (saw 110) (noise) * 0.3\nout: (~x # allpass 0.4) + (~x # djf 0.3)"
        " + (~x # eq 100 3 0.7 1000 -6 1 8000 4 0.7) + (~x # lag 0.002) + (~x # resonz 500 4)"
        " + (~x # notch 700 1) + (~x # svf_notch 300 0.2) + (~x # rhpf 300 0.2)"
        " + (~x # svf_hp 500 0.5) + (~x # svf_bp 600 0.5)\n"));

TEST(FilterNodesTest, StackedFiltersFormOneSimdBankAndAgreeWithTheInterpreter) {
  // The mix of eight saws, each through one `rlpf` (or `moog` …) of its own cutoff: one bank of
  // 8 lanes at -O2, and the same samples as the interpreter's.
  for (const char* node : {"rlpf", "moog", "svf_lp", "bpf", "allpass", "lag"}) {
    std::string text = "out: 0.1 * mix";
    for (int i = 0; i < 8; ++i) {
      std::string arg = std::string(node) == "allpass" ? number(-0.8 + 0.2 * i)
                        : std::string(node) == "lag"   ? number(0.001 * (i + 1))
                                                       : number(300 * (i + 1)) + " 0.5";
      text += " (saw " + number(55 * (i + 1)) + " # " + node + " " + arg + ")";
    }
    text += "\n";
    std::string patch = writePatch(std::string("bank-") + node, text);
    CommandResult ir = runCommand(phononcBinary() + " --emit=ir -O2 '" + patch + "'");
    ASSERT_EQ(ir.exitCode, 0) << ir.output;
    EXPECT_NE(ir.output.find("lanes 8"), std::string::npos) << node << "\n" << ir.output;
    std::vector<float> interp = renderText("bank", text, "--duration 0.5 --engine interp -O0");
    std::vector<float> jit = renderText("bank", text, "--duration 0.5 -O2");
    ASSERT_GT(rms(interp), 1e-3) << node;
    EXPECT_EQ(maxDifference(interp, jit), 0.0) << node;
  }
}

} // namespace
} // namespace phonon::test
