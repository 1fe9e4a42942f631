// Random transforms over a day of pattern time: `stripe` and `humanize` (nested, too) render
// with exit code 0, sound, and drop no pattern block, from cycle 0 and from 24 hours in at 4
// cycles per second (setCycle 345600) — once an abort on a 64-bit time overflow.
#include "AudioAnalysis.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

namespace phonon::test {
namespace {

struct Case {
  const char* start;
  const char* transform;
};

class RandomTransformsRender : public ::testing::TestWithParam<Case> {};

TEST_P(RandomTransformsRender, SoundsForTwoSecondsWithoutDroppingABlock) {
  static int counter = 0;
  std::string name = tempDir() + "/random-time" + std::to_string(counter++);
  std::string patch = std::string(GetParam().start) + "out: sine (\"c4 e4 g4 b4\" $ " +
                      GetParam().transform + ") * 0.2\n";
  std::ofstream(name + ".ph") << patch;
  CommandResult r =
      runCommand(phononBinary() + " render '" + name + ".ph' -o '" + name + ".wav' --duration 2");
  ASSERT_EQ(r.exitCode, 0) << patch << r.output;
  EXPECT_EQ(r.output.find("warning"), std::string::npos) << patch << r.output;
  EXPECT_EQ(r.output.find("dropped"), std::string::npos) << patch << r.output;
  rt::AudioData audio;
  std::string error;
  ASSERT_TRUE(rt::readAudioFile(name + ".wav", audio, error)) << error;
  ASSERT_EQ(audio.frames(), 96000u);
  std::vector<float> x = channel(audio, 0);
  EXPECT_TRUE(allFinite(x));
  // A sine of amplitude 0.2 throughout: no silent block.
  EXPECT_NEAR(rms(x), 0.2 / std::sqrt(2.0), 0.002) << patch;
  for (size_t b = 0; b + 4800 <= x.size(); b += 4800)
    EXPECT_GT(rms(slice(x, b, b + 4800)), 0.1) << patch << " at sample " << b;
}

INSTANTIATE_TEST_SUITE_P(
    PatternTime, RandomTransformsRender,
    ::testing::Values(Case{"", "stripe 2"}, Case{"", "humanize 0.1 0"},
                      Case{"tempo: 4\nsetCycle 345600\n", "stripe 2"},
                      Case{"tempo: 4\nsetCycle 345600\n", "humanize 0.1 0"},
                      Case{"tempo: 4\nsetCycle 345599\nnudge 0.9\n",
                           "stripe \"2 3\" $ humanize (1/3) 0.5 $ stripe 7 $ humanize 0.1 0"},
                      Case{"tempo: 0.5\nsetCycle 43200\n", "stripe 7 $ fast (1/3) $ stripe 2"},
                      Case{"setCycle 2147483648\n",
                           "humanize 0.1 0 $ stripe 2 $ swingBy (1/3) 4"}));

} // namespace
} // namespace phonon::test
