// The RBJ biquads, `formant`/`vowel` and the envelopes of LANGUAGE §7.3–7.4, rendered with the
// real `phonon render` and measured: gains against the Audio-EQ-Cookbook's transfer functions,
// −3 dB points, peaks, notch depth, formant peaks, and envelope segments to the sample.
#include "AudioAnalysis.h"

#include <fftw3.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdio>
#include <fstream>
#include <functional>

namespace phonon::test {
namespace {

constexpr double kRate = 48000.0;

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

/// Channel 0 of `text` rendered with `options`; fails the test on a tool error.
std::vector<float> renderText(const std::string& name, const std::string& text,
                              const std::string& options) {
  static int counter = 0;
  std::string wav = tempDir() + "/" + name + std::to_string(counter++) + ".wav";
  CommandResult r = runCommand(phononBinary() + " render '" + writePatch(name, text) + "' -o '" +
                               wav + "' --sample-rate 48000 " + options);
  EXPECT_EQ(r.exitCode, 0) << text << r.output;
  rt::AudioData audio;
  std::string error;
  EXPECT_TRUE(rt::readAudioFile(wav, audio, error)) << error;
  return audio.channels ? channel(audio, 0) : std::vector<float>{};
}

enum class Response { LowPass, HighPass, BandPass, Notch };

/// |H(e^{jω})| in dB of the cookbook biquad, in double precision with libm: the reference the
/// rendered filters are measured against.
double cookbookGainDb(Response kind, double f0, double q, double f) {
  double w0 = 2 * M_PI * f0 / kRate, cw = std::cos(w0), alpha = std::sin(w0) / (2 * q);
  double b0 = 0, b1 = 0, b2 = 0;
  switch (kind) {
  case Response::LowPass:
    b0 = b2 = (1 - cw) / 2, b1 = 1 - cw;
    break;
  case Response::HighPass:
    b0 = b2 = (1 + cw) / 2, b1 = -(1 + cw);
    break;
  case Response::BandPass:
    b0 = alpha, b1 = 0, b2 = -alpha;
    break;
  case Response::Notch:
    b0 = b2 = 1, b1 = -2 * cw;
    break;
  }
  double a0 = 1 + alpha, a1 = -2 * cw, a2 = 1 - alpha;
  std::complex<double> z1 = std::polar(1.0, -2 * M_PI * f / kRate), z2 = z1 * z1;
  std::complex<double> h = (b0 + b1 * z1 + b2 * z2) / (a0 + a1 * z1 + a2 * z2);
  return 20 * std::log10(std::abs(h));
}

/// The gains in dB at `freqs` of a chain section (`bq_lp 1000 0.707`), measured on a render of
/// the sum of sines at those frequencies through it: Goertzel on the last 2 s of 2.5 s, after
/// the filter has settled. The sines are spaced at least 5 Hz apart (10 bins of the window).
std::vector<double> measuredGainsDb(const std::string& section, const std::vector<double>& freqs) {
  double amplitude = 0.5 / static_cast<double>(freqs.size());
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

/// Where the measured gains cross `level` dB going from index i to i + 1 (linear in dB between
/// the two frequencies); NaN where no neighbouring pair straddles it.
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

std::vector<double> spaced(double from, double to, double step) {
  std::vector<double> v;
  for (double f = from; f <= to + 1e-9; f += step) v.push_back(f);
  return v;
}

TEST(FilterEnvelopeTest, BiquadsFollowTheCookbookTransferFunctions) {
  // Every response at three corner frequencies, an octave below to two above, against the
  // double-precision cookbook: within 0.05 dB wherever the gain is above −60 dB.
  struct Case {
    const char* node;
    Response kind;
  };
  for (Case c : {Case{"bq_lp", Response::LowPass}, Case{"bq_hp", Response::HighPass},
                 Case{"bq_bp", Response::BandPass}, Case{"bq_notch", Response::Notch}})
    for (double f0 : {250.0, 2000.0, 12000.0})
      for (double q : {0.707, 4.0}) {
        std::vector<double> freqs;
        for (double ratio : {0.5, 0.8, 0.95, 1.05, 1.25, 2.0, 3.5})
          if (ratio * f0 < 0.45 * kRate) freqs.push_back(std::round(ratio * f0));
        std::vector<double> gains =
            measuredGainsDb(std::string(c.node) + " " + number(f0) + " " + number(q), freqs);
        for (size_t i = 0; i < freqs.size(); ++i) {
          double expected = cookbookGainDb(c.kind, f0, q, freqs[i]);
          if (expected > -60) {
            EXPECT_NEAR(gains[i], expected, 0.05)
                << c.node << " " << f0 << " " << q << " at " << freqs[i] << " Hz";
          }
        }
      }
}

TEST(FilterEnvelopeTest, BiquadLowAndHighPassAreDown3dBAtTheirFrequencyAtQ0707) {
  // At w0 the cookbook's low- and high-pass have the gain q: 20·log10(0.707) = −3.01 dB.
  const double level = 20 * std::log10(0.707);
  for (double fc : {100.0, 1000.0, 5000.0, 15000.0}) {
    std::vector<double> freqs;
    for (double ratio : {0.9, 0.95, 1.0, 1.05, 1.1}) freqs.push_back(fc * ratio);
    std::vector<double> lp = measuredGainsDb("bq_lp " + number(fc) + " 0.707", freqs);
    std::vector<double> hp = measuredGainsDb("bq_hp " + number(fc) + " 0.707", freqs);
    EXPECT_NEAR(lp[2], level, 0.02) << fc;
    EXPECT_NEAR(hp[2], level, 0.02) << fc;
    double lpCorner = crossing(freqs, lp, level, false);
    double hpCorner = crossing(freqs, hp, level, true);
    EXPECT_NEAR(lpCorner, fc, 0.002 * fc);
    EXPECT_NEAR(hpCorner, fc, 0.002 * fc);
    std::printf("bq_lp/bq_hp %g Hz q 0.707: %.3f / %.3f dB at f, -3 dB at %.2f / %.2f Hz\n", fc,
                lp[2], hp[2], lpCorner, hpCorner);
  }
}

TEST(FilterEnvelopeTest, BiquadBandPassPeaksAt0dBWithTheBandwidthOfItsQ) {
  // bq_bp 1000 5: 0 dB at 1000 Hz; the −3 dB points are the analog prototype's
  // Ω = √(1 + 1/4q²) ∓ 1/2q carried through the bilinear transform, tan(πf/sr) = Ω·tan(πf0/sr).
  const double f0 = 1000, q = 5;
  std::vector<double> freqs = spaced(850, 1150, 5);
  std::vector<double> gains = measuredGainsDb("bq_bp 1000 5", freqs);
  size_t best = std::max_element(gains.begin(), gains.end()) - gains.begin();
  EXPECT_EQ(freqs[best], f0);
  EXPECT_NEAR(gains[best], 0.0, 0.02);
  auto edge = [&](double sign) {
    double omega = std::sqrt(1 + 1 / (4 * q * q)) + sign / (2 * q);
    return kRate / M_PI * std::atan(omega * std::tan(M_PI * f0 / kRate));
  };
  const double half = -10 * std::log10(2.0);
  double lower = crossing(freqs, gains, half, true);
  double upper = crossing(freqs, gains, half, false);
  EXPECT_NEAR(lower, edge(-1), 0.5);
  EXPECT_NEAR(upper, edge(+1), 0.5);
  // The bandwidth is f0/q to within the bilinear transform's warping at 1 kHz.
  EXPECT_NEAR(upper - lower, f0 / q, 0.01 * f0 / q);
  std::printf("bq_bp 1000 5: peak %.3f dB at %g Hz, -3 dB at %.2f and %.2f Hz (expected %.2f, "
              "%.2f), bandwidth %.2f Hz\n",
              gains[best], freqs[best], lower, upper, edge(-1), edge(+1), upper - lower);
}

TEST(FilterEnvelopeTest, BiquadNotchRemovesItsFrequency) {
  for (double f0 : {100.0, 1000.0, 10000.0}) {
    std::vector<double> gains =
        measuredGainsDb("bq_notch " + number(f0) + " 0.707", {f0 / 4, f0, f0 * 2});
    EXPECT_LT(gains[1], -60.0) << f0;
    EXPECT_NEAR(gains[0], cookbookGainDb(Response::Notch, f0, 0.707, f0 / 4), 0.05);
    std::printf("bq_notch %g Hz q 0.707: %.1f dB at f\n", f0, gains[1]);
  }
}

TEST(FilterEnvelopeTest, BiquadsStayStableAtHighQAndNearHalfTheSampleRate) {
  // White noise for 4 s, then silence, through each response at q 100, at 0.49·sr (23520 Hz;
  // 30000 is clamped there), at the bottom of the range and swept: finite and bounded while
  // driven, and ringing down once the input stops (at 10 Hz the ring lasts seconds: 2q/w0 = 3.2 s).
  for (const char* node : {"bq_lp", "bq_hp", "bq_bp", "bq_notch"})
    for (const char* f : {"23520", "30000", "10", "(sine 3 * 11000 + 12000)"}) {
      std::string text =
          std::string("tempo: 0.125\nout: noise * \"1 0\" # ") + node + " " + f + " 100 * 0.01\n";
      std::vector<float> x = renderText("stable", text, "--duration 8");
      ASSERT_TRUE(allFinite(x)) << text;
      EXPECT_LT(peak(x), 10.0) << text;
      EXPECT_GT(rms(slice(x, 144000, 192000)), 0.0) << text;
      double afterStop = rms(slice(x, 192000, 240000)), last = rms(slice(x, 336000, 384000));
      EXPECT_LE(last, 0.5 * afterStop + 1e-12) << text;
    }
}

TEST(FilterEnvelopeTest, TheBenchmarkBiquadPatchesRender) {
  // ../shared/bench/gen.py w2 (saws into `bq_lp 1200 0.7`) and w3 (noise through a chain of
  // `bq_lp`), at a smaller size.
  std::string saws, chain;
  for (int i = 0; i < 16; ++i) saws += (i ? ", saw " : "saw ") + number(55 * (1 + i * 0.001));
  for (int i = 0; i < 8; ++i) chain += " # bq_lp " + number(2000 + 10 * i) + " 0.7071";
  for (const std::string& text :
       {"out: stack [" + saws + "] * 0.0625 # bq_lp 1200 0.7\n", "out: noise" + chain + "\n"}) {
    std::vector<float> x = renderText("bench", text, "--duration 1");
    EXPECT_TRUE(allFinite(x));
    EXPECT_GT(rms(x), 1e-3) << text;
  }
}

/// Local maxima of `response` over `freqs`, each refined by a parabola through its neighbours.
std::vector<double> peaksOf(const std::vector<double>& freqs, const std::vector<double>& response) {
  std::vector<double> peaks;
  for (size_t i = 1; i + 1 < freqs.size(); ++i)
    if (response[i] > response[i - 1] && response[i] >= response[i + 1]) {
      double a = response[i - 1], b = response[i], c = response[i + 1];
      double shift = 0.5 * (a - c) / (a - 2 * b + c);
      peaks.push_back(freqs[i] + shift * (freqs[i + 1] - freqs[i]));
    }
  return peaks;
}

/// |FFT| of the Hann-windowed x, one bin per sr/x.size() Hz.
std::vector<double> magnitudes(const std::vector<float>& x) {
  const size_t n = x.size();
  std::vector<float> in(n);
  for (size_t i = 0; i < n; ++i)
    in[i] = x[i] * static_cast<float>(0.5 - 0.5 * std::cos(2 * M_PI * static_cast<double>(i) /
                                                           static_cast<double>(n)));
  std::vector<fftwf_complex> out(n / 2 + 1);
  fftwf_plan plan =
      fftwf_plan_dft_r2c_1d(static_cast<int>(n), in.data(), out.data(), FFTW_ESTIMATE);
  fftwf_execute(plan);
  fftwf_destroy_plan(plan);
  std::vector<double> m(n / 2 + 1);
  for (size_t k = 0; k < m.size(); ++k) m[k] = std::hypot(out[k][0], out[k][1]);
  return m;
}

/// The formant filter's response on a 10 Hz saw, harmonic by harmonic (filtered over dry), in
/// dB, from 100 Hz to 3500 Hz: one second after half a second of settling, 1 Hz bins.
void formantResponse(const std::string& section, std::vector<double>& freqs,
                     std::vector<double>& response) {
  static const std::vector<double> dry =
      magnitudes(slice(renderText("saw", "out: saw 10 * 0.5\n", "--duration 1.5"), 24000, 72000));
  std::vector<double> wet = magnitudes(
      slice(renderText("formant", "out: saw 10 * 0.5 # " + section + "\n", "--duration 1.5"), 24000,
            72000));
  freqs.clear();
  response.clear();
  for (size_t f = 100; f <= 3500; f += 10) {
    freqs.push_back(static_cast<double>(f));
    response.push_back(dbfs(wet[f] / dry[f]));
  }
}

TEST(FilterEnvelopeTest, VowelsPeakAtTheirFormants) {
  // LANGUAGE §7.3's table: the strongest peak is F1 (weight 1); F2 is a peak too, except where it
  // sits on F1's skirt. The peaks of the summed band-passes lie within 3% of the table.
  struct Vowel {
    const char* section;
    double f1, f2;
  };
  for (Vowel v : {Vowel{"vowel \"a\"", 730, 1090}, Vowel{"vowel \"e\"", 530, 1840},
                  Vowel{"vowel \"i\"", 270, 2290}, Vowel{"vowel \"o\"", 570, 840},
                  Vowel{"vowel \"u\"", 300, 870}, Vowel{"vowel 0.5", 630, 1465},
                  Vowel{"formant 730 1090 2440", 730, 1090}}) {
    std::vector<double> freqs, response;
    formantResponse(v.section, freqs, response);
    std::vector<double> peaks = peaksOf(freqs, response);
    size_t strongest = std::max_element(response.begin(), response.end()) - response.begin();
    EXPECT_NEAR(freqs[strongest], v.f1, 0.03 * v.f1) << v.section;
    auto nearest = [&](double f) {
      double best = NAN;
      for (double p : peaks)
        if (std::isnan(best) || std::fabs(p - f) < std::fabs(best - f)) best = p;
      return best;
    };
    EXPECT_NEAR(nearest(v.f1), v.f1, 0.03 * v.f1) << v.section;
    EXPECT_NEAR(nearest(v.f2), v.f2, 0.03 * v.f2) << v.section;
    // 0 dB at the first band-pass's peak, plus what the others add there.
    EXPECT_NEAR(response[strongest], 0.0, 3.0) << v.section;
    std::printf("%s: strongest %.0f Hz (%.2f dB), peaks near F1 %.1f Hz, F2 %.1f Hz\n", v.section,
                freqs[strongest], response[strongest], nearest(v.f1), nearest(v.f2));
  }
}

TEST(FilterEnvelopeTest, VowelWordPatternsChangeAtTheirEvents) {
  // `vowel "a e"` at tempo 1 is `vowel "a"` for half a second, then `vowel 1` (e), exactly.
  std::vector<float> pattern =
      renderText("ae", "tempo: 1\nout: noise # vowel \"a e\"\n", "--duration 1");
  std::vector<float> a = renderText("a", "tempo: 1\nout: noise # vowel 0\n", "--duration 1");
  std::vector<float> e =
      renderText("e", "tempo: 1\nout: noise # vowel \"<e a>\"\n", "--duration 1");
  ASSERT_EQ(pattern.size(), 48000u);
  EXPECT_EQ(maxDifference(slice(pattern, 0, 24000), slice(a, 0, 24000)), 0.0);
  EXPECT_NE(maxDifference(slice(pattern, 24000, 48000), slice(a, 24000, 48000)), 0.0);
  EXPECT_NE(maxDifference(slice(e, 0, 24000), slice(a, 0, 24000)), 0.0);
}

/// The ADSR of LANGUAGE §7.4 at time t with the gate closing at `gate`, in double precision.
double adsrReference(double t, double gate, double a, double d, double s, double r) {
  auto held = [&](double u) { return u < a ? u / a : u < a + d ? 1 + (s - 1) * (u - a) / d : s; };
  if (t < gate) return held(t);
  return r > 0 ? held(gate) * std::max(0.0, 1 - (t - gate) / r) : 0.0;
}

/// The first sample index from `from` on where `pred` holds; x.size() when none.
size_t firstWhere(const std::vector<float>& x, size_t from,
                  const std::function<bool(float)>& pred) {
  for (size_t i = from; i < x.size(); ++i)
    if (pred(x[i])) return i;
  return x.size();
}

TEST(FilterEnvelopeTest, AdsrSegmentsEndOnTheirSampleAndRestartEachCycle) {
  // Tempo 0.5: 2 s cycles. adsr 0.1 0.2 0.5 0.3: peak at 4800, sustain 0.5 from 14400, gate
  // off at 2 − 0.3 = 1.7 s (81600), 0 at the next cycle start (96000), then again.
  std::vector<float> x =
      renderText("adsr", "tempo: 0.5\nout: adsr 0.1 0.2 0.5 0.3\n", "--duration 4");
  ASSERT_EQ(x.size(), 192000u);
  double worst = 0;
  for (size_t k = 0; k < x.size(); ++k) {
    double t = static_cast<double>(k % 96000) / kRate;
    worst = std::max(worst, std::fabs(x[k] - adsrReference(t, 1.7, 0.1, 0.2, 0.5, 0.3)));
  }
  EXPECT_LT(worst, 1e-5);
  for (size_t cycle : {0u, 96000u}) {
    size_t top = std::max_element(x.begin() + cycle, x.begin() + cycle + 48000) - x.begin();
    // To one sample: the cycle position is accumulated per sample, as `phasor`'s is.
    EXPECT_NEAR(static_cast<double>(top), cycle + 4800.0, 1.0);
    EXPECT_NEAR(x[top], 1.0f, 1e-5);
    EXPECT_NEAR(static_cast<double>(firstWhere(x, top, [](float v) { return v <= 0.5f + 1e-5f; })),
                cycle + 14400.0, 1.0);
    EXPECT_NEAR(
        static_cast<double>(firstWhere(x, cycle + 14400, [](float v) { return v < 0.5f - 1e-5f; })),
        cycle + 81601.0, 1.0);
    EXPECT_NEAR(x[cycle + 95999], 0.0f, 1e-4);
    EXPECT_NEAR(x[cycle], 0.0f, 1e-6);
  }
  std::printf("adsr 0.1 0.2 0.5 0.3 at 2 s cycles: max %.2e from the closed form\n", worst);
}

TEST(FilterEnvelopeTest, AdsrChainedOnASignalMultipliesIt) {
  std::vector<float> chained = renderText(
      "chained", "tempo: 0.5\nout: sine 440 # adsr 0.01 0.1 0.6 0.2\n", "--duration 2.5");
  std::vector<float> product = renderText(
      "product", "tempo: 0.5\nout: sine 440 * adsr 0.01 0.1 0.6 0.2\n", "--duration 2.5");
  EXPECT_GT(rms(chained), 0.1);
  EXPECT_EQ(maxDifference(chained, product), 0.0);
}

TEST(FilterEnvelopeTest, AdRisesAndFallsEachCycle) {
  // Tempo 1: ad 0.05 0.2 peaks at 2400, reaches 0 at 12000, is 0 until the next cycle.
  std::vector<float> x = renderText("ad", "tempo: 1\nout: ad 0.05 0.2\n", "--duration 3");
  ASSERT_EQ(x.size(), 144000u);
  for (size_t cycle : {0u, 48000u, 96000u}) {
    size_t top = std::max_element(x.begin() + cycle, x.begin() + cycle + 48000) - x.begin();
    EXPECT_NEAR(static_cast<double>(top), cycle + 2400.0, 1.0);
    EXPECT_NEAR(x[top], 1.0f, 1e-5);
    EXPECT_NEAR(x[cycle + 1200], 0.5f, 1e-5);
    EXPECT_NEAR(x[cycle + 2400 + 4800], 0.5f, 1e-5);
    EXPECT_NEAR(static_cast<double>(firstWhere(x, top, [](float v) { return v <= 0.0f; })),
                cycle + 12000.0, 1.0);
    EXPECT_EQ(*std::max_element(x.begin() + cycle + 12000, x.begin() + cycle + 48000), 0.0f);
  }
}

TEST(FilterEnvelopeTest, EnvStartsOnceAndHoldsItsSustain) {
  // env 0.1 0.2 0.5 0.3 from the instance start, whatever the tempo: no restart at cycle 1.
  std::vector<float> x = renderText("env", "tempo: 1\nout: env 0.1 0.2 0.5 0.3\n", "--duration 3");
  double worst = 0;
  for (size_t k = 0; k < x.size(); ++k)
    worst = std::max(worst, std::fabs(x[k] - adsrReference(static_cast<double>(k) / kRate, 1e9, 0.1,
                                                           0.2, 0.5, 0.3)));
  EXPECT_LT(worst, 1e-5);
  EXPECT_EQ(std::max_element(x.begin(), x.end()) - x.begin(), 4800);
  EXPECT_EQ(firstWhere(x, 4800, [](float v) { return v <= 0.5f + 1e-6f; }), 14400u);
  EXPECT_NEAR(x[48000], 0.5f, 1e-6);
  EXPECT_NEAR(x.back(), 0.5f, 1e-6);
}

TEST(FilterEnvelopeTest, AsrRisesWhileItsGateIsOnAndFallsAfter) {
  // Tempo 0.5, gate "1 0": on for 1 s, off for 1 s. asr rises to 1 in 0.1 s (4800 samples) and
  // falls to 0 in 0.2 s (9600 samples); a gate that opens again rises from where it is.
  std::vector<float> x =
      renderText("asr", "tempo: 0.5\nout: asr \"1 0\" 0.1 0.2\n", "--duration 4");
  ASSERT_EQ(x.size(), 192000u);
  for (size_t cycle : {0u, 96000u}) {
    size_t full = firstWhere(x, cycle, [](float v) { return v >= 1.0f; });
    EXPECT_NEAR(static_cast<double>(full), cycle + 4799.0, 1.0);
    EXPECT_NEAR(x[cycle + 2399], 0.5f, 1e-5);
    EXPECT_EQ(x[cycle + 47999], 1.0f);
    EXPECT_LT(x[cycle + 48000], 1.0f);
    size_t silent = firstWhere(x, cycle + 48000, [](float v) { return v <= 0.0f; });
    EXPECT_NEAR(static_cast<double>(silent), cycle + 48000 + 9599.0, 1.0);
    EXPECT_NEAR(x[cycle + 48000 + 4799], 0.5f, 1e-5);
  }
  // A gate that closes mid-rise falls from there: "1 0" at tempo 8 is 62.5 ms on.
  std::vector<float> short_ =
      renderText("asr8", "tempo: 8\nout: asr \"1 0\" 0.1 0.1\n", "--duration 0.25");
  float reached = *std::max_element(short_.begin(), short_.begin() + 6000);
  EXPECT_NEAR(reached, 0.625f, 1e-3);
  EXPECT_NEAR(short_[3000 + 1500], 0.625f - 1500.0f / 4800.0f, 1e-3);
}

// The interpreter, the JIT and an object file compute the same samples for each new node, at
// -O0 and -O3, threads 1 and 2.
class NewNodesAgree : public ::testing::TestWithParam<const char*> {};

TEST_P(NewNodesAgree, InEveryEngineLevelAndThreadCount) {
  expectEnginesAgree("agree", GetParam());
}

INSTANTIATE_TEST_SUITE_P(
    Nodes, NewNodesAgree,
    ::testing::Values(
        "out: saw 110 # bq_lp (sine 0.5 * 800 + 1200) 2 * 0.3 + noise # bq_lp 1200 0.7 * 0.3\n",
        "out: noise # bq_hp \"2000 300\" 0.707 * 0.3\n",
        "tempo: 2\nout: saw 55 # bq_bp \"<300 900 2700>\" 8 * 0.5\n",
        "out: saw 220 # bq_notch (sine 0.3 * 400 + 600) 1 * 0.3\n",
        "out: saw 110 # formant 730 1090 2440 * 0.3 + saw 90 # formant 300 870 2240 60 70 100\n",
        "tempo: 1\nout: saw 110 # vowel \"a e <i o> u\" * 0.3 + saw 82 # vowel (sine 0.25 * 2 + "
        "2)\n",
        "tempo: 0.75\nout: saw 110 # adsr 0.05 0.2 0.4 0.3 * 0.3 + sine 220 * ad 0.01 0.3\n",
        "tempo: 1.5\nout: sine 330 * env 0.2 0.3 0.6 0.1 * asr \"1 0 1 1\" 0.05 0.1 * 0.3\n"));

} // namespace
} // namespace phonon::test
