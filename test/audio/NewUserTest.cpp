// What a new user hit (test/lit/newuser holds the diagnostics): patches that sema accepts
// render what they say, measured.
#include "AudioAnalysis.h"

#include <gtest/gtest.h>

#include <fstream>

namespace phonon::test {
namespace {

constexpr double kSampleRate = 48000.0;

std::vector<float> renderChannel(const std::string& name, const std::string& text,
                                 const std::string& options) {
  std::string patch = tempDir() + "/" + name + ".ph";
  std::ofstream(patch) << text;
  std::string wav = tempDir() + "/" + name + ".wav";
  CommandResult r =
      runCommand(phononBinary() + " render '" + patch + "' -o '" + wav + "' " + options + " 2>&1");
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_EQ(r.output.find("dropped"), std::string::npos) << r.output;
  rt::AudioData audio;
  std::string error;
  EXPECT_TRUE(rt::readAudioFile(wav, audio, error)) << error;
  return channel(audio, 0);
}

TEST(NewUserTest, ControlArithmeticPlaysThePitchesOfItsNotes) {
  // `n "0 2 4" + "c4"`: the n values as plain numbers plus the pitch c4 = 60, 62, 64.
  std::vector<float> x =
      renderChannel("n-plus-c4", "tempo: 1\nout: sine (n \"0 2 4\" + \"c4\")\n", "--duration 1");
  ASSERT_EQ(x.size(), 48000u);
  const double expected[] = {261.63, 293.66, 329.63};
  for (int i = 0; i < 3; ++i)
    EXPECT_NEAR(spectralPeakHz(slice(x, i * 16000 + 1000, (i + 1) * 16000), kSampleRate),
                expected[i], 3.0)
        << "step " << i;
  // `note "c a f e" - 24`: the notes two octaves down, c2 = 65.41 Hz first.
  std::vector<float> y = renderChannel(
      "note-minus-24", "tempo: 1\nout: sine (note \"c a f e\" - 24)\n", "--duration 1");
  const double notes[] = {65.41, 110.0, 87.31, 82.41};
  for (int i = 0; i < 4; ++i)
    EXPECT_NEAR(spectralPeakHz(slice(y, i * 12000, (i + 1) * 12000), kSampleRate, 20.0), notes[i],
                4.0)
        << "step " << i;
}

TEST(NewUserTest, AStackOfSignalsIsTheirSum) {
  std::vector<float> stacked =
      renderChannel("stack", "out: stack [sine 440, saw 220, \"0.1 0.2\"] * 0.3\n", "--duration 1");
  std::vector<float> summed =
      renderChannel("sum", "out: (sine 440 + saw 220 + \"0.1 0.2\") * 0.3\n", "--duration 1");
  EXPECT_GT(rms(stacked), 0.1);
  EXPECT_EQ(maxDifference(stacked, summed), 0.0);
}

} // namespace
} // namespace phonon::test
