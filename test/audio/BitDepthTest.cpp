// `phonon render --bits 16|24`: integer files hold the float render rounded after ±1 LSB of
// TPDF dither. Read back, each sample is within 1.5 LSB of the float render (½ of rounding, 1
// of dither), and the error is the one TPDF dither gives: mean 0 and power 1/4 LSB² (1/12 of
// rounding + 1/6 of triangular dither) whatever the signal, so that it is noise, not
// distortion. RPDF dither, or none, would make the error's power depend on where a sample lies
// between two codes, which the per-bin check below sees.
#include "AudioAnalysis.h"

#include <gtest/gtest.h>
#include <sndfile.h>

#include <cmath>
#include <fstream>
#include <sstream>

namespace phonon::test {
namespace {

/// A quiet sine (about 16 LSB of a 16-bit file) on both channels, 2 s.
std::string quietSine() {
  return writePatch("bits-quiet", "out: sine 997 * 0.0005 + sine 61 * 0.0001\n");
}

rt::AudioData render(const std::string& patch, const std::string& output,
                     const std::string& options) {
  CommandResult r = runCommand(phononBinary() + " render '" + patch + "' -o '" + output +
                               "' --duration 2 --quiet " + options);
  EXPECT_EQ(r.exitCode, 0) << r.output;
  rt::AudioData audio;
  std::string error;
  EXPECT_TRUE(rt::readAudioFile(output, audio, error)) << error;
  return audio;
}

struct ErrorStats {
  double mean = 0, meanSquare = 0, maxAbs = 0;
  /// E[e²] for the samples whose exact value lies in each tenth of the way between two codes.
  std::vector<double> meanSquareByFraction;
  std::vector<size_t> countByFraction;
};

/// The error (decoded − exact) in LSB of a file with `fullScale` codes per unit.
ErrorStats quantisationError(const std::vector<float>& decoded, const std::vector<float>& exact,
                             double fullScale) {
  ErrorStats s;
  s.meanSquareByFraction.assign(10, 0.0);
  s.countByFraction.assign(10, 0);
  for (size_t i = 0; i < exact.size(); ++i) {
    double x = exact[i] * fullScale;
    double e = decoded[i] * fullScale - x;
    s.mean += e;
    s.meanSquare += e * e;
    s.maxAbs = std::max(s.maxAbs, std::fabs(e));
    auto bin = static_cast<size_t>((x - std::floor(x)) * 10.0);
    bin = std::min<size_t>(bin, 9);
    s.meanSquareByFraction[bin] += e * e;
    ++s.countByFraction[bin];
  }
  s.mean /= static_cast<double>(exact.size());
  s.meanSquare /= static_cast<double>(exact.size());
  for (size_t b = 0; b < 10; ++b)
    if (s.countByFraction[b])
      s.meanSquareByFraction[b] /= static_cast<double>(s.countByFraction[b]);
  return s;
}

TEST(BitDepthTest, SixteenAndTwentyFourBitFilesAreTheFloatRenderWithTpdfDither) {
  const std::string patch = quietSine();
  rt::AudioData exact = render(patch, tempDir() + "/bits.wav", "");
  ASSERT_EQ(exact.format, SF_FORMAT_WAV | SF_FORMAT_FLOAT);
  ASSERT_GT(rms(exact.samples), 1e-4) << "a silent render proves nothing";

  struct Case {
    const char* file;
    const char* bits;
    int container, subtype;
    double fullScale;
  };
  for (const Case& c : {Case{"bits16.wav", "16", SF_FORMAT_WAV, SF_FORMAT_PCM_16, 32768.0},
                        Case{"bits24.wav", "24", SF_FORMAT_WAV, SF_FORMAT_PCM_24, 8388608.0},
                        Case{"bits16.flac", "16", SF_FORMAT_FLAC, SF_FORMAT_PCM_16, 32768.0},
                        Case{"bits24.flac", "", SF_FORMAT_FLAC, SF_FORMAT_PCM_24, 8388608.0}}) {
    SCOPED_TRACE(c.file);
    std::string options = *c.bits ? std::string("--bits ") + c.bits : "";
    rt::AudioData pcm = render(patch, tempDir() + "/" + c.file, options);
    EXPECT_EQ(pcm.format & SF_FORMAT_TYPEMASK, c.container);
    EXPECT_EQ(pcm.format & SF_FORMAT_SUBMASK, c.subtype);
    ASSERT_EQ(pcm.samples.size(), exact.samples.size());
    ErrorStats e = quantisationError(pcm.samples, exact.samples, c.fullScale);
    // Within ½ LSB of rounding and 1 LSB of dither.
    EXPECT_LE(e.maxAbs, 1.5 + 1e-6);
    // 192000 samples: the mean's standard error is about 0.001 LSB, the power's 0.0005 LSB².
    EXPECT_NEAR(e.mean, 0.0, 0.01);
    EXPECT_NEAR(e.meanSquare, 0.25, 0.01) << "dither variance " << e.meanSquare - 1.0 / 12;
    // The dither alone: the error's power less the rounding's 1/12 is the triangular 1/6.
    EXPECT_NEAR(e.meanSquare - 1.0 / 12.0, 1.0 / 6.0, 0.01);
    // TPDF makes the error's power independent of the signal: the same in every tenth of
    // the way between two codes (RPDF dither gives 1/12 + f(1 − f) there, no dither f² …).
    for (size_t b = 0; b < 10; ++b) {
      ASSERT_GT(e.countByFraction[b], 5000u) << "bin " << b;
      EXPECT_NEAR(e.meanSquareByFraction[b], 0.25, 0.025) << "fraction bin " << b;
    }
  }
}

TEST(BitDepthTest, TheSameRenderGivesTheSameDitheredFile) {
  const std::string patch = quietSine();
  render(patch, tempDir() + "/again1.wav", "--bits 16");
  render(patch, tempDir() + "/again2.wav", "--bits 16");
  auto bytes = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  };
  std::string first = bytes(tempDir() + "/again1.wav");
  EXPECT_GT(first.size(), 192000u * 2);
  EXPECT_EQ(first, bytes(tempDir() + "/again2.wav"));
}

} // namespace
} // namespace phonon::test
