// Nodes whose state is sized at init from the patch's arena (delay, comb, reverb) and a node
// handed a constant list at init (additive): each defining property measured from a render.
#include "AudioAnalysis.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <tuple>

namespace phonon::test {
namespace {

/// A unit impulse at sample 0: ~n counts 1, 2, 3 … through its own feedback (LANGUAGE §2.3),
/// so 2 − ~n clipped to [0, 1] is 1 once, then 0.
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

std::vector<float> renderPatch(const std::string& name, const std::string& text,
                               const std::string& options) {
  return channel(renderAudio(name, text, options), 0);
}

/// Index of the first sample whose magnitude exceeds `threshold`, or x.size().
size_t firstAbove(const std::vector<float>& x, double threshold, size_t from = 0) {
  for (size_t i = from; i < x.size(); ++i)
    if (std::fabs(x[i]) > threshold) return i;
  return x.size();
}

TEST(DelayLinesTest, DelayEchoLandsOnTheSampleAndFeedbackDecaysByFb) {
  // 0.25 s at 48 kHz is 12000 samples; fb 0.6, wet only.
  std::vector<float> y =
      renderPatch("delay-echo", std::string(kImpulse) + "out: ~impulse # delay 0.25 0.6 1\n",
                  "--duration 1 --sample-rate 48000");
  ASSERT_EQ(y.size(), 48000u);
  EXPECT_EQ(firstAbove(y, 1e-6), 12000u);
  EXPECT_FLOAT_EQ(y[12000], 1.0f);
  EXPECT_FLOAT_EQ(y[24000], 0.6f);
  EXPECT_FLOAT_EQ(y[36000], 0.36f);
  // Nothing between the echoes.
  EXPECT_EQ(firstAbove(y, 1e-6, 12001), 24000u);
  EXPECT_EQ(firstAbove(y, 1e-6, 24001), 36000u);
  EXPECT_NEAR(y[36000] / y[24000], 0.6, 1e-6);
}

TEST(DelayLinesTest, DelayMixesDryAndWet) {
  std::vector<float> y =
      renderPatch("delay-mix", std::string(kImpulse) + "out: ~impulse # delay 0.01 0.5 0.25\n",
                  "--duration 0.1 --sample-rate 48000");
  EXPECT_FLOAT_EQ(y[0], 0.75f);   // (1 − mix)·x
  EXPECT_FLOAT_EQ(y[480], 0.25f); // mix·d
  EXPECT_FLOAT_EQ(y[960], 0.125f);
}

TEST(DelayLinesTest, DelayReadsFractionalTimesLinearly) {
  // 100.25 samples: the echo is split 0.75 / 0.25 between samples 100 and 101.
  std::vector<float> y = renderPatch(
      "delay-frac", std::string(kImpulse) + "out: ~impulse # delay (100.25 / 48000) 0 1\n",
      "--duration 0.01 --sample-rate 48000");
  EXPECT_NEAR(y[100], 0.75f, 1e-3);
  EXPECT_NEAR(y[101], 0.25f, 1e-3);
  EXPECT_EQ(firstAbove(y, 1e-6), 100u);
  EXPECT_EQ(firstAbove(y, 1e-6, 102), y.size());
}

TEST(DelayLinesTest, DelayTimeIsClampedToFourSeconds) {
  std::vector<float> y =
      renderPatch("delay-max", std::string(kImpulse) + "out: ~impulse # delay 10 0 1\n",
                  "--duration 4.5 --sample-rate 8000");
  EXPECT_EQ(firstAbove(y, 1e-6), 32000u);
}

TEST(DelayLinesTest, DelayTimeFollowsAPattern) {
  // tempo 1: 0.1 s (4800 samples) in the first half second, 0.2 s (9600) in the second. The
  // impulse recirculates at fb 0.5 every 4800 samples (w[4800k] = 0.5^k) until sample 24000,
  // which reads 9600 back: w[14400] = 0.125, where 4800 back would be w[19200] = 0.0625.
  std::vector<float> y = renderPatch("delay-pattern",
                                     std::string("tempo: 1\n") + kImpulse +
                                         "out: ~impulse # delay \"0.1 0.2\" 0.5 1\n",
                                     "--duration 1 --sample-rate 48000");
  EXPECT_EQ(firstAbove(y, 1e-6), 4800u);
  EXPECT_FLOAT_EQ(y[19200], 0.125f);
  EXPECT_FLOAT_EQ(y[24000], 0.125f);
  EXPECT_EQ(firstAbove(y, 1e-6, 24001), 28800u);
  EXPECT_FLOAT_EQ(y[28800], 0.0625f);
}

TEST(DelayLinesTest, CombDelaysBySrOverFreqAndDecaysByFb) {
  // 100 Hz at 48 kHz: 480 samples; y = x + 0.5·y[n − 480].
  std::vector<float> y =
      renderPatch("comb", std::string(kImpulse) + "out: ~impulse # comb 100 0.5\n",
                  "--duration 0.1 --sample-rate 48000");
  EXPECT_FLOAT_EQ(y[0], 1.0f);
  EXPECT_EQ(firstAbove(y, 1e-6, 1), 480u);
  EXPECT_FLOAT_EQ(y[480], 0.5f);
  EXPECT_FLOAT_EQ(y[960], 0.25f);
  EXPECT_EQ(firstAbove(y, 1e-6, 481), 960u);
  // At 44.1 kHz the same comb is 441 samples long.
  std::vector<float> z =
      renderPatch("comb441", std::string(kImpulse) + "out: ~impulse # comb 100 -0.5\n",
                  "--duration 0.1 --sample-rate 44100");
  EXPECT_EQ(firstAbove(z, 1e-6, 1), 441u);
  EXPECT_FLOAT_EQ(z[441], -0.5f);
  EXPECT_FLOAT_EQ(z[882], 0.25f);
}

TEST(DelayLinesTest, AdditivePartialsHaveTheListsLevels) {
  for (const char* amps : {"[1, 0.5, 0.25]", "\"1 0.5 0.25\""}) {
    std::vector<float> y = renderPatch("additive", std::string("out: additive 220 ") + amps + "\n",
                                       "--duration 1 --sample-rate 48000");
    EXPECT_NEAR(amplitudeAt(y, 48000, 220), 1.0, 0.01) << amps;
    EXPECT_NEAR(amplitudeAt(y, 48000, 440), 0.5, 0.005) << amps;
    EXPECT_NEAR(amplitudeAt(y, 48000, 660), 0.25, 0.0025) << amps;
    EXPECT_LT(amplitudeAt(y, 48000, 880), 1e-3) << amps;
  }
}

TEST(DelayLinesTest, AdditiveDropsHarmonicsAtOrAboveNyquist) {
  // 10 kHz at 48 kHz: harmonics at 10 and 20 kHz sound; 30 kHz (which would alias to 18 kHz)
  // does not.
  std::vector<float> y = renderPatch("additive-nyquist", "out: additive 10000 [0.5, 0.5, 0.5]\n",
                                     "--duration 1 --sample-rate 48000");
  EXPECT_NEAR(amplitudeAt(y, 48000, 10000), 0.5, 0.005);
  EXPECT_NEAR(amplitudeAt(y, 48000, 20000), 0.5, 0.005);
  EXPECT_LT(amplitudeAt(y, 48000, 18000), 1e-3);
}

/// Seconds until the 10 ms RMS envelope of an impulse response stays 40 dB under its peak.
double decaySeconds(const std::vector<float>& y, double rate) {
  const size_t window = static_cast<size_t>(rate / 100);
  std::vector<double> env;
  for (size_t i = 0; i + window <= y.size(); i += window)
    env.push_back(rms(slice(y, i, i + window)));
  double top = 0;
  for (double e : env) top = std::max(top, e);
  size_t last = 0;
  for (size_t i = 0; i < env.size(); ++i)
    if (20.0 * std::log10(env[i] / top) > -40.0) last = i;
  return static_cast<double>(last + 1) * window / rate;
}

TEST(DelayLinesTest, ReverbDecayGrowsWithRoomAndStaysBounded) {
  double previous = 0;
  for (const char* room : {"0.2", "0.6", "0.95"}) {
    std::vector<float> y =
        renderPatch("reverb", std::string(kImpulse) + "out: ~impulse # reverb " + room + " 0.5 1\n",
                    "--duration 8 --sample-rate 48000");
    ASSERT_TRUE(allFinite(y)) << room;
    EXPECT_LT(peak(y), 0.2) << room;
    // Bounded: the last second holds far less energy than the first.
    EXPECT_LT(rms(slice(y, 7 * 48000, 8 * 48000)), 0.01 * rms(slice(y, 0, 48000))) << room;
    double t = decaySeconds(y, 48000);
    EXPECT_GT(t, previous * 1.3) << "room " << room;
    previous = t;
  }
}

TEST(DelayLinesTest, ReverbCombLengthsScaleWithTheSampleRate) {
  // The first output is the shortest comb (1116 samples at 44.1 kHz) through the allpasses'
  // direct path: 1116 at 44.1 kHz, round(1116·48000/44100) = 1215 at 48 kHz.
  for (auto [rate, first] :
       {std::pair{44100, 1116u}, std::pair{48000, 1215u}, std::pair{96000, 2429u}}) {
    std::vector<float> y =
        renderPatch("reverb-rate", std::string(kImpulse) + "out: ~impulse # reverb 0.5 0.5 1\n",
                    "--duration 0.1 --sample-rate " + std::to_string(rate));
    EXPECT_EQ(firstAbove(y, 0), first) << rate;
    // wet = 3 · (−(the comb's 0.015·impulse)) through four allpasses' direct path (−1 each).
    EXPECT_FLOAT_EQ(y[first], 3.0f * 0.015f) << rate;
  }
}

// §7.5: `reverb` on a stereo input is the stereo Freeverb, one state with two outputs: both
// channels feed (L + R)·0.015 to the combs, the right channel's lines are 23 samples longer at
// 44.1 kHz, scaled and rounded like the left's.
TEST(DelayLinesTest, StereoReverbRightChannelArrivesTwentyThreeScaledSamplesLater) {
  for (auto [rate, first, right] :
       {std::tuple{44100, 1116u, 1139u}, std::tuple{48000, 1215u, 1240u},
        std::tuple{96000, 2429u, 2479u}}) {
    rt::AudioData audio =
        renderAudio("reverb-stereo-rate",
                    std::string(kImpulse) + "out: stereo ~impulse ~impulse # reverb 0.5 0.5 1\n",
                    "--duration 0.1 --sample-rate " + std::to_string(rate));
    std::vector<float> l = channel(audio, 0), r = channel(audio, 1);
    EXPECT_EQ(firstAbove(l, 0), first) << rate;
    EXPECT_EQ(firstAbove(r, 0), right) << rate;
    // 23·sr/44100, rounded: 23, 25, 50.
    EXPECT_EQ(right - first, static_cast<unsigned>(23.0 * rate / 44100.0 + 0.5)) << rate;
    // wet = 3 · 0.015·(L + R) through the allpasses' direct path, in each channel.
    EXPECT_FLOAT_EQ(l[first], 3.0f * 0.03f) << rate;
    EXPECT_FLOAT_EQ(r[right], 3.0f * 0.03f) << rate;
  }
}

TEST(DelayLinesTest, StereoReverbChannelsDifferAndMixZeroPassesEachChannel) {
  const std::string source = "stereo (saw 110 * 0.5) (sine 220 * 0.5)";
  rt::AudioData wet =
      renderAudio("reverb-stereo-wet", "out: " + source + " # reverb 0.8 0.5 1\n", "--duration 1");
  EXPECT_GT(rms(channel(wet, 0)), 0.01);
  EXPECT_GT(maxDifference(channel(wet, 0), channel(wet, 1)), 0.01);
  // The same input in both channels: only the lengths + 23 make the channels differ.
  rt::AudioData same =
      renderAudio("reverb-stereo-same",
                  "out: stereo (saw 110) (saw 110) * 0.5 # reverb 0.8 0.5 1\n", "--duration 1");
  EXPECT_GT(maxDifference(channel(same, 0), channel(same, 1)), 0.01);
  // mix 0: (1 − 0)·x + 0·wet equals x in every sample of each channel (a −0 of x may come out
  // as +0: x + 0·wet).
  rt::AudioData dry =
      renderAudio("reverb-stereo-dry", "out: " + source + " # reverb 0.8 0.5 0\n", "--duration 1");
  rt::AudioData plain = renderAudio("reverb-stereo-plain", "out: " + source + "\n", "--duration 1");
  EXPECT_GT(maxDifference(channel(plain, 0), channel(plain, 1)), 0.01);
  ASSERT_EQ(dry.samples.size(), plain.samples.size());
  size_t differing = 0;
  for (size_t i = 0; i < dry.samples.size(); ++i) differing += dry.samples[i] != plain.samples[i];
  EXPECT_EQ(differing, 0u);
}

// §7.5 `reverb_stereo`: each comb's feedback 10^(−3·d/time), so the tail falls 60 dB in about
// `time` seconds; always stereo, the right channel's lines 23 samples longer.
TEST(DelayLinesTest, ReverbStereoDecaysInItsTimeAndIsStereo) {
  double previous = 0;
  for (double time : {0.5, 1.5}) {
    rt::AudioData audio = renderAudio("reverb-stereo-time",
                                      std::string(kImpulse) + "out: ~impulse # reverb_stereo 1 " +
                                          std::to_string(time) + "\n",
                                      "--duration 4 --sample-rate 48000");
    std::vector<float> l = channel(audio, 0), r = channel(audio, 1);
    ASSERT_TRUE(allFinite(l) && allFinite(r)) << time;
    EXPECT_EQ(firstAbove(l, 0), 1215u) << time;
    EXPECT_EQ(firstAbove(r, 0), 1240u) << time;
    // −40 dB of a 60 dB decay in `time`: about ⅔·time (the allpasses smear the tail).
    double t = decaySeconds(l, 48000);
    EXPECT_NEAR(t, 2.0 / 3.0 * time, 0.25 * time) << time;
    EXPECT_GT(t, previous * 2) << time;
    previous = t;
  }
}

// ---- convolve (§7.5): a block node, its wet output one 512-sample block late ----------------

TEST(DelayLinesTest, ConvolveRendersTheBuiltInResponseOneBlockLateWithEnergyOne) {
  std::vector<float> y =
      renderPatch("convolve-impulse", std::string(kImpulse) + "out: ~impulse # convolve :mix 1\n",
                  "--duration 2 --sample-rate 48000");
  ASSERT_EQ(y.size(), 96000u);
  EXPECT_EQ(firstAbove(y, 0.0), 512u); // the latency: silence before
  double energy = 0;
  for (float v : y) energy += static_cast<double>(v) * v;
  EXPECT_NEAR(energy, 1.0, 1e-4); // the response is normalised to energy 1
  // 1.5 s long: after 512 + 72000 samples only the FFT's rounding (far below −120 dB).
  EXPECT_EQ(firstAbove(y, 1e-6, 512 + 72000), y.size());
  // The response is seeded per instance: two convolves differ.
  std::vector<float> two = renderPatch(
      "convolve-two",
      std::string(kImpulse) + "out: (~impulse # convolve :mix 1) - (~impulse # convolve :mix 1)\n",
      "--duration 0.1 --sample-rate 48000");
  EXPECT_GT(rms(two), 1e-4);
}

TEST(DelayLinesTest, ConvolveMixZeroIsTheDryInputUndelayed) {
  const std::string source = "out: saw 110 * 0.3 + sine 3\n";
  std::vector<float> dry = renderPatch("convolve-dry", source, "--duration 0.5");
  std::vector<float> mixed = renderPatch(
      "convolve-mix0", "out: (saw 110 * 0.3 + sine 3) # convolve :mix 0\n", "--duration 0.5");
  EXPECT_EQ(maxDifference(dry, mixed), 0.0);
}

// The interpreter, the JIT and an object file, at every -O level and thread count, compute the
// same samples through the block adapter and the FFT.
class ConvolveEnginesAgree : public ::testing::TestWithParam<const char*> {};

TEST_P(ConvolveEnginesAgree, EveryEngineLevelAndThreadCountGivesTheSameSamples) {
  std::string patch = tempDir() + "/convolve-agree.ph";
  std::ofstream(patch) << GetParam();
  std::string object = tempDir() + "/convolve-agree.o";
  CommandResult compiled = runCommand(phononcBinary() + " '" + patch + "' -o '" + object + "'");
  ASSERT_EQ(compiled.exitCode, 0) << compiled.output;
  rt::AudioData reference =
      renderAudio("convolve-ref", GetParam(), "--duration 1 --engine interp -O0");
  ASSERT_GT(rms(reference.samples), 1e-3) << "a silent render proves nothing";
  CommandResult aot = runCommand(phononBinary() + " render '" + object + "' -o '" + tempDir() +
                                 "/convolve-aot.wav' --duration 1");
  ASSERT_EQ(aot.exitCode, 0) << aot.output;
  rt::AudioData fromObject;
  std::string error;
  ASSERT_TRUE(rt::readAudioFile(tempDir() + "/convolve-aot.wav", fromObject, error)) << error;
  EXPECT_EQ(maxDifference(reference.samples, fromObject.samples), 0.0);
  for (const char* options :
       {"--engine interp -O3", "-O0 --threads 1", "-O0 --threads 2", "-O3 --threads 1",
        "-O3 --threads 2", "-O2 --block 37 --threads 2", "-O1 --block 1"})
    EXPECT_EQ(maxDifference(reference.samples, renderAudio("convolve-opt", GetParam(),
                                                           std::string("--duration 1 ") + options)
                                                   .samples),
              0.0)
        << options;
}

INSTANTIATE_TEST_SUITE_P(
    Patches, ConvolveEnginesAgree,
    ::testing::Values(
        "out: saw 110 * 0.2 # convolve :mix 0.7\n",
        // Two in parallel (a kernel each: two threads can run them), one on noise.
        "out: (saw 110 * 0.2 # convolve) + (noise * 0.1 # convolution :mix 0.3) # lpf 800\n",
        // A feedback loop through a block node: one kernel with it.
        "~fb: (saw 110 * 0.1 + ~fb * 0.5) # convolve :mix 1\nout: ~fb\n",
        // A stereo input: one convolver per channel.
        "out: stereo (saw 110) (square 165) * 0.2 # convolve :mix 0.8\n"));

} // namespace
} // namespace phonon::test
