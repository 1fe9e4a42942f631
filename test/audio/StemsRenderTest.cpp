// Stems (LANGUAGE §2.4, §9.3, example 15): `phonon render --stems` writes each output alone
// beside the main file, `--multichannel` a channel pair per output; measured sample by sample.
// Example (15) plays sound patterns; signals stand in for them here.
#include "AudioAnalysis.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

namespace phonon::test {
namespace {

const char* const kOut1 = "sine 220 * 0.3";
const char* const kOut2 = "saw 110 # lpf 900 * 0.25 # pan 0.5";

/// Example (15) with signals: two stems, the main file their sum over √2.
std::string exampleFifteen(const std::string& extra = "") {
  return writePatch("stems", std::string("outmix: sqrt\nout1: ") + kOut1 + "\nout2: " + kOut2 +
                                 "\n" + extra);
}

rt::AudioData read(const std::string& path) {
  rt::AudioData audio;
  std::string error;
  EXPECT_TRUE(rt::readAudioFile(path, audio, error)) << error;
  return audio;
}

/// Renders `patch` into a fresh folder as mix.wav with `options`; returns the folder.
std::string renderInto(const std::string& name, const std::string& patch,
                       const std::string& options) {
  std::string dir = tempDir() + "/" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  CommandResult r = runCommand(phononBinary() + " render '" + patch + "' -o '" + dir +
                               "/mix.wav' --duration 1 " + options);
  EXPECT_EQ(r.exitCode, 0) << r.output;
  return dir;
}

/// The main file of a patch whose only output is `expr`: that output alone.
rt::AudioData alone(const std::string& name, const std::string& expr) {
  return read(renderInto(name, writePatch(name, "out: " + expr + "\n"), "") + "/mix.wav");
}

TEST(StemsRenderTest, TheMainFileIsTheStemsSumOverRootTwoAndEachStemItsOutputAlone) {
  std::string dir = renderInto("fifteen", exampleFifteen(), "--stems");
  EXPECT_TRUE(std::filesystem::exists(dir + "/mix.out1.wav"));
  EXPECT_TRUE(std::filesystem::exists(dir + "/mix.out2.wav"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/mix.out.wav")) << "no `out` is defined";
  rt::AudioData mix = read(dir + "/mix.wav"), out1 = read(dir + "/mix.out1.wav"),
                out2 = read(dir + "/mix.out2.wav");
  ASSERT_EQ(mix.channels, 2u);
  ASSERT_EQ(out1.channels, 2u);
  ASSERT_EQ(out2.channels, 2u);
  ASSERT_EQ(mix.frames(), 48000u);
  ASSERT_EQ(out1.frames(), mix.frames());
  ASSERT_EQ(out2.frames(), mix.frames());
  ASSERT_GT(rms(out1.samples), 0.1) << "a silent stem proves nothing";
  ASSERT_GT(rms(out2.samples), 0.05) << "a silent stem proves nothing";
  double worst = 0;
  for (size_t i = 0; i < mix.samples.size(); ++i)
    worst = std::max(worst, std::fabs(mix.samples[i] - (double(out1.samples[i]) + out2.samples[i]) /
                                                           std::sqrt(2.0)));
  EXPECT_LE(worst, 1e-6);
  // Each stem is its output alone, stereo as it is: out2 is panned right.
  EXPECT_LE(maxDifference(out1.samples, alone("alone1", kOut1).samples), 1e-6);
  EXPECT_LE(maxDifference(out2.samples, alone("alone2", kOut2).samples), 1e-6);
  EXPECT_NEAR(rms(channel(out2, 0)), 0.5 * rms(channel(out2, 1)), 1e-6); // pan 0.5: ½ and 1
}

TEST(StemsRenderTest, AHushedOutputIsASilentStemAndLeavesTheMix) {
  std::string dir = renderInto("hushed", exampleFifteen("hush2\n"), "--stems");
  rt::AudioData mix = read(dir + "/mix.wav"), out1 = read(dir + "/mix.out1.wav"),
                out2 = read(dir + "/mix.out2.wav");
  ASSERT_EQ(out2.frames(), 48000u);
  EXPECT_EQ(peak(out2.samples), 0.0);
  // One output plays, so k = 1: the main file is out1 itself.
  ASSERT_GT(rms(out1.samples), 0.1);
  EXPECT_LE(maxDifference(mix.samples, out1.samples), 1e-6);
}

TEST(StemsRenderTest, MultichannelHoldsAPairPerOutputInOrder) {
  std::string patch = writePatch("three", std::string("out: tri 330 * 0.2\nout1: ") + kOut1 +
                                              "\nout2: " + kOut2 + "\n");
  std::string stems = renderInto("three-stems", patch, "--stems");
  rt::AudioData all = read(renderInto("three-multi", patch, "--multichannel") + "/mix.wav");
  ASSERT_EQ(all.channels, 6u);
  ASSERT_EQ(all.frames(), 48000u);
  const char* const names[] = {"out", "out1", "out2"};
  for (unsigned s = 0; s < 3; ++s) {
    rt::AudioData stem = read(stems + "/mix." + names[s] + ".wav");
    ASSERT_GT(rms(stem.samples), 0.05) << names[s];
    for (unsigned c = 0; c < 2; ++c)
      EXPECT_EQ(maxDifference(channel(all, 2 * s + c), channel(stem, c)), 0.0)
          << names[s] << " channel " << c;
  }
}

TEST(StemsRenderTest, TheJitAndTheInterpreterWriteTheSameStems) {
  std::string patch = exampleFifteen("out3: noise * 0.1 # hpf 2000\n");
  std::string jit = renderInto("engine-jit", patch, "--stems");
  std::string interp = renderInto("engine-interp", patch, "--stems --engine interp");
  for (const char* file : {"mix.wav", "mix.out1.wav", "mix.out2.wav", "mix.out3.wav"}) {
    rt::AudioData a = read(jit + "/" + file), b = read(interp + "/" + file);
    ASSERT_GT(rms(a.samples), 0.01) << file;
    EXPECT_EQ(maxDifference(a.samples, b.samples), 0.0) << file;
  }
}

// `--mono`: one channel, the mix's (L + R)/2 as the `mono` node computes it: a mono patch's
// samples exactly, a panned one's average.
TEST(StemsRenderTest, MonoWritesTheMixsAverageInOneChannel) {
  for (const char* expr : {kOut1, kOut2}) {
    const std::string patch = writePatch("mono", std::string("out: ") + expr + "\n");
    const rt::AudioData stereo = read(renderInto("mono-stereo", patch, "") + "/mix.wav");
    for (const char* engine : {"jit", "interp"}) {
      const rt::AudioData mono = read(
          renderInto("mono-one", patch, std::string("--mono --engine ") + engine) + "/mix.wav");
      ASSERT_EQ(stereo.channels, 2u);
      ASSERT_EQ(mono.channels, 1u) << engine;
      ASSERT_EQ(mono.frames(), stereo.frames()) << engine;
      ASSERT_GT(rms(mono.samples), 0.05) << "a silent file proves nothing";
      size_t differ = 0;
      for (size_t i = 0; i < mono.frames(); ++i)
        differ += mono.samples[i] != (stereo.samples[2 * i] + stereo.samples[2 * i + 1]) * 0.5f;
      EXPECT_EQ(differ, 0u) << expr << " on " << engine;
    }
  }
  // The panned saw's channels differ, so its average is neither of them.
  const rt::AudioData panned = read(
      renderInto("mono-panned", writePatch("panned", std::string("out: ") + kOut2 + "\n"), "") +
      "/mix.wav");
  EXPECT_NEAR(rms(channel(panned, 0)), 0.5 * rms(channel(panned, 1)), 1e-6);
}

} // namespace
} // namespace phonon::test
