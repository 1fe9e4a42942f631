// The examples of docs/language.md: each ```phonon block compiles (and renders, unless the
// compiler says what it needs is not available yet), and its `-- expect: N Hz` line holds;
// each ```phonon-error block fails with the error its `-- expect error:` line names.
#include "AudioAnalysis.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace phonon::test {
namespace {

struct GuideExample {
  unsigned line = 0; ///< of the opening fence in docs/language.md
  bool error = false;
  std::string text;
  std::string expectError; ///< `-- expect error: …`
  double expectHz = 0;     ///< `-- expect: N Hz`
};

void PrintTo(const GuideExample& example, std::ostream* os) {
  *os << "docs/language.md:" << example.line;
}

std::vector<GuideExample> readGuide() {
  std::ifstream in(sourcePath("docs/language.md"));
  std::vector<GuideExample> examples;
  std::string line;
  unsigned number = 0;
  GuideExample* open = nullptr;
  while (std::getline(in, line)) {
    ++number;
    if (!open && (line == "```phonon" || line == "```phonon-error")) {
      examples.push_back({number, line == "```phonon-error", "", "", 0});
      open = &examples.back();
    } else if (open && line == "```") {
      open = nullptr;
    } else if (open) {
      open->text += line + "\n";
      if (line.rfind("-- expect error: ", 0) == 0)
        open->expectError = line.substr(17);
      else if (line.rfind("-- expect: ", 0) == 0)
        open->expectHz = std::stod(line.substr(11));
    }
  }
  return examples;
}

class GuideExamples : public ::testing::TestWithParam<GuideExample> {};

TEST_P(GuideExamples, CompileAndRenderAsTheGuideSays) {
  const GuideExample& example = GetParam();
  std::string name = "guide" + std::to_string(example.line);
  std::string patch = tempDir() + "/" + name + ".ph";
  std::ofstream(patch) << example.text;
  CommandResult compiled = runCommand(phononcBinary() + " '" + patch + "' --emit=ir");
  if (example.error) {
    ASSERT_FALSE(example.expectError.empty()) << "an error example names its error";
    EXPECT_NE(compiled.exitCode, 0) << compiled.output;
    EXPECT_NE(compiled.output.find(name + ".ph:"), std::string::npos) << compiled.output;
    EXPECT_NE(compiled.output.find("error: " + example.expectError), std::string::npos)
        << compiled.output;
    return;
  }
  ASSERT_EQ(compiled.exitCode, 0) << compiled.output;
  std::string wav = tempDir() + "/" + name + ".wav";
  CommandResult rendered =
      runCommand(phononBinary() + " render '" + patch + "' -o '" + wav + "' --duration 2");
  if (rendered.exitCode != 0) {
    // Only what is not written yet may stop it, and then the guide claims nothing it plays.
    std::istringstream lines(rendered.output);
    std::string l;
    while (std::getline(lines, l)) {
      if (l.find("error: ") != std::string::npos) {
        EXPECT_NE(l.find("not available yet"), std::string::npos) << l;
      }
    }
    EXPECT_EQ(example.expectHz, 0) << "an example with `-- expect:` must render";
    return;
  }
  rt::AudioData audio;
  std::string error;
  ASSERT_TRUE(rt::readAudioFile(wav, audio, error)) << error;
  std::vector<float> left = channel(audio, 0);
  EXPECT_TRUE(allFinite(left));
  EXPECT_GT(rms(left), 1e-3) << "an example that renders makes sound";
  if (example.expectHz > 0) {
    EXPECT_NEAR(spectralPeakHz(left, audio.sampleRate), example.expectHz,
                std::max(2.0, 0.005 * example.expectHz));
  }
}

INSTANTIATE_TEST_SUITE_P(Guide, GuideExamples, ::testing::ValuesIn(readGuide()),
                         [](const ::testing::TestParamInfo<GuideExample>& info) {
                           return "line" + std::to_string(info.param.line);
                         });

TEST(GuideExamples, TheGuideHasExamples) {
  EXPECT_GE(readGuide().size(), 15u);
}

} // namespace
} // namespace phonon::test
