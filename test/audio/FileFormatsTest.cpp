// `phonon render` writes the format the output's extension names (LANGUAGE §9.3): read back
// through libsndfile, each file is that format and holds the same audio as the float WAV.
#include "AudioAnalysis.h"

#include <gtest/gtest.h>
#include <sndfile.h>

#include <cmath>
#include <filesystem>
#include <fstream>

namespace phonon::test {
namespace {

constexpr uint64_t kFrames = 72000; // 1.5 s at 48 kHz

std::string patchFile() {
  std::string path = tempDir() + "/formats.ph";
  std::ofstream(path) << "out: saw 110 # lpf 2000 1 * 0.4 + sine 660 * 0.2\n";
  return path;
}

rt::AudioData renderTo(const std::string& output) {
  CommandResult r = runCommand(phononBinary() + " render '" + patchFile() + "' -o '" + output +
                               "' --duration 1.5");
  EXPECT_EQ(r.exitCode, 0) << r.output;
  rt::AudioData audio;
  std::string error;
  EXPECT_TRUE(rt::readAudioFile(output, audio, error)) << error;
  return audio;
}

double rmsOfDifference(const std::vector<float>& a, const std::vector<float>& b) {
  double sum = 0;
  for (size_t i = 0; i < a.size(); ++i) sum += (a[i] - b[i]) * double(a[i] - b[i]);
  return std::sqrt(sum / static_cast<double>(a.size()));
}

TEST(FileFormatsTest, FlacOggAndAiffHoldTheSameAudioAsTheFloatWav) {
  rt::AudioData wav = renderTo(tempDir() + "/formats.wav");
  ASSERT_EQ(wav.format, SF_FORMAT_WAV | SF_FORMAT_FLOAT);
  ASSERT_EQ(wav.frames(), kFrames);
  ASSERT_GT(rms(wav.samples), 0.1) << "a silent render proves nothing";

  for (const char* name : {"formats.flac", "formats.aiff"}) {
    rt::AudioData pcm = renderTo(tempDir() + "/" + name);
    EXPECT_EQ(pcm.format & SF_FORMAT_TYPEMASK, name[8] == 'f' ? SF_FORMAT_FLAC : SF_FORMAT_AIFF);
    EXPECT_EQ(pcm.format & SF_FORMAT_SUBMASK, SF_FORMAT_PCM_24);
    EXPECT_EQ(pcm.channels, 2u);
    EXPECT_EQ(pcm.sampleRate, 48000u);
    ASSERT_EQ(pcm.frames(), kFrames);
    // 24-bit quantisation: ½ LSB of rounding and at most 1 LSB of TPDF dither.
    EXPECT_LE(maxDifference(pcm.samples, wav.samples), 1.5 / 8388608.0 + 1e-9) << name;
  }

  rt::AudioData ogg = renderTo(tempDir() + "/formats.ogg");
  EXPECT_EQ(ogg.format, SF_FORMAT_OGG | SF_FORMAT_VORBIS);
  EXPECT_EQ(ogg.channels, 2u);
  ASSERT_EQ(ogg.frames(), kFrames);
  // Lossy, but aligned and close: the error is more than 30 dB below the signal and the level
  // within 0.2 dB.
  EXPECT_LT(rmsOfDifference(ogg.samples, wav.samples), rms(wav.samples) * 0.0316);
  EXPECT_NEAR(dbfs(rms(ogg.samples)), dbfs(rms(wav.samples)), 0.2);
}

TEST(FileFormatsTest, ARefusedRenderLeavesNoFile) {
  std::string dir = tempDir() + "/refused";
  std::filesystem::create_directories(dir);
  struct Case {
    const char* output;
    const char* options;
  };
  // An extension phonon does not write, none, and a rate FLAC cannot carry.
  for (Case c : {Case{"out.mp3", ""}, Case{"out", ""}, Case{"out.flac", "--sample-rate 768000"}}) {
    CommandResult r = runCommand(phononBinary() + " render '" + patchFile() + "' -o '" + dir + "/" +
                                 c.output + "' --duration 0.1 " + c.options);
    EXPECT_EQ(r.exitCode, 1) << c.output << ": " << r.output;
    EXPECT_NE(r.output.find("phonon: error: "), std::string::npos) << r.output;
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

} // namespace
} // namespace phonon::test
