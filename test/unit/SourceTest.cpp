#include "phonon/support/Source.h"

#include <gtest/gtest.h>

#include <sstream>

namespace phonon {
namespace {

TEST(SourceTest, LineAndColumnCountCharactersFromOne) {
  SourceFile f("x.ph", "ab\n\xc3\xa9z\n\nq");
  EXPECT_EQ(f.lineCount(), 4u);
  EXPECT_EQ(f.lineCol(0).line, 1u);
  EXPECT_EQ(f.lineCol(1).col, 2u);
  EXPECT_EQ(f.lineCol(3).line, 2u);
  EXPECT_EQ(f.lineCol(5).col, 2u);  // 'z' after the two-byte 'é'
  EXPECT_EQ(f.lineCol(7).line, 3u); // the empty line
  EXPECT_EQ(f.lineCol(8).line, 4u);
  EXPECT_EQ(f.lineText(2), "\xc3\xa9z");
  EXPECT_EQ(f.lineText(3), "");
}

TEST(SourceTest, ErrorsShowFileLineColumnSourceAndARangeUnderline) {
  SourceFile f("p.ph", "tempo: 1\nout: sinee 440\n");
  DiagnosticEngine diags(&f);
  auto& d = diags.error(SourceRange{14, 19}, "unknown function `sinee`");
  DiagnosticEngine::help(d, "did you mean `sine`?");
  EXPECT_EQ(diags.format(d), "p.ph:2:6: error: unknown function `sinee`\n"
                             "out: sinee 440\n"
                             "     ^~~~~\n"
                             "help: did you mean `sine`?\n");
  EXPECT_EQ(diags.errorCount(), 1u);
}

TEST(SourceTest, TabsArePreservedBeforeTheCaret) {
  SourceFile f("t.ph", "\tout: x\n");
  DiagnosticEngine diags(&f);
  auto& d = diags.warning(SourceRange::at(6), "w");
  EXPECT_EQ(diags.format(d), "t.ph:1:7: warning: w\n\tout: x\n\t     ^\n");
}

TEST(SourceTest, NotesPointAtTheirOwnPlace) {
  SourceFile f("n.ph", "~a: 1\n~a: 2\n");
  DiagnosticEngine diags(&f);
  auto& d = diags.error(SourceRange{6, 8}, "bus `~a` is defined twice");
  DiagnosticEngine::note(d, SourceRange{0, 2}, "first defined here");
  std::string text = diags.format(d);
  EXPECT_NE(text.find("n.ph:2:1: error"), std::string::npos);
  EXPECT_NE(text.find("n.ph:1:1: note: first defined here\n~a: 1\n^~\n"), std::string::npos);
}

TEST(SourceTest, AVeryLongLineIsShownAsAWindowAroundTheCaret) {
  std::string line(100000, 'x');
  line[50000] = 'Y';
  SourceFile f("long.ph", line);
  DiagnosticEngine diags(&f);
  auto& d = diags.error(SourceRange::at(50000), "here");
  std::string text = diags.format(d);
  EXPECT_LT(text.size(), 500u);
  size_t lineStart = text.find('\n') + 1;
  size_t lineEnd = text.find('\n', lineStart);
  size_t caret = text.find('^');
  EXPECT_EQ(text[lineStart + (caret - lineEnd - 1)], 'Y');
}

TEST(SourceTest, FlushPrintsInSourceOrderAndKeepsCounting) {
  SourceFile f("o.ph", "a\nb\n");
  DiagnosticEngine diags(&f);
  diags.error(SourceRange::at(2), "second");
  diags.warning(SourceRange::at(0), "first");
  std::ostringstream os;
  diags.flush(os);
  EXPECT_LT(os.str().find("first"), os.str().find("second"));
  EXPECT_EQ(diags.errorCount(), 1u);
  EXPECT_TRUE(diags.diagnostics().empty());
}

TEST(SourceTest, SuggestsOnlyPlausibleTypos) {
  std::vector<std::string> names = {"sine", "saw", "square", "lpf", "hpf", "triangle"};
  EXPECT_EQ(closestMatch("sinee", names), "sine");
  EXPECT_EQ(closestMatch("lfp", names), "lpf");
  EXPECT_EQ(closestMatch("triangel", names), "triangle");
  EXPECT_EQ(closestMatch("reverb", names), "");
  EXPECT_EQ(closestMatch(std::string(1000, 'a'), names), "");
}

} // namespace
} // namespace phonon
