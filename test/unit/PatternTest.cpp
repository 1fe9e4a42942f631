// The pattern algebra (LANGUAGE §4): spans, wholes and parts, fragmentation at cycle
// boundaries, the combinators of §3.7, randomness of §4.2.
#include "PatternSupport.h"

#include "phonon/pattern/Random.h"

namespace phonon::test {
namespace {

TEST(SpanTest, IntersectionFollowsTidal) {
  Span a{R(0), R(1)}, b{R(1, 2), R(3, 2)};
  EXPECT_EQ(*a.intersection(b), (Span{R(1, 2), R(1)}));
  // Touching spans do not meet, except as a point inside a point query.
  EXPECT_FALSE(a.intersection(Span{R(1), R(2)}));
  EXPECT_FALSE((Span{R(1), R(1)}).intersection(a));
  EXPECT_TRUE((Span{R(1, 2), R(1, 2)}).intersection(a));
  EXPECT_FALSE(a.intersection(Span{R(2), R(3)}));
}

TEST(SpanTest, CyclesCutAtIntegerTimes) {
  auto pieces = Span{R(1, 3), R(7, 4)}.cycles();
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[0], (Span{R(1, 3), R(1)}));
  EXPECT_EQ(pieces[1], (Span{R(1), R(7, 4)}));
  EXPECT_EQ((Span{R(-1, 2), R(1, 2)}).cycles().size(), 2u);
  EXPECT_EQ((Span{R(2), R(2)}).cycles().size(), 1u); // a point is returned whole
  EXPECT_EQ((Span{R(2), R(3)}).cycles().size(), 1u);
}

TEST(PatternTest, PureHasOneEventPerCycleFragmentedAtTheQuery) {
  PatternV p = num(5);
  EXPECT_EVENTS(p, R(0), R(2), "5@0-1 5@1-2");
  EXPECT_EVENTS(p, R(1, 2), R(3, 2), "5@0-1{1/2-1} 5@1-2{1-3/2}");
  EXPECT_EVENTS(p, R(-1), R(0), "5@-1-0");
  auto evs = p.query(R(1, 2), R(3, 2));
  ASSERT_EQ(evs.size(), 2u);
  EXPECT_FALSE(evs[0].hasOnset());
  EXPECT_TRUE(evs[1].hasOnset());
}

TEST(PatternTest, SequencesGiveStepsEqualShares) {
  EXPECT_EVENTS(mini("bd sn hh"), R(1, 3), R(7, 4),
                "sn@1/3-2/3 hh@2/3-1 bd@1-4/3 sn@4/3-5/3 hh@5/3-2{5/3-7/4}");
}

TEST(PatternTest, SlowEventsCrossCycles) {
  // `a/2` has one event per two cycles; queried per cycle, the second fragment has no onset.
  EXPECT_EVENTS(mini("a/2"), R(1), R(2), "a@0-2{1-2}");
  EXPECT_EVENTS(mini("a/2"), R(0), R(4), "a@0-2 a@2-4");
}

TEST(PatternTest, FastSlowEarlyLate) {
  PatternV ab = mini("a b");
  EXPECT_EVENTS(pattern::fast(R(2), ab), R(0), R(1), "a@0-1/4 b@1/4-1/2 a@1/2-3/4 b@3/4-1");
  EXPECT_EVENTS(pattern::slow(R(2), ab), R(0), R(2), "a@0-1 b@1-2");
  EXPECT_EVENTS(pattern::fast(R(0), ab), R(0), R(1), "");
  EXPECT_EVENTS(pattern::fast(R(-1), mini("a [b c]")), R(0), R(1), "c@0-1/4 b@1/4-1/2 a@1/2-1");
  EXPECT_EVENTS(pattern::early(R(1, 4), mini("a b c d")), R(0), R(1),
                "b@0-1/4 c@1/4-1/2 d@1/2-3/4 a@3/4-1");
  EXPECT_EVENTS(pattern::late(R(1, 4), ab), R(0), R(1),
                "b@-1/4-1/4{0-1/4} a@1/4-3/4 b@3/4-5/4{3/4-1}");
}

TEST(PatternTest, SlowcatKeepsEachPatternsOwnCycleCount) {
  // cat ["a b", "<c d>"] → a b, c, a b, d
  PatternV p = slowcat<Value>({mini("a b"), mini("<c d>")});
  EXPECT_EQ(onsetValues(p, R(0), R(4)), "a b c a b d");
}

TEST(PatternTest, TimecatWeightsSteps) {
  PatternV p = timecat<Value>({{R(1), mini("a")}, {R(3), mini("b c")}});
  EXPECT_EVENTS(p, R(0), R(1), "a@0-1/4 b@1/4-5/8 c@5/8-1");
}

TEST(PatternTest, StructureFromLeftRightAndBoth) {
  // LANGUAGE §3.7's examples.
  EXPECT_EVENTS(arithmetic(ArithOp::Add, Structure::Left, mini("0 1 2"), mini("10 20")), R(0), R(1),
                "10@0-1/3 11@1/3-2/3{1/3-1/2} 21@1/3-2/3{1/2-2/3} 22@2/3-1");
  EXPECT_EVENTS(arithmetic(ArithOp::Add, Structure::Both, mini("0 1"), mini("10 20 30")), R(0),
                R(1), "10@0-1/3 20@1/3-1/2 21@1/2-2/3 31@2/3-1");
  EXPECT_EVENTS(arithmetic(ArithOp::Add, Structure::Right, mini("0 1 2"), mini("10 20")), R(0),
                R(1), "10@0-1/2{0-1/3} 11@0-1/2{1/3-1/2} 21@1/2-1{1/2-2/3} 22@1/2-1{2/3-1}");
}

TEST(PatternTest, SqueezeCompressesEachRightCycleIntoEachLeftEvent) {
  EXPECT_EVENTS(arithmetic(ArithOp::Add, Structure::Squeeze, mini("0 10"), mini("1 2")), R(0), R(1),
                "1@0-1/4 2@1/4-1/2 11@1/2-3/4 12@3/4-1");
}

TEST(PatternTest, NumbersInArithmeticArePurePatternsSoEventsAreCutAtCycles) {
  EXPECT_EVENTS(arithmetic(ArithOp::Add, Structure::Left, mini("1/2"), num(10)), R(0), R(2),
                "11@0-2{0-1} 11@0-2{1-2}");
}

TEST(PatternTest, ModuloIsFloored) {
  EXPECT_EVENTS(arithmetic(ArithOp::Mod, Structure::Left, mini("-1 7"), num(3)), R(0), R(1),
                "2@0-1/2 1@1/2-1");
  EXPECT_EVENTS(arithmetic(ArithOp::Mod, Structure::Left, mini("1"), num(-3)), R(0), R(1),
                "-2@0-1");
}

TEST(PatternTest, PitchesStayPitchesOnlyWithPlusAndMinus) {
  Value c4 = Value::pitch(60);
  EXPECT_TRUE(pattern::arithmetic(ArithOp::Add, c4, Value(12)).isPitch());
  EXPECT_TRUE(pattern::arithmetic(ArithOp::Add, Value(12), c4).isPitch());
  EXPECT_TRUE(pattern::arithmetic(ArithOp::Sub, c4, Value(1)).isPitch());
  EXPECT_FALSE(pattern::arithmetic(ArithOp::Sub, c4, Value::pitch(55)).isPitch());
  EXPECT_FALSE(pattern::arithmetic(ArithOp::Mul, c4, Value(2)).isPitch());
  EXPECT_EQ(pattern::arithmetic(ArithOp::Mul, c4, Value(2)).asNumber(), 120);
  EXPECT_EQ(pattern::arithmetic(ArithOp::Add, Value::word("bd"), Value::word("2")).asWord(), "bd2");
  EXPECT_THROW(pattern::arithmetic(ArithOp::Mul, Value::word("bd"), Value(2)), ValueError);
}

TEST(PatternTest, ControlMapsCombineControlByControl) {
  Value a = Value::map({{"n", Value(0)}, {"s", Value::word("bd")}});
  Value b = Value::map({{"n", Value(12)}, {"gain", Value(0.5)}});
  Value sum = pattern::arithmetic(ArithOp::Add, a, b);
  EXPECT_EQ(sum.asMap().at("n").asNumber(), 12);
  EXPECT_EQ(sum.asMap().at("s").asWord(), "bd");
  EXPECT_EQ(sum.asMap().at("gain").asNumber(), 0.5);
}

TEST(RandomTest, MatchesTheSpecBitForBit) {
  // LANGUAGE §6.2: `segment 4 rand` → 0, 0.3698, 0.2605, 0.1958.
  EXPECT_EQ(timeToRand(0.0), 0.0);
  EXPECT_NEAR(timeToRand(0.25), 0.3698, 5e-5);
  EXPECT_NEAR(timeToRand(0.5), 0.2605, 5e-5);
  EXPECT_NEAR(timeToRand(0.75), 0.1958, 5e-5);
  EXPECT_EQ(xorwise(1), 1 ^ (1 << 13) ^ ((1 ^ (1 << 13)) << 5));
  // rands are the successive stream values (signed).
  std::vector<double> r = timeToRands(0.5, 3);
  EXPECT_EQ(r[0], static_cast<double>(timeToIntSeed(0.5) % 536870912) / 536870912.0);
  EXPECT_EQ(r[1], static_cast<double>(xorwise(timeToIntSeed(0.5)) % 536870912) / 536870912.0);
}

TEST(RandomTest, RandIsContinuousAndSampledAtTheQueryStart) {
  auto evs = rand().query(R(1, 4), R(1, 2));
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_FALSE(evs[0].whole);
  EXPECT_NEAR(evs[0].value.asNumber(), 0.3698, 5e-5);
  EXPECT_EVENTS(segment(num(4), irand(num(8))), R(0), R(1), "0@0-1/4 2@1/4-1/2 2@1/2-3/4 1@3/4-1");
  EXPECT_EVENTS(segment(num(4), choose({Value(0), Value(2), Value(7)})), R(0), R(1),
                "0@0-1/4 2@1/4-1/2 0@1/2-3/4 0@3/4-1");
}

TEST(PatternTest, QueriesBeyondTheEventLimitAreErrors) {
  QueryBudget budget(QueryBudget::kEventsPerCycle);
  EXPECT_THROW(mini("bd*100000000").query(R(0), R(1)), PatternLimitError);
  EXPECT_THROW(pattern::fast(R(1000000000000), num(1)).query(R(0), R(1)), PatternLimitError);
}

TEST(PatternTest, RationalTimeOverflowIsAnErrorNotAWrongAnswer) {
  // Times past 128 bits: 2^126 cycles, shifted twice.
  Rational far = Rational(INT64_MAX) * Rational(INT64_MAX);
  PatternV p = pattern::early(far, pattern::early(far, mini("a b c")));
  EXPECT_THROW(p.query(R(1, 2), R(1)), RationalOverflow);
}

TEST(PatternTest, QueriesOfMoreThanAMillionCyclesAreErrors) {
  PatternV p = pattern::fast(Rational(INT64_MAX / 3), mini("a b c"));
  EXPECT_THROW(p.query(R(1, 7), R(2, 7)), PatternLimitError);
  EXPECT_THROW(mini("a b").query(R(0), R(2000000)), PatternLimitError);
}

} // namespace
} // namespace phonon::test
