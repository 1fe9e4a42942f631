// The examples of docs/language.md: each ```phonon block compiles and renders, and every
// `-- expect:` line of it holds; each ```phonon-error block fails with the error its `-- expect
// error:` line names.
//
// An example is rendered for 2 s. Its expectations, each optionally over a window of the left
// channel (`… from A to B s`, else the whole render):
//   -- expect: 440 Hz              the strongest spectral component is at 440 Hz
//   -- expect: 784 Hz at 0.1       a component at 784 Hz has amplitude 0.1 (±10 %)
//   -- expect: rms 0.14            the RMS level is 0.14 (±5 %)
//   -- expect: silence             the RMS level is below −80 dBFS
#include "AudioAnalysis.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace phonon::test {
namespace {

constexpr double kRenderSeconds = 2.0;

struct Expectation {
  enum Kind { PeakHz, AmplitudeAt, Rms, Silence } kind = PeakHz;
  double hz = 0;    ///< PeakHz, AmplitudeAt
  double level = 0; ///< AmplitudeAt, Rms
  double from = 0, to = kRenderSeconds;
  std::string text; ///< the line, for messages
};

struct GuideExample {
  unsigned line = 0; ///< of the opening fence in docs/language.md
  bool error = false;
  std::string text;
  std::string expectError; ///< `-- expect error: …`
  std::vector<Expectation> expectations;
  std::vector<std::string> malformed; ///< `-- expect:` lines this test cannot read
};

void PrintTo(const GuideExample& example, std::ostream* os) {
  *os << "docs/language.md:" << example.line;
}

/// Reads what follows `-- expect: `; false when it is not one of the forms above.
bool parseExpectation(const std::string& spec, Expectation& e) {
  e = Expectation{};
  e.text = spec;
  std::istringstream in(spec);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  auto number = [](const std::string& w, double& out) {
    std::istringstream s(w);
    return static_cast<bool>(s >> out) && s.eof();
  };
  // `from A to B s` at the end.
  size_t n = words.size();
  if (n >= 5 && words[n - 5] == "from" && words[n - 3] == "to" && words[n - 1] == "s") {
    if (!number(words[n - 4], e.from) || !number(words[n - 2], e.to) || e.from < 0 ||
        e.to <= e.from || e.to > kRenderSeconds)
      return false;
    words.resize(n - 5);
    n -= 5;
  }
  if (n == 2 && words[1] == "Hz") {
    e.kind = Expectation::PeakHz;
    return number(words[0], e.hz) && e.hz > 0;
  }
  if (n == 4 && words[1] == "Hz" && words[2] == "at") {
    e.kind = Expectation::AmplitudeAt;
    return number(words[0], e.hz) && number(words[3], e.level) && e.hz > 0 && e.level > 0;
  }
  if (n == 2 && words[0] == "rms") {
    e.kind = Expectation::Rms;
    return number(words[1], e.level) && e.level > 0;
  }
  if (n == 1 && words[0] == "silence") {
    e.kind = Expectation::Silence;
    return true;
  }
  return false;
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
      examples.push_back({number, line == "```phonon-error", "", "", {}, {}});
      open = &examples.back();
    } else if (open && line == "```") {
      open = nullptr;
    } else if (open) {
      open->text += line + "\n";
      if (line.rfind("-- expect error: ", 0) == 0) {
        open->expectError = line.substr(17);
      } else if (line.rfind("-- expect", 0) == 0) {
        Expectation e;
        if (line.rfind("-- expect: ", 0) == 0 && parseExpectation(line.substr(11), e))
          open->expectations.push_back(e);
        else
          open->malformed.push_back(line);
      }
    }
  }
  return examples;
}

void check(const Expectation& e, const std::vector<float>& left, double sampleRate) {
  std::vector<float> x =
      slice(left, static_cast<size_t>(e.from * sampleRate), static_cast<size_t>(e.to * sampleRate));
  SCOPED_TRACE("-- expect: " + e.text);
  ASSERT_FALSE(x.empty());
  switch (e.kind) {
  case Expectation::PeakHz:
    EXPECT_NEAR(spectralPeakHz(x, sampleRate), e.hz, std::max(2.0, 0.005 * e.hz));
    break;
  case Expectation::AmplitudeAt:
    EXPECT_NEAR(amplitudeAt(x, sampleRate, e.hz), e.level, 0.1 * e.level);
    break;
  case Expectation::Rms:
    EXPECT_NEAR(rms(x), e.level, 0.05 * e.level);
    break;
  case Expectation::Silence:
    EXPECT_LT(rms(x), 1e-4);
    break;
  }
}

class GuideExamples : public ::testing::TestWithParam<GuideExample> {};

TEST_P(GuideExamples, CompileAndRenderAsTheGuideSays) {
  const GuideExample& example = GetParam();
  for (const std::string& line : example.malformed)
    ADD_FAILURE() << "cannot read `" << line << "` (see GuideExamplesTest.cpp for the forms)";
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
  CommandResult rendered = runCommand(phononBinary() + " render '" + patch + "' -o '" + wav +
                                      "' --duration " + std::to_string(kRenderSeconds));
  // Every node of the catalogue runs, so every example renders (issue 13): none is refused.
  ASSERT_EQ(rendered.exitCode, 0) << rendered.output;
  rt::AudioData audio;
  std::string error;
  ASSERT_TRUE(rt::readAudioFile(wav, audio, error)) << error;
  std::vector<float> left = channel(audio, 0);
  EXPECT_TRUE(allFinite(left));
  EXPECT_GT(rms(left), 1e-3) << "an example that renders makes sound";
  EXPECT_FALSE(example.expectations.empty())
      << "an example that renders says what it sounds like (`-- expect:`)";
  for (const Expectation& e : example.expectations) check(e, left, audio.sampleRate);
}

INSTANTIATE_TEST_SUITE_P(Guide, GuideExamples, ::testing::ValuesIn(readGuide()),
                         [](const ::testing::TestParamInfo<GuideExample>& info) {
                           return "line" + std::to_string(info.param.line);
                         });

TEST(GuideExamples, TheGuideHasExamples) {
  EXPECT_GE(readGuide().size(), 15u);
}

TEST(GuideExamples, ExpectationsReadAsDocumented) {
  Expectation e;
  ASSERT_TRUE(parseExpectation("220 Hz from 0.25 to 0.5 s", e));
  EXPECT_EQ(e.kind, Expectation::PeakHz);
  EXPECT_EQ(e.hz, 220);
  EXPECT_EQ(e.from, 0.25);
  EXPECT_EQ(e.to, 0.5);
  ASSERT_TRUE(parseExpectation("784 Hz at 0.1", e));
  EXPECT_EQ(e.kind, Expectation::AmplitudeAt);
  EXPECT_EQ(e.level, 0.1);
  EXPECT_EQ(e.to, kRenderSeconds);
  ASSERT_TRUE(parseExpectation("silence from 1 to 1.5 s", e));
  EXPECT_EQ(e.kind, Expectation::Silence);
  ASSERT_TRUE(parseExpectation("rms 0.14", e));
  EXPECT_EQ(e.kind, Expectation::Rms);
  EXPECT_FALSE(parseExpectation("440", e));
  EXPECT_FALSE(parseExpectation("440 Hz from 0.5 to 0.25 s", e));
  EXPECT_FALSE(parseExpectation("440 Hz from 0 to 3 s", e)); // past the 2 s render
  EXPECT_FALSE(parseExpectation("loud", e));
}

} // namespace
} // namespace phonon::test
