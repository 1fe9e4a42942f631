// Channels (LANGUAGE §2.4, §7 preamble, §7.7): render stereo patches with the real `phonon
// render` and measure each channel.
#include "AudioAnalysis.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

namespace phonon::test {
namespace {

constexpr double kSampleRate = 48000.0;

rt::AudioData render(const std::string& input, const std::string& options) {
  static int counter = 0;
  std::string wav = tempDir() + "/stereo" + std::to_string(counter++) + ".wav";
  CommandResult r =
      runCommand(phononBinary() + " render '" + input + "' -o '" + wav + "' " + options);
  EXPECT_EQ(r.exitCode, 0) << r.output;
  rt::AudioData audio;
  std::string error;
  EXPECT_TRUE(rt::readAudioFile(wav, audio, error)) << error;
  EXPECT_EQ(audio.channels, 2u);
  return audio;
}

std::vector<float> left(const rt::AudioData& a) {
  return channel(a, 0);
}
std::vector<float> right(const rt::AudioData& a) {
  return channel(a, 1);
}

// §7.7 pan: L = x·min(1, 1 − p), R = x·min(1, 1 + p): 0 dB in both channels at the centre.
TEST(StereoTest, PanFollowsTheBalanceLaw) {
  const double amplitude = 0.5, sineRms = amplitude / std::sqrt(2.0);
  for (double p : {-1.0, -0.5, 0.0, 0.5, 1.0}) {
    std::string patch =
        writePatch("pan", "out: pan (sine 440 * 0.5) (" + std::to_string(p) + ")\n");
    rt::AudioData audio = render(patch, "--duration 1");
    double gainL = std::min(1.0, 1.0 - p), gainR = std::min(1.0, 1.0 + p);
    EXPECT_NEAR(rms(left(audio)), sineRms * gainL, 1e-4) << "p = " << p;
    EXPECT_NEAR(rms(right(audio)), sineRms * gainR, 1e-4) << "p = " << p;
    if (p == 0.0) {
      EXPECT_EQ(maxDifference(left(audio), right(audio)), 0.0);
    }
  }
}

// §7.7 pan2: L = x·cos θ, R = x·sin θ with θ = (p + 1)·π/4: the power L² + R² is the input's
// at every position, the centre is −3 dB in each channel, and the ends are one channel only.
TEST(StereoTest, Pan2IsEqualPower) {
  const double sineRms = 0.5 / std::sqrt(2.0);
  for (double p : {-1.0, -0.5, 0.0, 0.5, 1.0}) {
    std::string patch =
        writePatch("pan2", "out: pan2 (sine 440 * 0.5) (" + std::to_string(p) + ")\n");
    rt::AudioData audio = render(patch, "--duration 1");
    double theta = (p + 1.0) * M_PI / 4.0;
    double l = rms(left(audio)), r = rms(right(audio));
    EXPECT_NEAR(l, sineRms * std::cos(theta), 1e-4) << "p = " << p;
    EXPECT_NEAR(r, sineRms * std::sin(theta), 1e-4) << "p = " << p;
    EXPECT_NEAR(l * l + r * r, sineRms * sineRms, 1e-5) << "p = " << p;
    if (p == 0.0) {
      EXPECT_NEAR(dbfs(l / sineRms), -3.0103, 0.01);
      EXPECT_EQ(maxDifference(left(audio), right(audio)), 0.0);
    }
  }
}

// pan2_l and pan2_r are the channels of pan2, as mono signals.
TEST(StereoTest, Pan2LeftAndRightAreTheChannelsOfPan2) {
  rt::AudioData both = render(writePatch("pan2lr", "out: pan2 (saw 110) 0.3\n"), "--duration 1");
  rt::AudioData l = render(writePatch("pan2l", "out: pan2_l (saw 110) 0.3\n"), "--duration 1");
  rt::AudioData r = render(writePatch("pan2r", "out: pan2_r (saw 110) 0.3\n"), "--duration 1");
  EXPECT_EQ(maxDifference(left(both), left(l)), 0.0);
  EXPECT_EQ(maxDifference(right(both), left(r)), 0.0);
  EXPECT_EQ(maxDifference(left(l), right(l)), 0.0); // a mono output goes to both channels
}

// §7 preamble: a mono node given a stereo input runs once per channel with its own state, so
// each channel is exactly what the mono patch of that channel renders.
TEST(StereoTest, AMonoFilterOnAStereoInputKeepsEachChannelsState) {
  rt::AudioData stereo =
      render(writePatch("lpf2", "out: stereo (saw 110) (saw 220) # lpf 500 1\n"), "--duration 1");
  EXPECT_NEAR(spectralPeakHz(left(stereo), kSampleRate), 110.0, 1.0);
  EXPECT_NEAR(spectralPeakHz(right(stereo), kSampleRate), 220.0, 1.0);
  rt::AudioData l = render(writePatch("lpfl", "out: saw 110 # lpf 500 1\n"), "--duration 1");
  rt::AudioData r = render(writePatch("lpfr", "out: saw 220 # lpf 500 1\n"), "--duration 1");
  EXPECT_EQ(maxDifference(left(stereo), left(l)), 0.0);
  EXPECT_EQ(maxDifference(right(stereo), left(r)), 0.0);
}

// Operators work per channel; a mono operand is both channels.
TEST(StereoTest, OperatorsWorkPerChannel) {
  rt::AudioData audio =
      render(writePatch("ops", "out: stereo (sine 440) (sine 660) * 0.25 + sine 100 * 0.1\n"),
             "--duration 1");
  for (auto [x, hz] : {std::pair{left(audio), 440.0}, std::pair{right(audio), 660.0}}) {
    EXPECT_NEAR(amplitudeAt(x, kSampleRate, hz), 0.25, 0.005);
    EXPECT_NEAR(amplitudeAt(x, kSampleRate, 100.0), 0.1, 0.005);
  }
  EXPECT_LT(amplitudeAt(left(audio), kSampleRate, 660.0), 1e-3);
  EXPECT_LT(amplitudeAt(right(audio), kSampleRate, 440.0), 1e-3);
}

// A stereo value used as a parameter is averaged: sine (stereo 300 500) sounds at 400 Hz.
TEST(StereoTest, AStereoParameterIsAveraged) {
  rt::AudioData audio =
      render(writePatch("param", "out: sine (stereo 300 500) * 0.5\n"), "--duration 1");
  EXPECT_NEAR(spectralPeakHz(left(audio), kSampleRate), 400.0, 1.0);
  EXPECT_EQ(maxDifference(left(audio), right(audio)), 0.0);
}

// mono is (L + R)/2; widener with width 0 is mono, with width 1 keeps the channels' sides.
TEST(StereoTest, MonoAveragesAndTheWidenerScalesTheSide) {
  const std::string pair = "(stereo (sine 440 * 0.5) (sine 660 * 0.5))";
  rt::AudioData mono = render(writePatch("mono", "out: mono " + pair + "\n"), "--duration 1");
  EXPECT_EQ(maxDifference(left(mono), right(mono)), 0.0);
  EXPECT_NEAR(amplitudeAt(left(mono), kSampleRate, 440.0), 0.25, 0.005);
  EXPECT_NEAR(amplitudeAt(left(mono), kSampleRate, 660.0), 0.25, 0.005);
  rt::AudioData narrow =
      render(writePatch("narrow", "out: widener " + pair + " 0\n"), "--duration 1");
  // M + S·0 and M − S·0: the same but for the sign of a zero M (maxDifference counts ±0).
  EXPECT_LT(maxDifference(left(narrow), right(narrow)), 1e-30);
  EXPECT_LT(maxDifference(left(narrow), left(mono)), 1e-7);
  rt::AudioData wide = render(writePatch("wide", "out: widener " + pair + " 1\n"), "--duration 1");
  EXPECT_NEAR(amplitudeAt(left(wide), kSampleRate, 440.0), 0.5, 0.005);
  EXPECT_LT(amplitudeAt(left(wide), kSampleRate, 660.0), 1e-3);
  // A mono input stays mono, unchanged.
  rt::AudioData plain =
      render(writePatch("widemono", "out: widener (sine 440) 2 * 0.5\n"), "--duration 1");
  rt::AudioData sine = render(writePatch("sine", "out: sine 440 * 0.5\n"), "--duration 1");
  EXPECT_EQ(maxDifference(plain.samples, sine.samples), 0.0);
}

// §2.3 through a stereo bus: each channel reads its own previous sample.
TEST(StereoTest, FeedbackThroughAStereoBusIsPerChannel) {
  rt::AudioData stereo =
      render(writePatch("fb2", "~fb: stereo (saw 110) (saw 165) * 0.2 + (~fb # lpf 2000 1) * 0.5\n"
                               "out: ~fb\n"),
             "--duration 1");
  rt::AudioData l =
      render(writePatch("fbl", "~fb: saw 110 * 0.2 + (~fb # lpf 2000 1) * 0.5\nout: ~fb\n"),
             "--duration 1");
  rt::AudioData r =
      render(writePatch("fbr", "~fb: saw 165 * 0.2 + (~fb # lpf 2000 1) * 0.5\nout: ~fb\n"),
             "--duration 1");
  EXPECT_GT(rms(left(stereo)), 0.05);
  EXPECT_EQ(maxDifference(left(stereo), left(l)), 0.0);
  EXPECT_EQ(maxDifference(right(stereo), left(r)), 0.0);
}

// §2.4: the main mix sums outputs per channel; a mono output goes to both.
TEST(StereoTest, TheMainMixSumsPerChannel) {
  rt::AudioData audio =
      render(writePatch("mix", "out: pan (sine 440 * 0.5) (-1)\nout1: pan (sine 660 * 0.5) 1\n"
                               "out2: sine 100 * 0.1\n"),
             "--duration 1");
  EXPECT_NEAR(amplitudeAt(left(audio), kSampleRate, 440.0), 0.5, 0.005);
  EXPECT_LT(amplitudeAt(left(audio), kSampleRate, 660.0), 1e-3);
  EXPECT_NEAR(amplitudeAt(right(audio), kSampleRate, 660.0), 0.5, 0.005);
  EXPECT_LT(amplitudeAt(right(audio), kSampleRate, 440.0), 1e-3);
  for (const auto& x : {left(audio), right(audio)})
    EXPECT_NEAR(amplitudeAt(x, kSampleRate, 100.0), 0.1, 0.005);
}

// Stereo patches give the same samples from the interpreter, the JIT and an object file, at
// -O0 and -O3, on one thread and two (tolerance 0).
class StereoEnginesAgree : public ::testing::TestWithParam<const char*> {};

TEST_P(StereoEnginesAgree, EveryEngineLevelAndThreadCountGivesTheSameSamples) {
  std::string patch = writePatch("agree", GetParam());
  std::string object = tempDir() + "/stereo-agree.o";
  CommandResult compiled = runCommand(phononcBinary() + " '" + patch + "' -o '" + object + "'");
  ASSERT_EQ(compiled.exitCode, 0) << compiled.output;
  rt::AudioData reference = render(patch, "--duration 1 --engine interp -O0");
  ASSERT_GT(rms(right(reference)), 1e-3) << "a silent render proves nothing";
  EXPECT_GT(maxDifference(left(reference), right(reference)), 1e-3) << "not stereo";
  EXPECT_EQ(maxDifference(reference.samples, render(object, "--duration 1").samples), 0.0);
  for (const char* options :
       {"--engine interp -O3", "-O0 --threads 1", "-O0 --threads 2", "-O3 --threads 1",
        "-O3 --threads 2", "-O2 --block 37 --threads 2", "-O1 --block 1"})
    EXPECT_EQ(maxDifference(reference.samples,
                            render(patch, std::string("--duration 1 ") + options).samples),
              0.0)
        << options;
}

INSTANTIATE_TEST_SUITE_P(
    Patches, StereoEnginesAgree,
    ::testing::Values(
        "out: pan (saw 110 * 0.3) (sine 0.5)\n",
        "out: pan2 (saw \"110 220\" # lpf 800 2) (sine 1) * 0.5 + sine 55 * 0.1\n",
        "out: stereo (saw 110) (saw 220) # lpf (sine 0.5 * 400 + 600) 1 # tanh\n",
        "~a: stereo (saw 110) (square 111) * 0.2\n~b: widener ~a 1.5 # hpf 200 1\n"
        "out: ~b + mono ~a * 0.3\nout1: pan (noise * 0.1) 0.5\n",
        "~fb: stereo (saw 110) (saw 165) * 0.2 + (~fb # lpf 2000 1) * 0.5\nout: ~fb\n",
        "tempo: 1\nout: stereo (sine \"440 550\") (sine 441) * \"0.1 0.3\" # lpf 3000 1\n",
        "out: pan (saw 55 * 0.2) (-0.5) + pan (saw 57 * 0.2) 0.5 + pan (saw 59 * 0.2) 0\n",
        // Two-output kernels (one state, a left and a right output).
        "out: stereo (saw 110) (square 165) * 0.2 # reverb 0.8 0.3 0.5\n",
        "out: pan2 (saw \"110 220\" * 0.2) (sine 0.5) # reverb_stereo 0.4 1.5 + "
        "(noise * 0.05 # reverb_stereo 0.5 0.8)\n"));

} // namespace
} // namespace phonon::test
