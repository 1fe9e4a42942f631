// Patterns as event-rate signals (LANGUAGE §4.3): segment boundaries on the first sample at or
// after each event boundary, the latest-starting active event, held values in rests.
#include "PatternSupport.h"

#include "phonon/pattern/Program.h"
#include "phonon/rt/EventSchedule.h"

using phonon::pattern::SignalConversion;

namespace phonon::test {
namespace {

pattern::PatternProgram
programOf(std::initializer_list<std::pair<const char*, SignalConversion>> patterns) {
  pattern::PatternProgram program;
  for (auto [text, conversion] : patterns) {
    SourceFile file("<test>", text);
    DiagnosticEngine diags(&file);
    auto expr = std::make_shared<pattern::PatternExpr>();
    expr->kind = pattern::PatternExpr::Kind::Mini;
    expr->mini = parseMini(text, 0, diags);
    expr->text = text;
    expr->context = AtomContext::Numeric;
    program.patterns.push_back({expr, conversion});
  }
  return program;
}

/// "start:value start:value …" for slot 0 (or `slot`) of one prepared block.
std::string segments(rt::EventSchedule& s, uint64_t position, uint32_t frames, uint32_t slot = 0) {
  s.prepare(position, frames);
  std::string out;
  for (uint32_t i = 0; i < s.segments(); ++i) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%u:%g", out.empty() ? "" : " ", s.segmentStarts()[i],
                  s.segmentValues()[i * s.slots() + slot]);
    out += buf;
  }
  return out;
}

TEST(EventScheduleTest, ValuesChangeOnTheFirstSampleAtOrAfterEachBoundary) {
  rt::EventSchedule s(programOf({{"110 220", SignalConversion::Plain}}), Rational(1));
  s.reset(48000);
  EXPECT_EQ(segments(s, 0, 48000), "0:110 24000:220");
  // 1/7 cycle at cps 1 is 6857.14… samples: the change is on sample 6858.
  rt::EventSchedule sevenths(programOf({{"1 2 3 4 5 6 7", SignalConversion::Plain}}), Rational(1));
  sevenths.reset(48000);
  EXPECT_EQ(segments(sevenths, 0, 7000), "0:1 6858:2");
  // At cps 1/2 a cycle is two seconds.
  rt::EventSchedule slow(programOf({{"110 220", SignalConversion::Plain}}), Rational(1, 2));
  slow.reset(48000);
  EXPECT_EQ(segments(slow, 0, 96000), "0:110 48000:220");
}

TEST(EventScheduleTest, BlocksContinueAndRestsHold) {
  rt::EventSchedule s(programOf({{"~ 5 ~ 7", SignalConversion::Plain}}), Rational(1));
  s.reset(4000);
  EXPECT_EQ(segments(s, 0, 500), "0:0");           // before the first event: 0
  EXPECT_EQ(segments(s, 500, 1000), "0:0 500:5");  // 5 from sample 1000 (block offset 500)
  EXPECT_EQ(segments(s, 1500, 1000), "0:5 500:5"); // the rest after it holds 5
  EXPECT_EQ(segments(s, 2500, 1000), "0:5 500:7"); // 7 from sample 3000
  EXPECT_EQ(segments(s, 4000, 100), "0:7");        // the next cycle starts in a rest: hold
  s.reset(4000);
  EXPECT_EQ(segments(s, 2500, 100), "0:0"); // reset: nothing held in the rest
}

TEST(EventScheduleTest, TheLatestStartingActiveEventWins) {
  rt::EventSchedule s(programOf({{"1, ~ 2", SignalConversion::Plain}}), Rational(1));
  s.reset(1000);
  EXPECT_EQ(segments(s, 0, 1000), "0:1 500:2");
}

TEST(EventScheduleTest, PitchesBecomeHzOnlyAtHzParameters) {
  rt::EventSchedule s(
      programOf({{"a4 c4", SignalConversion::Hz}, {"a4 c4", SignalConversion::Plain}}),
      Rational(1));
  s.reset(1000);
  EXPECT_EQ(segments(s, 0, 1000, 0), "0:440 500:261.626");
  EXPECT_EQ(segments(s, 0, 1000, 1), "0:69 500:60");
}

TEST(EventScheduleTest, AnOnsetColumnPulsesForOneSampleAtEveryOnset) {
  // An event stream's onset column (nodes::PortEvents): 1 on each onset sample only, equal
  // successive values included; a rest has none.
  rt::EventSchedule s(programOf({{"1 1 ~ 1", SignalConversion::Onset},
                                 {"1 1 ~ 1", SignalConversion::Active},
                                 {"1 1 ~ 1", SignalConversion::Plain}}),
                      Rational(1));
  s.reset(4000);
  EXPECT_EQ(segments(s, 0, 4000, 0), "0:1 1:0 1000:1 1001:0 2000:0 3000:1 3001:0");
  // The active column is 1 while an event sounds and 0 in the rest, which the value holds.
  EXPECT_EQ(segments(s, 0, 4000, 1), "0:1 1:1 1000:1 1001:1 2000:0 3000:1 3001:1");
  EXPECT_EQ(segments(s, 0, 4000, 2), "0:1 1:1 1000:1 1001:1 2000:1 3000:1 3001:1");
  // An onset on a block's last sample, and the next block starting without one.
  EXPECT_EQ(segments(s, 0, 1001, 0), "0:1 1:0 1000:1");
  EXPECT_EQ(segments(s, 1001, 999, 0), "0:0");
}

TEST(EventScheduleTest, AnOnsetBetweenSamplesIsOnTheFirstSampleAfterItInEitherBlock) {
  // Thirds of a cycle at 1000 samples per cycle: onsets at 0, 333.3… and 666.6…, so on
  // samples 0, 334 and 667, once each, however the blocks are cut.
  rt::EventSchedule s(programOf({{"1*3", SignalConversion::Onset}}), Rational(1));
  s.reset(1000);
  EXPECT_EQ(segments(s, 0, 1000), "0:1 1:0 334:1 335:0 667:1 668:0");
  EXPECT_EQ(segments(s, 0, 334), "0:1 1:0");   // 333.3 is after the block's last sample
  EXPECT_EQ(segments(s, 334, 333), "0:1 1:0"); // so its onset is this block's first
  EXPECT_EQ(segments(s, 667, 333), "0:1 1:0");
  EXPECT_EQ(segments(s, 668, 332), "0:0"); // and it is not counted twice
  // The rest of an event that began in an earlier block holds no onset.
  rt::EventSchedule half(programOf({{"~ 1", SignalConversion::Onset}}), Rational(1));
  half.reset(1000);
  EXPECT_EQ(segments(half, 0, 600), "0:0 500:1 501:0");
  EXPECT_EQ(segments(half, 600, 400), "0:0");
}

TEST(EventScheduleTest, ProgramsSurviveSerialisation) {
  pattern::PatternProgram program = programOf({{"<1 [2 3]>*2 c4'maj", SignalConversion::Hz}});
  pattern::PatternProgram copy = pattern::deserialize(pattern::serialize(program));
  ASSERT_EQ(copy.patterns.size(), 1u);
  EXPECT_EQ(copy.patterns[0].conversion, SignalConversion::Hz);
  for (SignalConversion c : {SignalConversion::Onset, SignalConversion::Active})
    EXPECT_EQ(
        pattern::deserialize(pattern::serialize(programOf({{"1 ~", c}}))).patterns[0].conversion,
        c);
  EXPECT_EQ(events(pattern::buildPattern(*copy.patterns[0].expr), R(0), R(2)),
            events(pattern::buildPattern(*program.patterns[0].expr), R(0), R(2)));
  EXPECT_THROW(pattern::deserialize("PHPP\x01garbage"), std::runtime_error);
  EXPECT_THROW(pattern::deserialize("nope"), std::runtime_error);
  std::string bytes = pattern::serialize(program);
  for (size_t cut = 0; cut + 1 < bytes.size(); ++cut) {
    try {
      (void)pattern::deserialize(bytes.substr(0, cut));
    } catch (const std::runtime_error&) {
    }
  }
}

TEST(EventScheduleTest, ExactNumbersSurviveSerialisation) {
  // `"1*8" $ swingBy (1/3) 4`, its amount the exact 1/3 sema gives (LANGUAGE §6.1).
  pattern::PatternProgram program = programOf({{"1*8", SignalConversion::Plain}});
  auto number = [](double value, std::optional<Rational> exact) {
    auto n = std::make_shared<pattern::PatternExpr>();
    n->kind = pattern::PatternExpr::Kind::Number;
    n->number = value;
    n->exact = exact;
    return n;
  };
  auto swing = std::make_shared<pattern::PatternFn>();
  swing->kind = pattern::PatternFn::Kind::Transform;
  swing->name = "swingBy";
  swing->args.resize(2);
  swing->args[0].pattern = number(1.0 / 3, R(1, 3));
  swing->args[1].pattern = number(4, std::nullopt);
  auto apply = std::make_shared<pattern::PatternExpr>();
  apply->kind = pattern::PatternExpr::Kind::Apply;
  apply->function = swing;
  apply->lhs = program.patterns[0].expr;
  program.patterns[0].expr = apply;
  pattern::PatternProgram copy = pattern::deserialize(pattern::serialize(program));
  const pattern::PatternExpr& amount = *copy.patterns[0].expr->function->args[0].pattern;
  EXPECT_EQ(amount.exact, R(1, 3));
  EXPECT_FALSE(copy.patterns[0].expr->function->args[1].pattern->exact);
  EXPECT_EQ(events(pattern::buildPattern(*copy.patterns[0].expr), R(0), R(1, 4)),
            "1@-1/24-1/12{0-1/12} 1@0-1/8 1@5/24-1/3{5/24-1/4}");
}

} // namespace
} // namespace phonon::test
