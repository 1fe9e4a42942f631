// Textual IR: print → parse → print is the identity for every example patch at every -O level
// (so every pass can be tested alone on text), the parsed module means the same (its patterns
// give the same events), and bad text gets located errors.
#include "PatternSupport.h"
#include "TestSupport.h"

#include "phonon/frontend/Mini.h"
#include "phonon/ir/Parser.h"
#include "phonon/passes/Passes.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace phonon::test {
namespace {

std::vector<std::string> examplePatches() {
  std::vector<std::string> paths;
  for (const char* dir : {"examples", "test/lit/examples"})
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(PHONON_SOURCE_DIR) + "/" + dir))
      if (entry.path().extension() == ".ph") paths.push_back(entry.path().string());
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::optional<ir::Module> parseText(const std::string& text, std::string* errors = nullptr) {
  SourceFile file("t.pir", text);
  DiagnosticEngine diags(&file);
  std::optional<ir::Module> m = ir::parse(file, parseMini, diags);
  std::ostringstream os;
  diags.flush(os);
  if (errors) *errors = os.str();
  return m;
}

TEST(IrTextTest, PrintParsePrintIsTheIdentityForEveryExampleAtEveryLevel) {
  std::vector<std::string> paths = examplePatches();
  ASSERT_GE(paths.size(), 20u);
  for (const std::string& path : paths) {
    std::ifstream in(path);
    std::string source((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (int level = 0; level <= 3; ++level) {
      auto c = compileText(source);
      if (!c->module) continue; // the error examples
      std::ostringstream dump, errors;
      ASSERT_TRUE(passes::runPasses(*c->module, passes::pipelineForLevel(level), {}, dump, errors))
          << path << " -O" << level << "\n"
          << errors.str();
      std::string text = ir::print(*c->module);
      std::string parseErrors;
      std::optional<ir::Module> back = parseText(text, &parseErrors);
      ASSERT_TRUE(back) << path << " -O" << level << "\n" << parseErrors << text;
      EXPECT_TRUE(ir::verify(*back).empty()) << path;
      EXPECT_EQ(ir::print(*back), text) << path << " -O" << level;
      // The same patterns: the same events over four cycles.
      ASSERT_EQ(back->patterns.patterns.size(), c->module->patterns.patterns.size());
      for (size_t s = 0; s < back->patterns.patterns.size(); ++s) {
        EXPECT_EQ(back->patterns.patterns[s].conversion,
                  c->module->patterns.patterns[s].conversion);
        EXPECT_EQ(events(pattern::buildPattern(*back->patterns.patterns[s].expr), R(0), R(4)),
                  events(pattern::buildPattern(*c->module->patterns.patterns[s].expr), R(0), R(4)))
            << path << " slot " << s;
      }
      EXPECT_EQ(back->patterns.start, c->module->patterns.start);
      EXPECT_EQ(back->feedbackCells, c->module->feedbackCells);
    }
  }
}

TEST(IrTextTest, NumbersAndStringsRoundTripExactly) {
  auto c = compileText("tempo: 1/3\nsetCycle 2/7\n"
                       "out: sine (\"110 220\" * 0.1 + 1e-30 + (1/3)) * 0.3\n");
  ASSERT_TRUE(c->module) << c->diagnostics;
  std::string text = ir::print(*c->module);
  EXPECT_NE(text.find("cps 1/3 start 2/7"), std::string::npos) << text;
  // Pattern numbers are the literals' exact values (LANGUAGE §6.1): a decimal where one is
  // exact, else a fraction; a number no 64-bit fraction holds is the float constant, widened.
  EXPECT_NE(text.find("* 0.1)"), std::string::npos) << text;
  EXPECT_NE(text.find("+ 1/3)"), std::string::npos) << text;
  EXPECT_NE(text.find("1e-30f"), std::string::npos) << text;
  std::optional<ir::Module> back = parseText(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(ir::print(*back), text);
  const pattern::PatternExpr& sum = *c->module->patterns.patterns[0].expr;
  const pattern::PatternExpr& sumBack = *back->patterns.patterns[0].expr;
  EXPECT_EQ(sumBack.rhs->exact, Rational(1, 3));
  EXPECT_EQ(sumBack.rhs->exact, sum.rhs->exact);
  EXPECT_EQ(sumBack.lhs->rhs->number, sum.lhs->rhs->number); // 1e-30f
  EXPECT_FALSE(sumBack.lhs->rhs->exact);
  EXPECT_EQ(sumBack.lhs->lhs->rhs->exact, Rational(1, 10));
}

TEST(IrTextTest, ErrorsArePlacedAndEveryBadLineIsReported) {
  std::string errors;
  EXPECT_FALSE(parseText("patch \"x\" cps 1/2 {\n"
                         "  %0 = const 1 : f32 const\n"
                         "  %1 = cnst 1 : f32 const\n"
                         "  %2 = sine(freq %0, tone %0) : f32 audio\n"
                         "  %3 = sine(freq %9, st %0) : f32 audio\n"
                         "  out 0, %1\n"
                         "}\n",
                         &errors));
  EXPECT_NE(errors.find("t.pir:3:8: error: unknown op `cnst` (did you mean `const`?)"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("t.pir:4:22: error: expected port `st`, found `tone`"), std::string::npos)
      << errors;
  EXPECT_NE(errors.find("t.pir:5:18: error: use of undefined value `%9`"), std::string::npos)
      << errors;
  EXPECT_EQ(errors.find("`%1`"), std::string::npos) << errors; // its line was reported
  EXPECT_FALSE(parseText("patch \"x\" cps 0 {\n}\n", &errors));
  EXPECT_NE(errors.find("the tempo must be positive"), std::string::npos) << errors;
  EXPECT_FALSE(
      parseText("patch \"x\" cps 1 {\n  %0 = pattern 0 \"a [b\" : f32 event\n}\n", &errors));
  EXPECT_NE(errors.find("t.pir:2:"), std::string::npos) << errors; // inside the string
}

TEST(IrTextTest, ParsedSchedulesAreVerified) {
  auto c = compileText("out: sine 100 + sine 200 + sine 300\n");
  ASSERT_TRUE(c->module);
  std::ostringstream dump, errors;
  ASSERT_TRUE(passes::runPasses(*c->module, passes::pipelineForLevel(2), {}, dump, errors));
  std::string text = ir::print(*c->module);
  // Moving a buffer number makes two live values share a buffer: the verifier says so.
  size_t at = text.find("@1");
  ASSERT_NE(at, std::string::npos) << text;
  std::string broken = text;
  for (size_t p = broken.find("@1"); p != std::string::npos; p = broken.find("@1", p + 1))
    broken[p + 1] = '0';
  std::optional<ir::Module> back = parseText(broken);
  ASSERT_TRUE(back);
  std::vector<std::string> problems = ir::verify(*back);
  ASSERT_FALSE(problems.empty()) << broken;
  EXPECT_NE(problems[0].find("buffer 0 holds"), std::string::npos) << problems[0];
}

} // namespace
} // namespace phonon::test
