// Mini-notation (LANGUAGE §5): every row of the §5.2 table, typed atoms, seeds, errors.
#include "PatternSupport.h"

namespace phonon::test {
namespace {

TEST(MiniTest, SequencesRestsGroupsFeetStacks) {
  EXPECT_EVENTS(mini("a b c"), R(0), R(1), "a@0-1/3 b@1/3-2/3 c@2/3-1");
  EXPECT_EVENTS(mini("a ~ b"), R(0), R(1), "a@0-1/3 b@2/3-1");
  EXPECT_EVENTS(mini("a - b"), R(0), R(1), "a@0-1/3 b@2/3-1");
  EXPECT_EVENTS(mini("a [b c]"), R(0), R(1), "a@0-1/2 b@1/2-3/4 c@3/4-1");
  EXPECT_EVENTS(mini("a . b c"), R(0), R(1), "a@0-1/2 b@1/2-3/4 c@3/4-1");
  EXPECT_EVENTS(mini("a b, c d e"), R(0), R(1), "a@0-1/2 b@1/2-1 c@0-1/3 d@1/3-2/3 e@2/3-1");
  EXPECT_EVENTS(mini("^a b"), R(0), R(1), "a@0-1/2 b@1/2-1");
  EXPECT_EVENTS(mini("a.b c"), R(0), R(1), "a.b@0-1/2 c@1/2-1"); // a word, not feet
}

TEST(MiniTest, Alternation) {
  EXPECT_EVENTS(mini("<a b>"), R(0), R(2), "a@0-1 b@1-2");
  EXPECT_EQ(onsetValues(mini("<a <b c>>"), R(0), R(4)), "a b a c");
  EXPECT_EVENTS(mini("<a@3 b>"), R(0), R(4), "a@0-3 b@3-4");
  EXPECT_EQ(onsetValues(mini("<a b>!2"), R(0), R(2)), "a a b b");
  EXPECT_EQ(onsetValues(mini("<a b, c d e>"), R(0), R(3)), "a c b d a e");
}

TEST(MiniTest, FastAndSlowFractionalAndPatterned) {
  EXPECT_EVENTS(mini("a*1.5"), R(0), R(2), "a@0-2/3 a@2/3-4/3 a@4/3-2");
  EXPECT_EQ(onsetValues(mini("a*<2 3>"), R(0), R(2)), "a a a a a");
  EXPECT_EVENTS(mini("a*<2 3>"), R(1), R(2), "a@1-4/3 a@4/3-5/3 a@5/3-2");
  EXPECT_EVENTS(mini("[a b]/2"), R(0), R(2), "a@0-1 b@1-2");
  EXPECT_EVENTS(mini("a/2"), R(1), R(2), "a@0-2{1-2}");
  EXPECT_EVENTS(mini("a*0"), R(0), R(1), "");
}

TEST(MiniTest, ReplicationAndElongation) {
  EXPECT_EQ(onsetValues(mini("a!3 b"), R(0), R(1)), "a a a b");
  EXPECT_EQ(mini("a ! ! b").query(R(0), R(1)).size(), 4u);
  EXPECT_EVENTS(mini("a!3 b"), R(0), R(1), "a@0-1/4 a@1/4-1/2 a@1/2-3/4 b@3/4-1");
  EXPECT_EVENTS(mini("a! b"), R(0), R(1), "a@0-1/3 a@1/3-2/3 b@2/3-1");
  EXPECT_EVENTS(mini("a _ _ b"), R(0), R(1), "a@0-3/4 b@3/4-1");
  EXPECT_EVENTS(mini("a@3 b"), R(0), R(1), "a@0-3/4 b@3/4-1");
  EXPECT_EVENTS(mini("a @ b"), R(0), R(1), "a@0-2/3 b@2/3-1");
  EXPECT_EVENTS(mini("a@1.5 b@0.5"), R(0), R(1), "a@0-3/4 b@3/4-1");
}

TEST(MiniTest, DegradeAndChoiceAreSeeded) {
  // LANGUAGE §5.2: `a*8?` keeps only a@1/8-1/4 in cycle 0; `[a|b|c]` picks a b c a a a b a.
  EXPECT_EVENTS(mini("a*8?"), R(0), R(1), "a@1/8-1/4");
  EXPECT_EQ(onsetValues(mini("[a|b|c]"), R(0), R(8)), "a b c a a a b a");
  // A second `?` in the same string uses the next seed, so the two halves differ.
  EXPECT_NE(events(mini("a*8?"), R(0), R(1)), events(mini("[b*8? a*8?]"), R(0), R(1)));
  EXPECT_EVENTS(mini("a?0"), R(0), R(1), "a@0-1");
  EXPECT_EVENTS(mini("a?1"), R(0), R(1), "");
}

TEST(MiniTest, PolymeterSteps) {
  EXPECT_EQ(onsetValues(mini("{a b c}%4"), R(0), R(2)), "a b c a b c a b");
  EXPECT_EQ(onsetValues(mini("{a b, c d e}"), R(1), R(2)), "a e b c");
  EXPECT_EVENTS(mini("{a b, c d e}"), R(1), R(2), "a@1-3/2 b@3/2-2 e@1-3/2 c@3/2-2");
}

TEST(MiniTest, EuclidRotatesLeftAndSamplesAtThePulses) {
  EXPECT_EVENTS(mini("a(3,8)"), R(0), R(1), "a@0-1/8 a@3/8-1/2 a@3/4-7/8");
  EXPECT_EVENTS(mini("a(3,8,2)"), R(0), R(1), "a@1/8-1/4 a@1/2-5/8 a@3/4-7/8");
  EXPECT_EVENTS(mini("[a b](3,8)"), R(0), R(1), "a@0-1/8 a@3/8-1/2 b@3/4-7/8");
  EXPECT_EVENTS(mini("a(-3,8)"), R(0), R(1), "a@1/8-1/4 a@1/4-3/8 a@1/2-5/8 a@5/8-3/4 a@7/8-1");
  EXPECT_EVENTS(mini("a(0,8)"), R(0), R(1), "");
  EXPECT_EVENTS(mini("a(9,8)"), R(0), R(1), events(mini("a*8"), R(0), R(1)));
  EXPECT_EQ(onsetValues(mini("a(<3 5>,8,<0 2>)"), R(0), R(2)), "a a a a a a a a");
  EXPECT_EVENTS(mini("a(<3 5>,8,<0 2>)"), R(1), R(2),
                "a@1-9/8 a@9/8-5/4 a@11/8-3/2 a@3/2-13/8 a@7/4-15/8");
}

TEST(MiniTest, SparseEuclidCostsOnlyItsPulses) {
  // A million steps is within the limit; the off-steps are never made, so a budget of a few
  // events is enough (the list itself is charged one event per 64 steps).
  {
    QueryBudget budget(1000000 / 64 + 1 + 3);
    std::vector<bool> bits = bjorklund(3, 1000000);
    std::string expected;
    for (int64_t i = 0; i < 1000000; ++i)
      if (bits[static_cast<size_t>(i)])
        expected += (expected.empty() ? "a@" : " a@") + R(i, 1000000).toString() + "-" +
                    R(i + 1, 1000000).toString();
    EXPECT_EVENTS(mini("a(3,1000000)"), R(0), R(1), expected);
  }
  // More steps than a cycle may hold events is the limit (LANGUAGE §10), in the mini-notation
  // and in the function alike, whatever the pulses.
  EXPECT_THROW(mini("a(6,8222222222222222,2)").query(R(0), R(1)), PatternLimitError);
  EXPECT_THROW(euclid(pureNumber(3), pureNumber(1000001), mini("a")).query(R(0), R(1)),
               PatternLimitError);
}

TEST(MiniTest, BjorklundReferencePatterns) {
  auto text = [](int k, int n) {
    std::string s;
    for (bool b : bjorklund(k, n)) s += b ? 'x' : '.';
    return s;
  };
  EXPECT_EQ(text(3, 4), "xxx.");
  EXPECT_EQ(text(2, 5), "x.x..");
  EXPECT_EQ(text(3, 8), "x..x..x.");
  EXPECT_EQ(text(5, 8), "x.xx.xx.");
  EXPECT_EQ(text(4, 9), "x.x.x.x..");
  EXPECT_EQ(text(5, 12), "x..x.x..x.x.");
  EXPECT_EQ(text(5, 16), "x..x..x..x..x...");
  EXPECT_EQ(text(7, 8), "xxxxxxx.");
  EXPECT_EQ(text(7, 16), "x..x.x.x..x.x.x.");
  EXPECT_EQ(text(9, 16), "x.xx.x.x.xx.x.x.");
  EXPECT_EQ(text(13, 24), "x.xx.x.x.x.x.xx.x.x.x.x.");
}

TEST(MiniTest, BooleanContextKeepsOffStepsAsFalse) {
  EXPECT_EVENTS(mini("t(3,8)", AtomContext::Boolean), R(0), R(1),
                "true@0-1/8 false@1/8-1/4 false@1/4-3/8 true@3/8-1/2 false@1/2-5/8 "
                "false@5/8-3/4 true@3/4-7/8 false@7/8-1");
  EXPECT_EVENTS(mini("1 0 x f", AtomContext::Boolean), R(0), R(1),
                "true@0-1/4 false@1/4-1/2 true@1/2-3/4 false@3/4-1");
}

TEST(MiniTest, TailsMakeLists) {
  EXPECT_EVENTS(mini("bd:3"), R(0), R(1), "[\"bd\",3]@0-1");
  for (const EventV& e : mini("a:b c:d:[e:f] g").query(R(0), R(1))) {
    if (e.part.begin == R(0)) {
      EXPECT_EQ(e.value.toJson(), "[\"a\",\"b\"]");
    }
    if (e.part.begin == R(1, 3)) {
      EXPECT_EQ(e.value.toJson(), "[\"c\",\"d\",[\"e\",\"f\"]]");
    }
  }
  EXPECT_EQ(onsetValues(mini("bd:<0 1 2>"), R(0), R(3)), "[\"bd\",0] [\"bd\",1] [\"bd\",2]");
}

TEST(MiniTest, Ranges) {
  EXPECT_EVENTS(mini("0 .. 3"), R(0), R(1), "0@0-1/4 1@1/4-1/2 2@1/2-3/4 3@3/4-1");
  EXPECT_EVENTS(mini("0 .. 3 5"), R(0), R(1), "0@0-1/8 1@1/8-1/4 2@1/4-3/8 3@3/8-1/2 5@1/2-1");
  EXPECT_EQ(onsetValues(mini("4 .. 0"), R(0), R(1)), "4 3 2 1 0");
}

TEST(MiniTest, NumbersAndTypedAtoms) {
  EXPECT_EVENTS(mini("0 -1 2.5 -0.25"), R(0), R(1), "0@0-1/4 -1@1/4-1/2 2.5@1/2-3/4 -0.25@3/4-1");
  EXPECT_EVENTS(mini("- 1"), R(0), R(1), "1@1/2-1");
  EXPECT_EVENTS(mini(".5 1e3"), R(0), R(1), "0.5@0-1/2 1000@1/2-1");
  // Numeric context: note names are pitches (c = c4 = 60), chords stacks of pitches.
  EXPECT_EVENTS(
      mini("c4 e a#3 eb2 cs3 c c-1 g9", AtomContext::Numeric), R(0), R(1),
      "60@0-1/8 64@1/8-1/4 58@1/4-3/8 39@3/8-1/2 49@1/2-5/8 60@5/8-3/4 0@3/4-7/8 127@7/8-1");
  EXPECT_TRUE(mini("c4", AtomContext::Numeric).query(R(0), R(1))[0].value.isPitch());
  EXPECT_EVENTS(mini("c4'maj", AtomContext::Numeric), R(0), R(1), "60@0-1 64@0-1 67@0-1");
  EXPECT_EVENTS(mini("0'min7", AtomContext::Numeric), R(0), R(1), "0@0-1 3@0-1 7@0-1 10@0-1");
  // Sound context: every atom is a sound name.
  EXPECT_EQ(mini("c4 808", AtomContext::Sound).query(R(0), R(1))[1].value.toJson(), "\"808\"");
  // Generic (the oracle's values): note names stay words.
  EXPECT_EQ(mini("c4").query(R(0), R(1))[0].value.toJson(), "\"c4\"");
}

TEST(MiniTest, AtomsKnowWhereTheyWereWritten) {
  auto evs = mini("bd [sn  hh]").query(R(0), R(1));
  ASSERT_EQ(evs.size(), 3u);
  std::sort(evs.begin(), evs.end(),
            [](const EventV& a, const EventV& b) { return a.part.begin < b.part.begin; });
  EXPECT_EQ(evs[0].loc.begin, 0u);
  EXPECT_EQ(evs[0].loc.end, 2u);
  EXPECT_EQ(evs[1].loc.begin, 4u);
  EXPECT_EQ(evs[2].loc.begin, 8u);
  EXPECT_EQ(evs[2].loc.end, 10u);
}

TEST(MiniTest, ErrorsPointInsideTheString) {
  EXPECT_NE(miniErrors("bd [sn").find("<test>:1:4: error: unclosed '['"), std::string::npos)
      << miniErrors("bd [sn");
  EXPECT_NE(miniErrors("bd(3,").find("<test>:1:3: error: unclosed '('"), std::string::npos)
      << miniErrors("bd(3,");
  EXPECT_NE(miniErrors("a*").find(
                "<test>:1:3: error: the pattern ends too early: expected a number or a pattern"),
            std::string::npos)
      << miniErrors("a*");
  EXPECT_NE(miniErrors("<>").find("<test>:1:2: error: unexpected '>'; expected a step"),
            std::string::npos)
      << miniErrors("<>");
  EXPECT_NE(miniErrors("a ] b").find("<test>:1:3: error: unmatched ']'"), std::string::npos);
  EXPECT_NE(miniErrors("a, b | c").find("error: `,` and `|` cannot be mixed in one layer"),
            std::string::npos);
  EXPECT_NE(miniErrors("c'foo").find("error: unknown chord quality `foo`"), std::string::npos);
  EXPECT_NE(miniErrors("a $ b").find("<test>:1:3: error: unexpected character '$' in a pattern"),
            std::string::npos);
  EXPECT_NE(miniErrors("").find("error: empty pattern"), std::string::npos);
  EXPECT_NE(miniErrors("_ a").find("`_` needs a step before it"), std::string::npos);
}

TEST(MiniTest, WordsInNumericContextAreErrorsAtTheirPlace) {
  SourceFile file("<test>", "1 bd");
  DiagnosticEngine diags(&file);
  MiniPtr tree = parseMini("1 bd", 0, diags);
  ASSERT_TRUE(tree);
  try {
    buildMiniPattern(*tree, AtomContext::Numeric);
    FAIL() << "expected an error";
  } catch (const MiniError& e) {
    EXPECT_EQ(e.loc.begin, 2u);
    EXPECT_EQ(std::string(e.what()), "`bd` is not a number or a note name");
  }
}

TEST(MiniTest, NoInputCrashesTheMiniParser) {
  const char* pieces[] = {"a", " ",   "[",    "]", "<",   ">",      "{", "}",  "(",  ")", ",",
                          "|", "*",   "/",    "!", "@",   "?",      ":", "%",  "_",  "~", "-",
                          ".", " . ", " .. ", "3", "0.5", "c4'maj", "^", "\n", "~x", "'", "#"};
  uint32_t state = 2463534242u;
  for (int round = 0; round < 4000; ++round) {
    std::string text;
    int n = 1 + round % 14;
    for (int i = 0; i < n; ++i) {
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      text += pieces[state % (sizeof pieces / sizeof *pieces)];
    }
    SourceFile file("<fuzz>", text);
    DiagnosticEngine diags(&file);
    MiniPtr tree = parseMini(text, 0, diags);
    if (!tree) continue;
    try {
      QueryBudget budget(1000000);
      buildMiniPattern(*tree, AtomContext::Generic).query(R(0), R(2));
    } catch (const std::exception&) {
      // Typing errors, limits: reported, never a crash.
    }
  }
}

} // namespace
} // namespace phonon::test
