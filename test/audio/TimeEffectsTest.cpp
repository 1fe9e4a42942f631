// The §7.5 effects built on delay lines (multitap, pingpong, tapedelay, pitch_shift, granular,
// plate, lush), vocoder and freeze: each one's defining property measured from a render, and
// the interpreter and the JIT at -O0 and -O3 computing the same bits, mono and stereo.
#include "AudioAnalysis.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

namespace phonon::test {
namespace {

/// A unit impulse at sample 0 (as in DelayLinesTest).
constexpr const char* kImpulse = "~n: ~add ~n 1\n~impulse: clip (2 - ~n) 0 1\n";

rt::AudioData renderAudio(const std::string& name, const std::string& text,
                          const std::string& options) {
  std::string path = tempDir() + "/" + name + ".ph";
  std::ofstream(path) << text;
  std::string wav = tempDir() + "/" + name + ".wav";
  CommandResult r =
      runCommand(phononBinary() + " render '" + path + "' -o '" + wav + "' " + options);
  EXPECT_EQ(r.exitCode, 0) << r.output;
  rt::AudioData audio;
  std::string error;
  EXPECT_TRUE(rt::readAudioFile(wav, audio, error)) << error;
  return audio;
}

std::vector<float> renderMono(const std::string& name, const std::string& text,
                              const std::string& options) {
  return channel(renderAudio(name, text, options), 0);
}

/// Index of the first sample whose magnitude exceeds `threshold` from `from`, or x.size().
size_t firstAbove(const std::vector<float>& x, double threshold, size_t from = 0) {
  for (size_t i = from; i < x.size(); ++i)
    if (std::fabs(x[i]) > threshold) return i;
  return x.size();
}

// ---- multitap ---------------------------------------------------------------------------------

TEST(TimeEffectsTest, MultitapTapsAreTimeApartAndScaledByPowersOfFb) {
  // 10 ms at 48 kHz: taps at 480, 960, 1440 and 1920 samples, gains 1, 0.5, 0.25, 0.125.
  std::vector<float> y =
      renderMono("multitap", std::string(kImpulse) + "out: ~impulse # multitap 0.01 4 0.5 1\n",
                 "--duration 0.1 --sample-rate 48000");
  EXPECT_EQ(firstAbove(y, 1e-7), 480u);
  const float gains[4] = {1.0f, 0.5f, 0.25f, 0.125f};
  for (unsigned j = 0; j < 4; ++j) {
    size_t at = 480 * (j + 1);
    EXPECT_FLOAT_EQ(y[at], gains[j]) << "tap " << j + 1;
    EXPECT_EQ(firstAbove(y, 1e-7, at + 1), j < 3 ? at + 480 : y.size()) << "after tap " << j + 1;
  }
  // Two taps, fb −0.8, mix 0.5: the dry impulse at 0, then 0.5 and −0.4.
  std::vector<float> two = renderMono(
      "multitap-2", std::string(kImpulse) + "out: ~impulse # multitap 0.005 2 -0.8 0.5\n",
      "--duration 0.1 --sample-rate 48000");
  EXPECT_FLOAT_EQ(two[0], 0.5f);
  EXPECT_FLOAT_EQ(two[240], 0.5f);
  EXPECT_FLOAT_EQ(two[480], -0.4f);
  EXPECT_EQ(firstAbove(two, 1e-7, 481), two.size());
}

// ---- pingpong ---------------------------------------------------------------------------------

TEST(TimeEffectsTest, PingpongEchoesAlternateBetweenTheChannels) {
  // width 1, mix 1: echo k (k ≥ 1) at k·0.1 s, gain fb^(k−1), in the start channel for odd k.
  for (int start : {0, 1}) {
    rt::AudioData audio =
        renderAudio("pingpong",
                    std::string(kImpulse) + "out: ~impulse # pingpong 0.1 0.5 1 " +
                        std::to_string(start) + " 1\n",
                    "--duration 0.5 --sample-rate 48000");
    ASSERT_EQ(audio.channels, 2u);
    std::vector<float> first = channel(audio, start), other = channel(audio, 1 - start);
    EXPECT_EQ(firstAbove(first, 1e-7), 4800u) << start;
    EXPECT_FLOAT_EQ(first[4800], 1.0f) << start;
    EXPECT_EQ(firstAbove(other, 1e-7), 9600u) << start;
    EXPECT_FLOAT_EQ(other[9600], 0.5f) << start;
    EXPECT_EQ(firstAbove(first, 1e-7, 4801), 14400u) << start;
    EXPECT_FLOAT_EQ(first[14400], 0.25f) << start;
    EXPECT_EQ(firstAbove(other, 1e-7, 9601), 19200u) << start;
    EXPECT_FLOAT_EQ(other[19200], 0.125f) << start;
  }
  // width 0.8: each echo's side signal is narrowed, M ± 0.8·S: 0.9 and 0.1 of the first.
  rt::AudioData narrow =
      renderAudio("pingpong-width", std::string(kImpulse) + "out: ~impulse # pingpong 0.1 0.5\n",
                  "--duration 0.2 --sample-rate 48000");
  std::vector<float> l = channel(narrow, 0), r = channel(narrow, 1);
  EXPECT_NEAR(l[0], 0.3f, 1e-6); // (1 − mix)·x with the default mix 0.7
  EXPECT_NEAR(l[4800], 0.7f * 0.9f, 1e-6);
  EXPECT_NEAR(r[4800], 0.7f * 0.1f, 1e-6);
}

// ---- tapedelay --------------------------------------------------------------------------------

/// The frequency of each stretch of `periods` periods of a sine, from its rising zero crossings
/// (linearly interpolated), with the time at the stretch's middle.
std::vector<std::pair<double, double>>
zeroCrossingFrequencies(const std::vector<float>& x, double rate, size_t from, unsigned periods) {
  std::vector<double> crossings;
  for (size_t i = from + 1; i < x.size(); ++i)
    if (x[i - 1] < 0 && x[i] >= 0)
      crossings.push_back(static_cast<double>(i - 1) + x[i - 1] / (x[i - 1] - x[i]));
  std::vector<std::pair<double, double>> out;
  for (size_t k = 0; k + periods < crossings.size(); k += periods)
    out.push_back({(crossings[k] + crossings[k + periods]) / 2 / rate,
                   periods * rate / (crossings[k + periods] - crossings[k])});
  return out;
}

TEST(TimeEffectsTest, TapedelayWowIsAPitchDeviationOfTimeDepthAndRate) {
  // out(t) = x(t − T(t)), T = 0.5·(1 + 0.005·sin 2π·2t): a 1 kHz sine comes out at
  // 1000·(1 − T'(t)), 1000 ± 1000·0.5·0.005·2π·2 = 1000 ± 31.4 Hz. No flutter, no feedback.
  std::vector<float> y =
      renderMono("tapedelay-wow", "out: sine 1000 # tapedelay 0.5 0 2 0.005 6 0 0 1\n",
                 "--duration 3 --sample-rate 48000");
  double highest = 0, lowest = 1e9;
  for (auto [t, f] : zeroCrossingFrequencies(y, 48000, 48000, 5)) {
    highest = std::max(highest, f);
    lowest = std::min(lowest, f);
    // The deviation follows −T'(t): −31.4·cos 4πt.
    EXPECT_NEAR(f, 1000 - 31.4159 * std::cos(4 * M_PI * t), 1.0) << "at " << t;
  }
  EXPECT_NEAR(highest, 1031.4, 1.0);
  EXPECT_NEAR(lowest, 968.6, 1.0);
  // Flutter alone: 0.1·flutter_depth, 0.1·0.02·0.5·2π·6 = ±3.77 %.
  std::vector<float> flutter =
      renderMono("tapedelay-flutter", "out: sine 1000 # tapedelay 0.5 0 2 0 6 0.02 0 1\n",
                 "--duration 2 --sample-rate 48000");
  highest = 0;
  for (auto [t, f] : zeroCrossingFrequencies(flutter, 48000, 48000, 2))
    highest = std::max(highest, f);
  EXPECT_NEAR(highest, 1037.7, 2.0);
  // Without wow or flutter the echo lands on time·sr.
  std::vector<float> echo = renderMono(
      "tapedelay-echo", std::string(kImpulse) + "out: ~impulse # tapedelay 0.25 0.5 0 0 0 0 0 1\n",
      "--duration 1 --sample-rate 48000");
  EXPECT_EQ(firstAbove(echo, 1e-7), 12000u);
  EXPECT_FLOAT_EQ(echo[12000], 1.0f);
  // The second echo went through the 5 kHz lowpass: smeared, its sum 0.5 (unit DC gain).
  double sum = 0;
  for (size_t i = 24000; i < 36000; ++i) sum += echo[i];
  EXPECT_NEAR(sum, 0.5, 1e-3);
  EXPECT_LT(echo[24000], 0.5f);
}

TEST(TimeEffectsTest, TapedelaySaturationBoundsTheFeedback) {
  // fb 0.99 on a loud input: the tanh in the loop keeps the level bounded.
  std::vector<float> y =
      renderMono("tapedelay-sat", "out: saw 110 * 4 # tapedelay 0.05 0.99 :saturation 1\n",
                 "--duration 4 --sample-rate 48000");
  ASSERT_TRUE(allFinite(y));
  EXPECT_LT(peak(slice(y, 3 * 48000, 4 * 48000)), 6.0);
}

// ---- pitch_shift ------------------------------------------------------------------------------

TEST(TimeEffectsTest, PitchShiftMovesASineByTheRatio) {
  for (auto [st, expected] : {std::pair{12.0, 880.0}, std::pair{-12.0, 220.0},
                              std::pair{7.0, 440.0 * std::pow(2.0, 7.0 / 12.0)}}) {
    std::vector<float> y =
        renderMono("pitch-shift", "out: sine 440 # pitch_shift " + std::to_string(st) + "\n",
                   "--duration 2 --sample-rate 48000");
    std::vector<float> tail = slice(y, 48000, 96000);
    EXPECT_NEAR(spectralPeakHz(tail, 48000, 50, 4000), expected, 2.0) << st;
    // The shifted partial carries most of the level; the original 440 Hz is gone.
    EXPECT_GT(amplitudeAt(tail, 48000, expected), 0.6) << st;
    EXPECT_LT(amplitudeAt(tail, 48000, 440), 0.05) << st;
  }
  // 0 semitones: the input delayed, unchanged in pitch and level.
  std::vector<float> same = renderMono("pitch-shift-0", "out: sine 440 # pitch_shift 0\n",
                                       "--duration 1 --sample-rate 48000");
  EXPECT_NEAR(amplitudeAt(slice(same, 24000, 48000), 48000, 440), 1.0, 0.01);
}

// ---- granular ---------------------------------------------------------------------------------

TEST(TimeEffectsTest, GranularStartsDensityGrainsPerSecond) {
  // A constant input: each 10 ms grain is a Hann bump of height 1; at density 20 they do not
  // overlap, so the bumps in 2 s (after the 2 s ring has filled) are the grains started.
  for (auto [density, expected] : {std::pair{20, 40}, std::pair{50, 100}}) {
    std::vector<float> y = renderMono(
        "granular-rate", "out: (sine 0 + 1) # granular 10 " + std::to_string(density) + "\n",
        "--duration 4 --sample-rate 48000");
    std::vector<float> tail = slice(y, 2 * 48000, 4 * 48000);
    int bumps = 0;
    for (size_t i = 1; i < tail.size(); ++i) bumps += tail[i - 1] < 0.5f && tail[i] >= 0.5f;
    EXPECT_NEAR(bumps, expected, 1) << density;
    EXPECT_NEAR(peak(tail), 1.0, 1e-3) << density;
    EXPECT_NEAR(spectralPeakHz(tail, 48000, 5, 1.5 * density), density, 0.5) << density;
  }
}

TEST(TimeEffectsTest, GranularPitchTransposesTheGrains) {
  std::vector<float> y = renderMono("granular-pitch", "out: sine 440 # granular 50 20 2\n",
                                    "--duration 4 --sample-rate 48000");
  EXPECT_NEAR(spectralPeakHz(slice(y, 2 * 48000, 4 * 48000), 48000, 100, 4000), 880, 5);
}

// ---- vocoder ----------------------------------------------------------------------------------

TEST(TimeEffectsTest, VocoderBandEnvelopesScaleTheCarrierBands) {
  // 16 bands: band k at 100·80^(k/15) Hz. A modulator sine of amplitude A at band 5's centre
  // has a follower level of mean |A sin| = 2A/π; the carrier's partial at the same centre comes
  // out at that level, the one at band 12's centre (whose follower stays near 0) does not.
  double f5 = 100 * std::pow(80.0, 5.0 / 15.0), f12 = 100 * std::pow(80.0, 12.0 / 15.0);
  std::string carrier = "(sine " + std::to_string(f5) + " + sine " + std::to_string(f12) + ")";
  for (double a : {0.25, 0.5}) {
    std::vector<float> y = renderMono("vocoder",
                                      "out: vocoder (sine " + std::to_string(f5) + " * " +
                                          std::to_string(a) + ") " + carrier + " 16\n",
                                      "--duration 2 --sample-rate 48000");
    std::vector<float> tail = slice(y, 48000, 96000);
    EXPECT_NEAR(amplitudeAt(tail, 48000, f5), 2 * a / M_PI, 0.04 * a) << a;
    // Band 12's follower sees the modulator through a q = 8 band-pass 2.9 octaves away.
    EXPECT_LT(amplitudeAt(tail, 48000, f12), 0.06 * amplitudeAt(tail, 48000, f5)) << a;
  }
  // The modulator moved to band 12: the carrier's f12 partial now passes and f5 does not.
  std::vector<float> moved = renderMono(
      "vocoder-12", "out: vocoder (sine " + std::to_string(f12) + " * 0.5) " + carrier + " 16\n",
      "--duration 2 --sample-rate 48000");
  std::vector<float> tail = slice(moved, 48000, 96000);
  EXPECT_NEAR(amplitudeAt(tail, 48000, f12), 1 / M_PI, 0.02);
  EXPECT_LT(amplitudeAt(tail, 48000, f5), 0.06 * amplitudeAt(tail, 48000, f12));
}

// ---- plate and lush: RT60 ---------------------------------------------------------------------

/// The RT60 of an impulse response, from the slope of its 20 ms RMS envelope (both channels'
/// power) in dB, fitted by least squares from `from` seconds until it falls `range` dB under
/// the level there.
double rt60(const rt::AudioData& audio, double rate, double from, double range) {
  std::vector<float> l = channel(audio, 0), r = channel(audio, audio.channels - 1);
  const size_t window = static_cast<size_t>(rate / 50);
  std::vector<std::pair<double, double>> points; // (seconds, dB)
  double top = 0;
  for (size_t i = static_cast<size_t>(from * rate); i + window <= l.size(); i += window) {
    double power = 0;
    for (size_t j = i; j < i + window; ++j)
      power += static_cast<double>(l[j]) * l[j] + static_cast<double>(r[j]) * r[j];
    double db = 10 * std::log10(power / window + 1e-30);
    if (points.empty()) top = db;
    if (db < top - range) break;
    points.push_back({(i + window / 2.0) / rate, db});
  }
  double n = static_cast<double>(points.size()), st = 0, sd = 0, stt = 0, std_ = 0;
  for (auto [t, d] : points) st += t, sd += d, stt += t * t, std_ += t * d;
  double slope = (n * std_ - st * sd) / (n * stt - st * st); // dB per second
  return -60.0 / slope;
}

TEST(TimeEffectsTest, PlateDecaysAsItsTankGain) {
  // Each tank half is a loop of Dattorro's lengths (672 + 4453 + 1800 + 3720 and
  // 908 + 4217 + 2656 + 3163 samples at 29761 Hz, 0.363 s on average) with the gain `decay`
  // twice (after the damping and after the last delay, as in the paper): with no damping the
  // tail falls 40·log10(decay) dB per half loop. The allpasses' group delay varies with
  // frequency, so the modes with short loops die first: the first second falls faster, and
  // the fit starts after it.
  const double halfLoop = (672 + 4453 + 1800 + 3720 + 908 + 4217 + 2656 + 3163) / 2.0 / 29761;
  for (double decay : {0.3, 0.5}) {
    rt::AudioData audio = renderAudio("plate",
                                      std::string(kImpulse) + "out: ~impulse # plate 0 " +
                                          std::to_string(decay) + " 0.7 0 0 1\n",
                                      "--duration 4 --sample-rate 48000");
    ASSERT_EQ(audio.channels, 2u);
    ASSERT_TRUE(allFinite(audio.samples));
    double expected = 3 * halfLoop / (-2 * std::log10(decay));
    EXPECT_NEAR(rt60(audio, 48000, 1.0, 30), expected, 0.2 * expected) << decay;
    // Stereo: the two channels' taps differ.
    EXPECT_GT(maxDifference(channel(audio, 0), channel(audio, 1)), 1e-3) << decay;
  }
  // Damping dulls the tail: above 4 kHz, 0.7 leaves much less of it than 0 does.
  auto highs = [](const char* damping) {
    return rms(slice(renderMono("plate-damped",
                                std::string(kImpulse) + "out: ~impulse # plate 0 0.5 0.7 " +
                                    damping + " 0 1 # hpf 4000\n",
                                "--duration 1.5 --sample-rate 48000"),
                     24000, 72000));
  };
  EXPECT_LT(highs("0.7"), 0.4 * highs("0")); // measured 0.28 (the hpf leaks the lows)
  // The predelay delays the first output by its time.
  std::vector<float> early = renderMono(
      "plate-predelay", std::string(kImpulse) + "out: ~impulse # plate 0 0.5 0.7 0.3 0.3 1\n",
      "--duration 0.5 --sample-rate 48000");
  std::vector<float> late = renderMono(
      "plate-predelay2", std::string(kImpulse) + "out: ~impulse # plate 0.1 0.5 0.7 0.3 0.3 1\n",
      "--duration 0.5 --sample-rate 48000");
  EXPECT_EQ(firstAbove(late, 1e-9), firstAbove(early, 1e-9) + 4800);
}

TEST(TimeEffectsTest, LushDecaysInItsDecayTimeAndFreezeHolds) {
  for (double decay : {0.8, 2.0}) {
    rt::AudioData audio = renderAudio("lush",
                                      std::string(kImpulse) + "out: ~impulse # lush 0 " +
                                          std::to_string(decay) + " 0.7 0 0.3 0 0 1\n",
                                      "--duration 3 --sample-rate 48000");
    ASSERT_EQ(audio.channels, 2u);
    ASSERT_TRUE(allFinite(audio.samples));
    EXPECT_NEAR(rt60(audio, 48000, 0.2, 40), decay, 0.2 * decay) << decay;
    EXPECT_GT(maxDifference(channel(audio, 0), channel(audio, 1)), 1e-3) << decay;
  }
  // Without the leading predelay (7 arguments after the input) it is 0.02 s. (No wander: the
  // modulated lines would move the arrivals.)
  std::vector<float> seven =
      renderMono("lush-7", std::string(kImpulse) + "out: ~impulse # lush 1 0.7 0.3 0.3 0 0 1\n",
                 "--duration 0.2 --sample-rate 48000");
  std::vector<float> zero =
      renderMono("lush-0", std::string(kImpulse) + "out: ~impulse # lush 0 1 0.7 0.3 0.3 0 0 1\n",
                 "--duration 0.2 --sample-rate 48000");
  EXPECT_EQ(firstAbove(seven, 0), firstAbove(zero, 0) + 960);
  // Frozen from 0.5 s (tempo 1: "0 1" is high in the second half): the input stops entering
  // and the tail no longer decays (decay 0.2 s would take it 60 dB down in 0.2 s). No wander:
  // the modulated reads' interpolation would dull it slowly.
  rt::AudioData frozen = renderAudio(
      "lush-freeze", "tempo: 1\nout: noise * 0.5 # lush 0 0.2 0.7 0.3 0.3 0 \"0 1\" 1\n",
      "--duration 1 --sample-rate 48000");
  std::vector<float> l = channel(frozen, 0);
  double a = rms(slice(l, 28800, 38400)), b = rms(slice(l, 38400, 48000));
  EXPECT_GT(a, 0.01);
  EXPECT_NEAR(b / a, 1.0, 0.1);
  // Unfrozen, the same tail with the input stopped at 0.5 s falls 60 dB in 0.2 s.
  rt::AudioData free = renderAudio(
      "lush-free", "tempo: 1\nout: noise * 0.5 * \"1 0\" # lush 0 0.2 0.7 0.3 0.3 0.2 0 1\n",
      "--duration 1 --sample-rate 48000");
  std::vector<float> f = channel(free, 0);
  EXPECT_LT(rms(slice(f, 38400, 48000)), 1e-3 * rms(slice(f, 19200, 24000)));
}

// ---- freeze -----------------------------------------------------------------------------------

/// The fraction of x's energy in the DFT bins (of all of x) within ±60 Hz of `hz`, by
/// Parseval: 2·Σ|X_k|²/(N·Σx²) over those bins. A resynthesis with a new random phase every
/// hop is not one coherent sinusoid, but its energy stays in its band.
double bandFraction(const std::vector<float>& x, double rate, double hz) {
  const double n = static_cast<double>(x.size());
  double total = 0;
  for (float v : x) total += static_cast<double>(v) * v;
  double band = 0;
  for (auto k = static_cast<long>((hz - 60) * n / rate);
       k <= static_cast<long>((hz + 60) * n / rate); ++k) {
    double re = 0, im = 0, w = 2 * M_PI * static_cast<double>(k) / n;
    for (size_t i = 0; i < x.size(); ++i) {
      re += x[i] * std::cos(w * static_cast<double>(i));
      im -= x[i] * std::sin(w * static_cast<double>(i));
    }
    band += 2 * (re * re + im * im) / n;
  }
  return band / total;
}

TEST(TimeEffectsTest, FreezeHoldsTheSpectrumCapturedAtTheTrigger) {
  // tempo 0.5: 440 Hz for the first second, then 1000 Hz; the trigger is high from 0.5 s to
  // 1.5 s. Before it the output is the input; while high, the 440 Hz spectrum captured at
  // 0.5 s, though the input has moved to 1000 Hz; after it, the input again.
  const std::string source = "(sine 440 * \"1 0\" + sine 1000 * \"0 1\") * 0.5";
  std::vector<float> dry = renderMono("freeze-dry", "tempo: 0.5\nout: " + source + "\n",
                                      "--duration 2 --sample-rate 48000");
  std::vector<float> y =
      renderMono("freeze", "tempo: 0.5\nout: " + source + " # freeze \"0 1 1 0\"\n",
                 "--duration 2 --sample-rate 48000");
  EXPECT_EQ(maxDifference(slice(y, 0, 24000), slice(dry, 0, 24000)), 0.0);
  EXPECT_EQ(maxDifference(slice(y, 72000, 96000), slice(dry, 72000, 96000)), 0.0);
  std::vector<float> held = slice(y, 52800, 72000); // 1.1 s to 1.5 s: the input is 1000 Hz
  EXPECT_GT(bandFraction(held, 48000, 440), 0.9);
  EXPECT_LT(bandFraction(held, 48000, 1000), 0.01);
  EXPECT_GT(rms(held), 0.05);
  // It keeps holding: the level in its last 0.2 s is the level of the 0.2 s before.
  EXPECT_NEAR(rms(slice(y, 62400, 72000)) / rms(slice(y, 52800, 62400)), 1.0, 0.25);
}

// ---- engines agree ----------------------------------------------------------------------------

class TimeEffectsEnginesAgree : public ::testing::TestWithParam<const char*> {};

TEST_P(TimeEffectsEnginesAgree, InterpreterAndJitAtO0AndO3GiveTheSameSamples) {
  rt::AudioData reference =
      renderAudio("fx-time-ref", GetParam(), "--duration 1 --engine interp -O0");
  ASSERT_GT(rms(reference.samples), 1e-3) << "a silent render proves nothing";
  for (const char* options : {"--engine interp -O3", "-O0", "-O3", "-O3 --block 37"})
    EXPECT_EQ(
        maxDifference(
            reference.samples,
            renderAudio("fx-time-opt", GetParam(), std::string("--duration 1 ") + options).samples),
        0.0)
        << options;
}

INSTANTIATE_TEST_SUITE_P(
    Patches, TimeEffectsEnginesAgree,
    ::testing::Values(
        "out: saw 110 * 0.3 # multitap 0.05 3 0.6 0.5\n",
        "out: stereo (saw 110) (square 165) * 0.2 # multitap \"0.03 0.05\" 2\n",
        "out: saw 110 * 0.3 # pingpong 0.07 0.6\n",
        "out: stereo (saw 110) (square 165) * 0.2 # pingpong 0.05 0.5 0.5 1\n",
        "out: saw 110 * 0.3 # tapedelay 0.1 0.7 3 0.05 7 0.2 0.8\n",
        "out: stereo (saw 110) (square 165) * 0.2 # tape 0.05 0.5\n",
        "out: saw 110 * 0.3 # pitch_shift \"7 -5\"\n",
        "out: stereo (saw 110) (square 165) * 0.2 # pitch_shift (sine 0.5 * 12)\n",
        "out: saw 110 * 0.3 # granular 30 40 1.5\n",
        "out: stereo (saw 110) (square 165) * 0.2 # granular 20 30 0.7\n",
        "out: vocoder (saw 110 * 0.5) (noise * 0.5) 8\n",
        "out: vocoder (stereo (saw 110) (square 165)) (saw 55) 12\n",
        "out: saw 110 * 0.3 # plate 0.01 0.6\n",
        "out: stereo (saw 110) (square 165) * 0.2 # plate 0 0.7 0.5 0.2 0.8 0.6\n",
        "out: saw 110 * 0.3 # lush 1.5\n",
        "out: stereo (saw 110) (square 165) * 0.2 # lush 0.01 2 0.6 0.4 1 0.5 \"0 1\" 0.8\n",
        "tempo: 2\nout: saw 110 * 0.3 # freeze \"0 1\"\n",
        "tempo: 2\nout: stereo (saw 110) (square 165) * 0.2 # freeze \"0 1 1 0\"\n"));

} // namespace
} // namespace phonon::test
