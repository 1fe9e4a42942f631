#include "TestSupport.h"

#include <gtest/gtest.h>

namespace phonon::test {
namespace {

std::string astOf(const std::string& text) {
  auto c = compileText(text);
  std::string printed = ast::print(c->program, *c->file);
  // Drop the ranges: these tests are about structure.
  std::string out;
  for (size_t i = 0; i < printed.size(); ++i) {
    if (printed[i] == ' ' && i + 1 < printed.size() && printed[i + 1] == '<') {
      i = printed.find('>', i);
      continue;
    }
    out += printed[i];
  }
  return out.substr(out.find('\n') + 1);
}

/// The leaves of `e` in the order ast::forEachChild reaches them, depth first.
void leavesOf(const ast::Expr& e, std::string& out) {
  if (e.kind == ast::ExprKind::Number) out += ast::as<ast::Number>(e).text + " ";
  if (e.kind == ast::ExprKind::Name) out += ast::as<ast::Name>(e).name + " ";
  if (e.kind == ast::ExprKind::Bus) out += "~" + ast::as<ast::Bus>(e).name + " ";
  if (e.kind == ast::ExprKind::Template) out += "@" + ast::as<ast::Template>(e).name + " ";
  if (e.kind == ast::ExprKind::String) out += "\"" + ast::as<ast::String>(e).text + "\" ";
  if (e.kind == ast::ExprKind::Call) out += ast::as<ast::Call>(e).callee + "( ";
  ast::forEachChild(e, [&](const ast::Expr& child) { leavesOf(child, out); });
}

TEST(ParserTest, ForEachChildReachesEverySubExpressionInSourceOrder) {
  auto c = compileText("out: f 1 :k (-2) [3, ~b] # g @t $ (|+ 4) $ (# h 5 # i) $ \"x\" * (6 <~ y)");
  ASSERT_EQ(c->program.statements.size(), 1u);
  std::string leaves;
  leavesOf(*c->program.statements[0].values[0], leaves);
  EXPECT_EQ(leaves, "f( 1 2 3 ~b g( @t 4 h( 5 i \"x\" 6 y ");
}

TEST(ParserTest, PrecedenceFollowsTheLanguage) {
  EXPECT_EQ(astOf("out: sine 440 * 0.5 + 0.5"), "  OutStmt out\n"
                                                "    Binary +\n"
                                                "      Binary *\n"
                                                "        Call sine\n"
                                                "          Number 440\n"
                                                "        Number 0.5\n"
                                                "      Number 0.5\n");
  EXPECT_EQ(astOf("out: -sine 1 * 2"), "  OutStmt out\n"
                                       "    Binary *\n"
                                       "      Negate\n"
                                       "        Call sine\n"
                                       "          Number 1\n"
                                       "      Number 2\n");
}

TEST(ParserTest, ArgumentsArePrimariesAndNestedCallsNeedParentheses) {
  EXPECT_EQ(astOf("out: sine (sine 0.5 * 100 + 300)"), "  OutStmt out\n"
                                                       "    Call sine\n"
                                                       "      Paren\n"
                                                       "        Binary +\n"
                                                       "          Binary *\n"
                                                       "            Call sine\n"
                                                       "              Number 0.5\n"
                                                       "            Number 100\n"
                                                       "          Number 300\n");
  EXPECT_EQ(astOf("out: saw ~f noise"), "  OutStmt out\n"
                                        "    Call saw\n"
                                        "      Bus ~f\n"
                                        "      Name noise\n");
}

TEST(ParserTest, StatementFormsWithColonOrDollar) {
  EXPECT_EQ(astOf("~a $ sine 1\nout $ ~a"), "  BusStmt ~a\n    Call sine\n      Number 1\n"
                                            "  OutStmt out\n    Bus ~a\n");
  EXPECT_EQ(astOf("cps: 1\nbpm: 120 2\nout: 1"), "  TempoStmt cps\n    Number 1\n"
                                                 "  BpmStmt\n    Number 120\n    Number 2\n"
                                                 "  OutStmt out\n    Number 1\n");
}

TEST(ParserTest, CommentsAndSeparatorLines) {
  // A comment-only line ends a statement even when indented; `#` never starts a comment.
  EXPECT_EQ(astOf("~a: sine 1 -- the lfo\n  -- a note\n  * 2\nout: ~a"),
            "  BusStmt ~a\n    Call sine\n      Number 1\n"
            "  OutStmt out\n    Bus ~a\n");
  auto c = compileText("~a: sine 1 -- the lfo\n  -- a note\n  * 2\nout: ~a");
  EXPECT_NE(c->diagnostics.find("3:3: error: a statement must define something"), std::string::npos)
      << c->diagnostics;
}

TEST(ParserTest, StringsMayContinueAStatementAcrossLines) {
  auto c = compileText("out: sine \"1\n2\"\n");
  EXPECT_TRUE(c->module) << c->diagnostics;
  EXPECT_EQ(ast::print(c->program, *c->file).find("String \"1\n2\" <1:11-2:3>") !=
                std::string::npos,
            true)
      << ast::print(c->program, *c->file);
}

TEST(ParserTest, EveryBadStatementIsReported) {
  // (An open parenthesis continues the statement up to the next blank line.)
  auto c = compileText("~a: (\n\n~b: )\n~c: 1 +\nout: ~a");
  EXPECT_NE(c->diagnostics.find("1:5: error: unclosed '('"), std::string::npos);
  EXPECT_NE(c->diagnostics.find("3:5: error: unmatched ')'"), std::string::npos);
  EXPECT_NE(c->diagnostics.find("4:8: error: expected an expression after '+'"), std::string::npos);
  // ~a was defined, if badly: no "unknown bus" cascade.
  EXPECT_EQ(c->diagnostics.find("unknown bus"), std::string::npos) << c->diagnostics;
}

TEST(ParserTest, NoInputCrashesTheParser) {
  // A crude sweep over short token soups: everything must come back with diagnostics or IR.
  const char* pieces[] = {"out", ":", "~a", "(", ")",     "-",   "1",  "#",  "sine", "$",  "\"x\"",
                          "*",   "/", "\n", " ", "tempo", "lpf", ".5", "1.", "|+",   "@t", "?"};
  uint32_t state = 12345;
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    int n = 1 + round % 12;
    for (int i = 0; i < n; ++i) {
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      text += pieces[state % (sizeof pieces / sizeof *pieces)];
      text += ' ';
    }
    auto c = compileText(text);
    EXPECT_TRUE(c->module.has_value() || !c->diagnostics.empty()) << text;
  }
}

} // namespace
} // namespace phonon::test
