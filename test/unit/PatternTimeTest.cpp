// Pattern time never overflows (LANGUAGE §10): every transform of the op table, with awkward
// arguments, alone and nested two deep with the transforms that move time the most (the random
// ones included), queried around cycle 0, 1000, 345600 (24 hours at 4 cycles per second) and
// 2^31. Humanize and stripe put their random times on the dyadic grid of Random.h.
#include "PatternSupport.h"

#include "phonon/pattern/Ops.h"
#include "phonon/pattern/Random.h"

#include <functional>

namespace phonon::test {
namespace {

PatternV tenth() {
  return pureValue(Value::exact(Rational(1, 10)));
}

/// The awkward arguments: an exact third, a decimal, a prime, a pattern.
PatternV awkward(int i) {
  switch (i % 4) {
  case 0:
    return frac(1, 3);
  case 1:
    return tenth();
  case 2:
    return num(7);
  default:
    return mini("1 2 3");
  }
}

struct Partner {
  const char* name;
  Fn apply;
};

/// The transforms that move time the most: nested inside and around every transform, and
/// passed as its function arguments.
const std::vector<Partner>& partners() {
  static const std::vector<Partner> list = {
      {"stripe 2", [](const PatternV& p) { return stripe(num(2), p); }},
      {"humanize 0.1 0", [](const PatternV& p) { return humanize(tenth(), num(0), p); }},
      {"fast (1/3)", [](const PatternV& p) { return fast(frac(1, 3), p); }},
      {"ply 7", [](const PatternV& p) { return ply(num(7), p); }},
      {"swingBy (1/3) 4", [](const PatternV& p) { return swingBy(frac(1, 3), num(4), p); }},
      {"chop \"1 2 3\"", [](const PatternV& p) { return chop(mini("1 2 3"), p); }},
      {"linger 0.1", [](const PatternV& p) { return linger(tenth(), p); }},
      {"off 0.1 (fast 7)",
       [](const PatternV& p) {
         return off(
             tenth(), [](const PatternV& q) { return fast(num(7), q); }, p);
       }},
      {"shuffle 7", [](const PatternV& p) { return shuffle(num(7), p); }},
  };
  return list;
}

/// Function arguments: the partners that keep the number of events (`plyWith 7 (ply 7)` would
/// rightly exceed the event limit).
const std::vector<Partner>& functionArguments() {
  static const std::vector<Partner> list = [] {
    std::vector<Partner> kept;
    for (const Partner& p : partners())
      if (std::string(p.name).rfind("ply", 0) != 0 && std::string(p.name).rfind("chop", 0) != 0 &&
          std::string(p.name).rfind("off", 0) != 0)
        kept.push_back(p);
    return kept;
  }();
  return list;
}

/// `op` with argument variant `v`: the awkward arguments and the partners in turn.
PatternV applyOp(const OpInfo& op, int v, const PatternV& p) {
  std::vector<OpArg> args;
  int j = v;
  for (const char* kind = op.args; *kind; ++kind, ++j) {
    OpArg arg;
    const Partner& partner =
        functionArguments()[static_cast<size_t>(j) % functionArguments().size()];
    switch (static_cast<ArgKind>(*kind)) {
    case ArgKind::Pattern:
      arg.pattern = awkward(j);
      break;
    case ArgKind::Bools:
      arg.pattern = mini(j % 2 ? "t f t" : "1 0 [1 1]", AtomContext::Boolean);
      break;
    case ArgKind::Function:
      arg.function = partner.apply;
      break;
    case ArgKind::Functions:
      arg.functions = {partner.apply, functionArguments()[0].apply};
      break;
    case ArgKind::Patterns:
      arg.patterns = {mini("e f"), awkward(j)};
      break;
    case ArgKind::Any:
    case ArgKind::Optional:
      arg.pattern = awkward(j);
      break;
    case ArgKind::Numbers:
      arg.patterns = {awkward(j), mini("2 <3 5>", AtomContext::Numeric)};
      break;
    case ArgKind::Values:
      arg.values = {Value(0.0), Value(2.0), Value(7.0)};
      break;
    case ArgKind::Word:
      arg.word = j % 2 ? "jazz" : "drunken";
      break;
    }
    args.push_back(std::move(arg));
  }
  return op.apply(args, p);
}

/// Queries p around each of the far cycles; any exception about time or limits is a failure.
/// A ValueError is not about time: arithmetic on the control maps that `humanize` and `chop`
/// make (`sub 7` of a map) is a kind error of the program, counted in `valueErrors`.
void expectQueriesEverywhere(const PatternV& p, const std::string& what, int* valueErrors) {
  static const int64_t kCycles[] = {0, 1000, 86400 * 4, int64_t(1) << 31};
  for (int64_t c : kCycles) {
    try {
      QueryBudget budget(QueryBudget::kEventsPerCycle);
      p.query(Span{Rational(c) - Rational(1, 7), Rational(c) + Rational(1)});
    } catch (const ValueError&) {
      ++*valueErrors;
    } catch (const std::exception& e) {
      ADD_FAILURE() << what << " around cycle " << c << ": " << e.what();
    }
  }
}

void expectQueriesEverywhere(const PatternV& p, const std::string& what) {
  int valueErrors = 0;
  expectQueriesEverywhere(p, what, &valueErrors);
  EXPECT_EQ(valueErrors, 0) << what;
}

TEST(PatternTimeTest, EveryTransformNestedTwoDeepQueriesFarCyclesWithoutError) {
  const std::pair<const char*, PatternV> bases[] = {
      {"\"c4 e4 g4 b4\"", mini("c4 e4 g4 b4", AtomContext::Numeric)},
      {"\"0 [0.25 0.5] <1 2>\"", mini("0 [0.25 0.5] <1 2>", AtomContext::Numeric)},
  };
  size_t ops = 0;
  int valueErrors = 0;
  for (const OpInfo& op : pattern::ops()) {
    ++ops;
    for (const auto& [baseName, base] : bases)
      for (int v = 0; v < 4; ++v) {
        std::string name =
            std::string(op.name) + " (variant " + std::to_string(v) + ") of " + baseName;
        expectQueriesEverywhere(applyOp(op, v, base), name, &valueErrors);
        for (const Partner& partner : partners()) {
          expectQueriesEverywhere(applyOp(op, v, partner.apply(base)),
                                  name + " after " + partner.name, &valueErrors);
          expectQueriesEverywhere(partner.apply(applyOp(op, v, base)),
                                  partner.name + std::string(" after ") + name, &valueErrors);
        }
      }
  }
  EXPECT_GT(ops, 150u);
  // Only the value operations on control maps: far fewer than one query in ten.
  EXPECT_LT(valueErrors, static_cast<int>(ops) * 2 * 4 * 19 * 4 / 10);
}

TEST(PatternTimeTest, RandomTransformsNestDeeplyAtTheEndOfADay) {
  // Three levels of the random transforms, 24 hours and 2^31 cycles in.
  PatternV p = mini("c4 e4 g4 b4");
  for (int i = 0; i < 3; ++i) p = humanize(frac(1, 3), num(0.5), stripe(mini("2 3"), p));
  expectQueriesEverywhere(p, "humanize (1/3) 0.5 . stripe \"2 3\", three deep");
  QueryBudget budget(QueryBudget::kEventsPerCycle);
  for (const EventV& e : p.query(Span{Rational(345600), Rational(345601)})) {
    // Every time is on the grid: a power of two (times small factors of the source) below.
    EXPECT_LE(e.part.begin.wideDen(), Rational::Int(1) << 62) << eventText(e);
  }
}

TEST(PatternTimeTest, HumanizeShiftsLieOnTheGridWithinTheAmount) {
  QueryBudget budget(QueryBudget::kEventsPerCycle);
  PatternV source = mini("a*8");
  const Span cycle{Rational(1000), Rational(1001)};
  // Each source event moves by t·(2r − 1), r = rand(whole begin) exactly, rounded to the grid.
  const Rational grid(1, int64_t(1) << kRandomTimeGridBits);
  std::vector<std::string> expected;
  for (const EventV& e : source.query(Span{Rational(999), Rational(1002)})) {
    Rational r = timeToRandExact(e.whole->begin);
    Rational shift = (Rational(1, 10) * (Rational(2) * r - Rational(1))).roundToGrid(20);
    EXPECT_LE(shift < Rational(0) ? -shift : shift, Rational(1, 10) + grid / Rational(2));
    EXPECT_EQ((shift / grid).wideDen(), 1);
    Span whole{e.whole->begin + shift, e.whole->end + shift};
    if (whole.intersection(cycle)) expected.push_back(whole.begin.toString());
  }
  std::vector<std::string> got;
  for (const EventV& e : humanize(tenth(), num(0), source).query(cycle)) {
    ASSERT_TRUE(e.whole);
    EXPECT_EQ(e.whole->end - e.whole->begin, Rational(1, 8));
    got.push_back(e.whole->begin.toString());
  }
  std::sort(expected.begin(), expected.end());
  std::sort(got.begin(), got.end());
  EXPECT_GE(got.size(), 7u);
  EXPECT_EQ(got, expected);
}

TEST(PatternTimeTest, StripePlaysTheSameCycleInCopiesOnTheGrid) {
  QueryBudget budget(QueryBudget::kEventsPerCycle);
  for (int64_t c : {int64_t(0), int64_t(1), int64_t(345600)}) {
    auto evs = stripe(num(3), mini("<a b c d>")).query(Span{Rational(c), Rational(c + 1)});
    ASSERT_EQ(evs.size(), 3u) << c;
    std::sort(evs.begin(), evs.end(),
              [](const EventV& x, const EventV& y) { return x.part.begin < y.part.begin; });
    const char* expected[] = {"a", "b", "c", "d"};
    Rational at(c);
    for (const EventV& e : evs) {
      EXPECT_EQ(e.value.toString(), expected[c % 4]) << c;
      ASSERT_TRUE(e.whole);
      EXPECT_EQ(e.whole->begin, at);
      EXPECT_EQ(((e.whole->begin - Rational(c)) * Rational(1 << kRandomTimeGridBits)).wideDen(), 1);
      at = e.whole->end;
    }
    EXPECT_EQ(at, Rational(c + 1));
  }
}

TEST(PatternTimeTest, ExactRandomValuesAreTheDoublesOfTheSpec) {
  for (double t : {0.0, 0.125, 1.5, 1000.25, 345600.75, 2147483648.5}) {
    EXPECT_EQ(timeToRandExact(Rational::fromDouble(t)).toDouble(), timeToRand(t)) << t;
    std::vector<double> r = timeToRands(t, 5);
    std::vector<int32_t> k = timeToRandNumerators(t, 5);
    for (size_t i = 0; i < 5; ++i)
      EXPECT_EQ(static_cast<double>(k[i]) / static_cast<double>(1 << kRandBits), r[i]) << t;
  }
}

} // namespace
} // namespace phonon::test
