// Every name of LANGUAGE §6 resolves in a patch, and the transforms whose arguments are lists,
// words, optional amounts or a second pattern (`euclidFull`, `foldEvery`, `fit`, `groove`,
// `weave`) give the spec's events when written in a patch, through sema, the pattern program
// and the transform table.
#include "PatternSupport.h"
#include "TestSupport.h"

#include "phonon/pattern/Ops.h"
#include "phonon/pattern/Program.h"

#include <cstdlib>
#include <fstream>
#include <regex>

namespace phonon::test {
namespace {

/// The pattern that `expr` becomes as the frequency of a sine (`out: sine (expr)`).
PatternV patchPattern(const std::string& expr) {
  auto c = compileText("out: sine (" + expr + ") * 0.1\n");
  if (!c->module || c->module->patterns.patterns.empty()) {
    ADD_FAILURE() << expr << ":\n" << c->diagnostics;
    return silence<Value>();
  }
  return buildPattern(*c->module->patterns.patterns[0].expr);
}

/// The sound pattern that `expr` becomes as an output (`out: expr`).
PatternV patchVoices(const std::string& expr) {
  auto c = compileText("out: " + expr + "\n");
  if (!c->module || c->module->voices.empty()) {
    ADD_FAILURE() << expr << ":\n" << c->diagnostics;
    return silence<Value>();
  }
  return buildPattern(*c->module->voices[0]);
}

std::string patchErrors(const std::string& statement) {
  return compileText(statement + "\n")->diagnostics;
}

TEST(TransformCatalogueTest, EuclidFull) {
  // LANGUAGE §6.2: `euclidFull 3 8 "a" "b"` → a b b a b b a b: pa on the pulses, pb on the rest.
  const char* expected = "1@0-1/8 2@1/8-1/4 2@1/4-3/8 1@3/8-1/2 2@1/2-5/8 2@5/8-3/4 "
                         "1@3/4-7/8 2@7/8-1";
  EXPECT_EVENTS(patchPattern("euclidFull 3 8 \"1\" \"2\""), R(0), R(1), expected);
  // Its last argument is the pattern it transforms (§6.1), so it also follows `$`.
  EXPECT_EVENTS(patchPattern("\"2\" $ euclidFull 3 8 \"1\""), R(0), R(1), expected);
  // Words on both sides: the result is still a pattern of words, so `s` takes it.
  EXPECT_EQ(onsetValues(patchVoices("s (euclidFull 3 8 \"bd\" \"hh\")"), R(0), R(1)),
            R"({"s":"bd"} {"s":"hh"} {"s":"hh"} {"s":"bd"} {"s":"hh"} {"s":"hh"} {"s":"bd"})"
            R"( {"s":"hh"})");
}

TEST(TransformCatalogueTest, FoldEvery) {
  // f once for each n of the list with c mod n = 0: twice in cycle 0, once in 2 and 3.
  EXPECT_EVENTS(patchPattern("\"0\" $ foldEvery [2, 3] (|+ 10)"), R(0), R(4),
                "20@0-1 0@1-2 10@2-3 10@3-4");
  // The list items may be patterns: `<2 4>` is 2 in even cycles and 4 in odd ones.
  EXPECT_EQ(onsetValues(patchPattern("\"0\" $ foldEvery [\"<2 4>\"] (|+ 10)"), R(0), R(4)),
            "10 0 10 0");
}

TEST(TransformCatalogueTest, Fit) {
  // Event value k of cycle c becomes v[(k + c·step) mod len].
  EXPECT_EVENTS(patchPattern("\"0 1\" $ fit 1 [0, 2, 7]"), R(0), R(2),
                "0@0-1/2 2@1/2-1 2@1-3/2 7@3/2-2");
  EXPECT_EQ(onsetValues(patchPattern("\"0 1 2\" $ fit 2 [10, 20, 30, 40]"), R(0), R(3)),
            "10 20 30 30 40 10 10 20 30");
}

TEST(TransformCatalogueTest, Groove) {
  // `jazz` is swingBy (1/3) 4: the swingBy example of §6.2, onsets 0, 5/24, 1/4, 11/24 …
  // (compared with the exact swingBy of the engine: a literal `(1/3)` in a patch is a float).
  PatternV jazz = patchPattern("\"1*8\" $ groove \"jazz\"");
  EXPECT_EQ(events(jazz, R(0), R(2)), events(swingBy(frac(1, 3), num(4), mini("1*8")), R(0), R(2)));
  std::vector<Rational> onsets;
  for (const EventV& e : jazz.query(Span{R(0), R(1)}))
    if (e.hasOnset()) onsets.push_back(e.part.begin);
  std::sort(onsets.begin(), onsets.end());
  EXPECT_EQ(onsets, (std::vector<Rational>{R(0), R(5, 24), R(1, 4), R(11, 24), R(1, 2), R(17, 24),
                                           R(3, 4), R(23, 24)}));
  // The amount scales the swing; written as a call with the pattern last, too.
  EXPECT_EQ(events(patchPattern("groove \"mpc\" 0.5 \"1*8\""), R(0), R(2)),
            events(swingBy(frac(1, 12), num(4), mini("1*8")), R(0), R(2)));
  EXPECT_EQ(events(patchPattern("groove \"one_drop\" \"1*8\""), R(0), R(2)),
            events(swingBy(frac(1, 2), num(2), mini("1*8")), R(0), R(2)));
  // drunken = humanize (0.02·amount) 0 (an amount whose product is exact in binary, as the
  // literal 0.5 is).
  EXPECT_EQ(events(patchVoices("s \"bd*4\" $ groove \"drunken\" 25"), R(0), R(2)),
            events(patchVoices("s \"bd*4\" $ humanize 0.5 0"), R(0), R(2)));
}

TEST(TransformCatalogueTest, Weave) {
  // stack over i < k of (p_i # late (i·t/k) (slow t ctl)): with t = 2, k = 2 the second
  // layer reads the control one cycle late.
  PatternV w = patchVoices("weave 2 (pan \"0 1\") [s \"a\", s \"b\"]");
  EXPECT_EVENTS(w, R(0), R(2),
                R"({"pan":0,"s":"a"}@0-1 {"pan":1,"s":"b"}@0-1 {"pan":1,"s":"a"}@1-2 )"
                R"({"pan":0,"s":"b"}@1-2)");
}

TEST(TransformCatalogueTest, MathFunctionsMapPatternValues) {
  // LANGUAGE §6.3: the math functions of §7.8 map pattern values pointwise, structure kept.
  EXPECT_EVENTS(patchPattern("\"4 9\" $ sqrt"), R(0), R(1), "2@0-1/2 3@1/2-1");
  EXPECT_EVENTS(patchPattern("sqrt \"4 9\""), R(0), R(1), "2@0-1/2 3@1/2-1");
  EXPECT_EQ(onsetValues(patchPattern("\"-2 0 3\" $ sign"), R(0), R(1)), "-1 0 1");
  EXPECT_EQ(onsetValues(patchPattern("abs \"-2 3\""), R(0), R(1)), "2 3");
  EXPECT_EQ(onsetValues(patchPattern("\"0 -4\" $ sqrt"), R(0), R(1)), "0 0");
  EXPECT_EQ(onsetValues(patchPattern("\"0 1\" $ exp $ log"), R(0), R(1)), "0 1");
  EXPECT_EQ(onsetValues(patchPattern("\"1 0\" $ log"), R(0), R(1)), "0 -69.07755278982137");
  EXPECT_EQ(onsetValues(patchPattern("\"0\" $ tanh"), R(0), R(1)), "0");
  // In a chain with transforms, and as a transform's function argument.
  EXPECT_EVENTS(patchPattern("\"4 9\" $ fast 2 $ sqrt"), R(0), R(1),
                "2@0-1/4 3@1/4-1/2 2@1/2-3/4 3@3/4-1");
  EXPECT_EQ(onsetValues(patchPattern("\"4 9\" $ every 1 sqrt"), R(0), R(1)), "2 3");
}

TEST(TransformCatalogueTest, MathFunctionsStayNodesOnSignals) {
  // On a signal (and after `#`) the same names are the nodes of §7.8, per sample.
  for (const char* patch : {"out: sqrt (saw 1) * 0.1\n", "out: saw 1 $ sqrt\n",
                            "out: saw 110 # tanh\n", "out: sqrt 4 * saw 1\n"}) {
    auto c = compileText(patch);
    ASSERT_TRUE(c->module) << patch << c->diagnostics;
    EXPECT_TRUE(c->module->patterns.patterns.empty()) << patch;
    bool node = false;
    for (const ir::Instr& in : c->module->instrs)
      node = node || (in.op == ir::Opcode::Node && (std::string_view(in.node->name) == "sqrt" ||
                                                    std::string_view(in.node->name) == "tanh"));
    EXPECT_TRUE(node) << patch;
  }
  // Words are not numbers, wherever they are.
  EXPECT_NE(patchErrors("out: sine (\"bd sn\" $ sqrt)").find("is not a number or a note name"),
            std::string::npos);
}

TEST(TransformCatalogueTest, TimeArgumentsAreExact) {
  // LANGUAGE §6.1: `(1/3)` is exact, so `swingBy (1/3) 4` delays every second eighth by
  // exactly 1/12 of a cycle: the second event starts at 5/24, not at a float's neighbour.
  PatternV swung = patchPattern("\"1*8\" $ swingBy (1/3) 4");
  EXPECT_EQ(events(swung, R(0), R(1, 4)), "1@-1/24-1/12{0-1/12} 1@0-1/8 1@5/24-1/3{5/24-1/4}");
  EXPECT_EQ(events(swung, R(0), R(1)),
            events(swingBy(pureTime(R(1, 3)), pureNumber(4), mini("1*8")), R(0), R(1)));
  // Every constant expression of literals is exact: `0.1 * 2 + 1/6` is 11/30.
  EXPECT_EQ(events(patchPattern("(0.1 * 2 + 1/6) ~> \"1\""), R(0), R(1)),
            "1@-19/30-11/30{0-11/30} 1@11/30-41/30{11/30-1}");
}

TEST(TransformCatalogueTest, ArgumentErrors) {
  EXPECT_NE(patchErrors("out: sine (\"1\" $ groove \"polka\")").find("unknown groove `polka`"),
            std::string::npos);
  EXPECT_NE(patchErrors("out: sine (\"1\" $ groove jazz)")
                .find("`groove` takes a name here, written as a string"),
            std::string::npos);
  EXPECT_NE(
      patchErrors("out: sine (\"1\" $ foldEvery 2 rev)").find("`foldEvery` takes a list here"),
      std::string::npos);
  EXPECT_NE(patchErrors("out: sine (\"1\" $ fit 1 [\"0 1\"])")
                .find("`fit` takes constant numbers in this list"),
            std::string::npos);
  EXPECT_NE(patchErrors("out: sine (\"1\" $ groove)")
                .find("`groove` takes 1 or 2 arguments before its pattern"),
            std::string::npos);
  EXPECT_NE(patchErrors("out: sine (euclidFull 3 8 (saw 2) \"1\")")
                .find("`euclidFull` takes a pattern here, not a signal"),
            std::string::npos);
}

TEST(TransformCatalogueTest, TheTransformTableTakesListsWordsAndAmounts) {
  // The same transforms through the table that `phonon query --ops` uses.
  const OpInfo* fit = findOp("fit");
  ASSERT_NE(fit, nullptr);
  std::vector<OpArg> args(2);
  args[0].pattern = num(1);
  args[1].values = {Value::word("a"), Value::word("b"), Value::word("c")};
  EXPECT_EQ(onsetValues(fit->apply(args, mini("0 1")), R(0), R(2)), "a b b c");

  const OpInfo* groove = findOp("groove");
  ASSERT_NE(groove, nullptr);
  EXPECT_STREQ(groove->args, "wo");
  args.assign(2, OpArg{});
  args[0].word = "hiphop";
  args[1].pattern = num(1);
  EXPECT_EQ(events(groove->apply(args, mini("a*8")), R(0), R(1)),
            events(swingBy(frac(1, 4), num(4), mini("a*8")), R(0), R(1)));

  const OpInfo* euclidFull = findOp("euclidFull");
  ASSERT_NE(euclidFull, nullptr);
  args.assign(3, OpArg{});
  args[0].pattern = num(3);
  args[1].pattern = num(8);
  args[2].pattern = mini("a");
  EXPECT_EQ(onsetValues(euclidFull->apply(args, mini("b")), R(0), R(1)), "a b b a b b a b");
}

// ---- the names of the spec -------------------------------------------------------------------

/// The names (and aliases) in the first column of every table of LANGUAGE §6.2 and §6.3:
/// the first word of each code span there that is a name (`<~` and `~>` are operators).
std::vector<std::string> catalogueNames(const std::string& spec) {
  std::vector<std::string> names;
  size_t from = spec.find("\n### 6.2");
  size_t to = spec.find("\n## 7.", from);
  if (from == std::string::npos || to == std::string::npos) return names;
  std::istringstream section(spec.substr(from, to - from));
  static const std::regex span("`([^`]*)`");
  static const std::regex name("[A-Za-z_][A-Za-z0-9_']*");
  for (std::string line; std::getline(section, line);) {
    if (line.rfind("| `", 0) != 0) continue;
    std::string cell = line.substr(0, line.find(" | "));
    for (std::sregex_iterator it(cell.begin(), cell.end(), span), end; it != end; ++it) {
      std::string first = (*it)[1].str().substr(0, (*it)[1].str().find(' '));
      if (std::regex_match(first, name)) names.push_back(first);
    }
  }
  return names;
}

/// Whether sema reports `name` as an unknown function where a transform stands (after `$`)
/// or where a pattern function does (as a value).
bool unknownInPatches(const std::string& name) {
  for (const std::string& statement :
       {"out: sine (\"c4 e4\" $ " + name + ")", "out: sine (" + name + ")"})
    if (patchErrors(statement).find("unknown function `" + name + "`") != std::string::npos)
      return true;
  return false;
}

TEST(TransformCatalogueTest, EveryNameOfTheSpecResolves) {
  std::string spec = languageReference();
  if (spec.empty()) GTEST_SKIP() << "no ../shared/LANGUAGE.md beside the checkout";
  std::vector<std::string> names = catalogueNames(spec);
  // The tables hold well over a hundred names; far fewer means they were not read.
  ASSERT_GT(names.size(), 100u);
  std::string missing;
  for (const std::string& n : names)
    if (unknownInPatches(n)) missing += " " + n;
  EXPECT_EQ(missing, "") << "LANGUAGE §6 names that do not resolve in a patch";
}

TEST(TransformCatalogueTest, TheNameCheckFindsUnknownNames) {
  EXPECT_TRUE(unknownInPatches("frobnicate"));
  EXPECT_TRUE(unknownInPatches("fastt"));
  EXPECT_FALSE(unknownInPatches("fast"));
  std::vector<std::string> names = catalogueNames("\n### 6.2 Catalogue\n| transform | x |\n"
                                                  "| `fast r` (`density`) | … |\n"
                                                  "| `early t` (`rotL`, `<~`) | … |\n"
                                                  "\n## 7. Nodes\n| `sine` | … |\n");
  EXPECT_EQ(names, (std::vector<std::string>{"fast", "density", "early", "rotL"}));
}

} // namespace
} // namespace phonon::test
