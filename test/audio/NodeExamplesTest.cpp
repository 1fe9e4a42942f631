// Every row of the node table has an example (nodes/NodeTable.def's EXAMPLE column, shown by
// `phonon nodes NAME` and docs/nodes.md), and every example is a program that works: rendered
// for 1 s through `phonon render`, it compiles without a warning, is finite, is not silent and
// does not clip. The example uses its row: a node or pattern function is named in it (by its name
// or an alias), and the IR of an operator's example (`+`, a per-channel part of `pan`, the pair
// row of a stereo reverb) has the operator's op. A row whose kernel is not written yet (`tap`)
// is refused as not available yet, until it is written; then its example must render too.
#include "AudioAnalysis.h"

#include "phonon/nodes/Catalogue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <string_view>

namespace phonon::test {
namespace {

using nodes::NodeInfo;

constexpr double kSeconds = 1.0;
constexpr size_t kRate = 48000;

std::vector<const NodeInfo*> everyRow() {
  std::vector<const NodeInfo*> rows;
  for (const NodeInfo& n : nodes::table()) rows.push_back(&n);
  return rows;
}

bool isWordCharacter(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

/// Whether `word` stands in `text` as a whole word, outside strings (`s "bd"` names `s`; the
/// `bd` inside the quotes names no node).
bool namesWord(std::string_view text, std::string_view word) {
  bool inString = false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '"') inString = !inString;
    if (inString || text.compare(i, word.size(), word) != 0) continue;
    bool startsWord = i == 0 || !isWordCharacter(text[i - 1]);
    size_t end = i + word.size();
    bool endsWord = end == text.size() || !isWordCharacter(text[end]);
    if (startsWord && endsWord) return true;
  }
  return false;
}

bool namesRow(std::string_view text, const NodeInfo& n) {
  if (namesWord(text, n.name)) return true;
  for (unsigned i = 0; i < n.numAliases; ++i)
    if (namesWord(text, n.aliases[i])) return true;
  return false;
}

class NodeExampleTest : public ::testing::TestWithParam<const NodeInfo*> {};

TEST_P(NodeExampleTest, Renders) {
  const NodeInfo& n = *GetParam();
  ASSERT_NE(n.example, nullptr) << n.name << ": no EXAMPLE in nodes/NodeTable.def";
  ASSERT_NE(n.exampleSoundsLike, nullptr) << n.name;
  EXPECT_GT(std::string_view(n.exampleSoundsLike).size(), 10u)
      << n.name << ": the example says what it sounds like";
  std::string example = n.example;
  if (!n.has(nodes::NodeOperator)) {
    EXPECT_TRUE(namesRow(example, n)) << n.name << ": the example does not use it:\n" << example;
  }

  // A directory of its own, the current directory of the render: `tap` writes its file there.
  std::string dir = tempDir() + "/example-" + n.name;
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/example.ph") << example << "\n";
  CommandResult r =
      runCommand("cd '" + dir + "' && '" + phononBinary() +
                 "' render example.ph -o example.wav --duration " + std::to_string(kSeconds));
  bool runs = n.hasKernel() || n.has(nodes::NodePatternFunction);
  if (!runs) {
    EXPECT_NE(r.exitCode, 0) << n.name << " has no kernel, yet its example rendered";
    EXPECT_NE(r.output.find("`" + std::string(n.name) + "` is not available yet"),
              std::string::npos)
        << r.output;
    return;
  }
  ASSERT_EQ(r.exitCode, 0) << example << "\n" << r.output;
  EXPECT_EQ(r.output.find("warning:"), std::string::npos) << example << "\n" << r.output;

  rt::AudioData audio;
  std::string error;
  ASSERT_TRUE(rt::readAudioFile(dir + "/example.wav", audio, error)) << error;
  std::vector<float> left = channel(audio, 0), right = channel(audio, 1);
  ASSERT_EQ(left.size(), static_cast<size_t>(kSeconds * kRate)) << example;
  EXPECT_TRUE(allFinite(left) && allFinite(right)) << example;
  double level = std::max(rms(left), rms(right));
  EXPECT_GT(level, 1e-4) << example << "\nis silent";
  EXPECT_LE(std::max(peak(left), peak(right)), 1.0) << example << "\nclips";

  // An operator is written by sema (or split-channels) for another form: the example's IR after
  // the passes must hold the operator's op, or the example shows some other row.
  if (n.has(nodes::NodeOperator)) {
    CommandResult ir =
        runCommand("cd '" + dir + "' && '" + phononcBinary() + "' example.ph --emit=ir -O2");
    ASSERT_EQ(ir.exitCode, 0) << ir.output;
    EXPECT_TRUE(namesWord(ir.output, n.name)) << n.name << ": not in the IR of its example\n"
                                              << example << "\n"
                                              << ir.output;
  }
}

INSTANTIATE_TEST_SUITE_P(EveryRow, NodeExampleTest, ::testing::ValuesIn(everyRow()),
                         [](const ::testing::TestParamInfo<const NodeInfo*>& info) {
                           return std::string(info.param->name);
                         });

// The word matching the checks above rely on.
TEST(NodeExampleWords, NamesWholeWordsOutsideStrings) {
  EXPECT_TRUE(namesWord("out: saw 110 # lpf 800 0.7 * 0.3", "lpf"));
  EXPECT_FALSE(namesWord("out: saw 110 # svf_lp 800 * 0.3", "lp"));
  EXPECT_FALSE(namesWord("out: sine_trig \"c5\" * 0.3", "sine"));
  EXPECT_FALSE(namesWord("out: s \"bd sn\" # gain 0.5", "sn"));
  EXPECT_TRUE(namesWord("out: s \"bd sn\" # gain 0.5", "s"));
  EXPECT_TRUE(namesWord("~x: noise\nout: stereo ~x ~x", "stereo"));
}

} // namespace
} // namespace phonon::test
