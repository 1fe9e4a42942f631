// Every transform of LANGUAGE §6, each with the exact events of the spec's example where it
// gives one. The last group covers the Tidal rule where the oracle follows Strudel.
#include "PatternSupport.h"

#include "phonon/pattern/Random.h"

namespace phonon::test {
namespace {

Fn addN(double n) {
  return [n](const PatternV& p) { return arithmetic(ArithOp::Add, Structure::Left, p, num(n)); };
}
Fn revFn() {
  return [](const PatternV& p) { return rev(p); };
}
Fn fastFn(double n) {
  return [n](const PatternV& p) { return fast(num(n), p); };
}
PatternV sounds(const std::string& text) {
  return controlPattern("s", mini(text));
}

/// The values of a control in onset order.
std::string controlValues(const PatternV& p, const char* control, Rational from, Rational to) {
  auto evs = p.query(Span{from, to});
  std::stable_sort(evs.begin(), evs.end(),
                   [](const EventV& a, const EventV& b) { return a.part.begin < b.part.begin; });
  std::string out;
  for (const EventV& e : evs) {
    auto it = e.value.asMap().find(control);
    out += (out.empty() ? "" : " ") +
           (it == e.value.asMap().end() ? std::string("-") : it->second.toString());
  }
  return out;
}

// ---- time and structure ----------------------------------------------------------------------

TEST(TransformsTest, FastSlowAndPatternedArguments) {
  EXPECT_EVENTS(fast(num(2), mini("a b")), R(0), R(1), "a@0-1/4 b@1/4-1/2 a@1/2-3/4 b@3/4-1");
  EXPECT_EVENTS(slow(num(2), mini("a b")), R(0), R(2), "a@0-1 b@1-2");
  EXPECT_EVENTS(slow(num(0), mini("a b")), R(0), R(2), "");
  // LANGUAGE §6.1: each argument event applies over its span, keeping the results' wholes.
  EXPECT_EVENTS(fast(mini("1 2"), mini("a b c d")), R(0), R(1),
                "a@0-1/4 b@1/4-1/2 a@1/2-5/8 b@5/8-3/4 c@3/4-7/8 d@7/8-1");
}

TEST(TransformsTest, Hurry) {
  PatternV p = hurry(num(2), mini("bd sn"));
  EXPECT_EQ(
      onsetValues(p, R(0), R(1)),
      R"({"s":"bd","speed":2} {"s":"sn","speed":2} {"s":"bd","speed":2} {"s":"sn","speed":2})");
}

TEST(TransformsTest, FastGapCompressZoomLinger) {
  EXPECT_EVENTS(fastGap(num(2), mini("a b c")), R(0), R(1), "a@0-1/6 b@1/6-1/3 c@1/3-1/2");
  EXPECT_EVENTS(compress(num(0.25), num(0.75), mini("a b")), R(0), R(1), "a@1/4-1/2 b@1/2-3/4");
  EXPECT_EVENTS(compress(num(0.5), num(0.25), mini("a b")), R(0), R(1), "");
  EXPECT_EVENTS(zoom(num(0.25), num(0.75), mini("a b c d")), R(0), R(1), "b@0-1/2 c@1/2-1");
  EXPECT_EQ(onsetValues(linger(num(0.25), mini("0 1 2 3 4 5 6 7")), R(0), R(1)), "0 1 0 1 0 1 0 1");
  EXPECT_EQ(onsetValues(linger(num(-0.25), mini("0 1 2 3 4 5 6 7")), R(0), R(1)),
            "6 7 6 7 6 7 6 7");
}

TEST(TransformsTest, Segment) {
  EXPECT_EVENTS(segment(num(2), mini("a b c")), R(0), R(1),
                "a@0-1/2{0-1/3} b@0-1/2{1/3-1/2} b@1/2-1{1/2-2/3} c@1/2-1{2/3-1}");
}

TEST(TransformsTest, RevMirrorsSpans) {
  EXPECT_EVENTS(rev(mini("a [b c]")), R(0), R(1), "c@0-1/4 b@1/4-1/2 a@1/2-1");
  EXPECT_EVENTS(rev(mini("a/2")), R(0), R(1), "a@-1-1{0-1}");
}

TEST(TransformsTest, Palindrome) {
  EXPECT_EQ(onsetValues(palindrome(mini("a b c")), R(0), R(3)), "a b c c b a a b c");
  EXPECT_EQ(onsetValues(palindrome(mini("<a b c>")), R(0), R(6)), "a a b b c c");
}

TEST(TransformsTest, IterAndIterBack) {
  EXPECT_EQ(onsetValues(iter(num(4), mini("a b c d")), R(1), R(3)), "b c d a c d a b");
  EXPECT_EQ(onsetValues(iterBack(num(4), mini("a b c d")), R(1), R(3)), "d a b c c d a b");
}

TEST(TransformsTest, Ply) {
  EXPECT_EVENTS(ply(num(2), mini("a ~ b")), R(0), R(1), "a@0-1/6 a@1/6-1/3 b@2/3-5/6 b@5/6-1");
  EXPECT_EVENTS(ply(num(1.5), mini("a b")), R(0), R(1), "a@0-1/3 a@1/3-1/2 b@1/2-5/6 b@5/6-1");
}

TEST(TransformsTest, StutterEchoStut) {
  EXPECT_EVENTS(stutter(num(3), frac(1, 8), mini("a ~")), R(0), R(1),
                "a@0-1/2 a@1/8-5/8 a@1/4-3/4");
  PatternV echoed = echo(num(3), num(0.2), num(0.5), mini("bd ~"));
  EXPECT_EQ(controlValues(echoed, "gain", R(0), R(1)), "1 0.5 0.25");
  EXPECT_EVENTS(fmap(echoed, [](const Value&) { return Value::word("x"); }), R(0), R(1),
                "x@0-1/2 x@1/5-7/10 x@2/5-9/10");
  PatternV stutted = stut(num(3), num(0.5), frac(1, 8), mini("bd"));
  auto evs = stutted.query(R(0), R(1));
  std::sort(evs.begin(), evs.end(),
            [](const EventV& a, const EventV& b) { return a.part.begin < b.part.begin; });
  ASSERT_EQ(evs.size(), 5u); // three copies, two of them cut by the cycle
  EXPECT_EQ(controlValues(filterOnsets(stutted), "gain", R(0), R(1)),
            "- 0.8333333333333333 0.6666666666666666");
}

TEST(TransformsTest, EarlyLateRot) {
  EXPECT_EQ(onsetValues(early(num(0.25), mini("a b c d")), R(0), R(1)), "b c d a");
  EXPECT_EVENTS(late(num(0.25), mini("a b")), R(0), R(1),
                "b@-1/4-1/4{0-1/4} a@1/4-3/4 b@3/4-5/4{3/4-1}");
  EXPECT_EVENTS(rot(num(1), mini("a ~ b c")), R(0), R(1), "b@0-1/4 c@1/2-3/4 a@3/4-1");
}

TEST(TransformsTest, SwingMovesSecondHalvesOfSlices) {
  const char* expected = "a@0-1/8 a@5/24-1/3 a@1/4-3/8 a@11/24-7/12 a@1/2-5/8 a@17/24-5/6 "
                         "a@3/4-7/8 a@23/24-13/12{23/24-1} a@-1/24-1/12{0-1/12}";
  EXPECT_EVENTS(swingBy(frac(1, 3), num(4), mini("a*8")), R(0), R(1), expected);
  EXPECT_EVENTS(swing(num(4), mini("a*8")), R(0), R(1), expected);
}

TEST(TransformsTest, ShuffleAndScramble) {
  EXPECT_EQ(onsetValues(shuffle(num(4), mini("a b c d")), R(0), R(2)), "c b d a c a d b");
  EXPECT_EQ(onsetValues(scramble(num(4), mini("a b c d")), R(0), R(2)), "a b b a c c c a");
}

TEST(TransformsTest, Euclids) {
  EXPECT_EVENTS(euclid(num(3), num(8), mini("a b")), R(0), R(1), "a@0-1/8 a@3/8-1/2 b@3/4-7/8");
  EXPECT_EVENTS(euclidRot(num(3), num(8), num(2), mini("a")), R(0), R(1),
                "a@1/8-1/4 a@1/2-5/8 a@3/4-7/8");
  EXPECT_EQ(onsetValues(euclidFull(num(3), num(8), mini("a"), mini("b")), R(0), R(1)),
            "a b b a b b a b");
  EXPECT_EVENTS(euclidInv(num(3), num(8), mini("a")), R(0), R(1),
                "a@1/8-1/4 a@1/4-3/8 a@1/2-5/8 a@5/8-3/4 a@7/8-1");
  EXPECT_EVENTS(euclidLegato(num(3), num(8), mini("a")), R(0), R(1), "a@0-3/8 a@3/8-3/4 a@3/4-1");
}

TEST(TransformsTest, StructMaskSewStitch) {
  EXPECT_EVENTS(structure(mini("x ~ x", AtomContext::Boolean), mini("a b")), R(0), R(1),
                "a@0-1/3 b@2/3-1");
  EXPECT_EVENTS(mask(mini("1 0", AtomContext::Boolean), mini("a")), R(0), R(1), "a@0-1{0-1/2}");
  EXPECT_EVENTS(sew(mini("t f", AtomContext::Boolean), mini("0*4"), mini("1*8")), R(0), R(1),
                "0@0-1/4 0@1/4-1/2 1@1/2-5/8 1@5/8-3/4 1@3/4-7/8 1@7/8-1");
  EXPECT_EQ(
      onsetValues(stitch(mini("t f t t", AtomContext::Boolean), mini("a"), mini("b")), R(0), R(1)),
      "a b a a");
}

TEST(TransformsTest, WithinInsideOutside) {
  EXPECT_EVENTS(within(num(0), num(0.5), fastFn(2), mini("a b c d")), R(0), R(1),
                "a@0-1/8 b@1/8-1/4 c@1/4-3/8 d@3/8-1/2 c@1/2-3/4 d@3/4-1");
  EXPECT_EQ(onsetValues(inside(num(2), revFn(), mini("0 1 2 3 4 5 6 7")), R(0), R(1)),
            "3 2 1 0 7 6 5 4");
  EXPECT_EQ(onsetValues(outside(num(2), revFn(), mini("<[a b] [c d]>")), R(0), R(2)), "d c b a");
}

TEST(TransformsTest, BrakPress) {
  EXPECT_EVENTS(brak(mini("a b")), R(1), R(2), "a@5/4-3/2 b@3/2-7/4");
  EXPECT_EVENTS(brak(mini("a b")), R(0), R(1), "a@0-1/2 b@1/2-1");
  EXPECT_EVENTS(press(mini("a b")), R(0), R(1), "a@1/4-1/2 b@3/4-1");
  EXPECT_EVENTS(pressBy(num(0.25), mini("a b")), R(0), R(1), "a@1/8-1/2 b@5/8-1");
}

TEST(TransformsTest, RangeQuantize) {
  EXPECT_EQ(onsetValues(range(num(1), num(5), mini("0 0.25 0.5 1")), R(0), R(1)), "1 2 3 5");
  EXPECT_EQ(onsetValues(quantize(num(1), mini("0.4 1.6 2.5")), R(0), R(1)), "0 2 2");
}

// ---- conditions ---------------------------------------------------------------------------

TEST(TransformsTest, EveryFamily) {
  EXPECT_EQ(onsetValues(every(num(2), revFn(), mini("a b c")), R(0), R(2)), "c b a a b c");
  EXPECT_EQ(onsetValues(every(num(0), revFn(), mini("a b")), R(0), R(1)), "a b");
  // every' 3 1: cycles 1, 4, 7 …; whenmod 4 2: cycles 2, 3, 6, 7 …; negative cycles floored.
  PatternV e = everyOffset(num(3), num(1), revFn(), mini("a b"));
  EXPECT_EQ(onsetValues(e, R(0), R(5)), "a b b a a b a b b a");
  EXPECT_EQ(onsetValues(whenmod(num(4), num(2), revFn(), mini("a b")), R(0), R(8)),
            "a b a b b a b a a b a b b a b a");
  EXPECT_EQ(onsetValues(every(num(2), revFn(), mini("a b")), R(-2), R(0)), "b a a b");
  EXPECT_EQ(onsetValues(lastOf(num(3), revFn(), mini("a b")), R(0), R(3)), "a b a b b a");
  EXPECT_EQ(onsetValues(firstOf(num(3), revFn(), mini("a b")), R(0), R(3)), "b a a b a b");
  // foldEvery [2, 3] f: f once per n with c mod n = 0 (cycle 0: twice, 2: once, 3: once).
  EXPECT_EQ(onsetValues(foldEvery({num(2), num(3)}, addN(10), mini("0")), R(0), R(4)),
            "20 0 10 10");
  EXPECT_EQ(onsetValues(every(mini("<2 3>"), revFn(), mini("a b c")), R(0), R(4)),
            "c b a a b c c b a c b a");
}

TEST(TransformsTest, WhenIsTidalsWhile) {
  EXPECT_EVENTS(whenTrue(mini("1 0", AtomContext::Boolean), addN(10), mini("0 1 2 3")), R(0), R(1),
                "10@0-1/4 11@1/4-1/2 2@1/2-3/4 3@3/4-1");
}

TEST(TransformsTest, Chunk) {
  EXPECT_EQ(onsetValues(chunk(num(4), addN(10), mini("0 1 2 3")), R(0), R(3)),
            "10 1 2 3 0 11 2 3 0 1 12 3");
}

// ---- randomness ---------------------------------------------------------------------------

TEST(TransformsTest, DegradeFamily) {
  EXPECT_EVENTS(degradeBy(num(0.5), mini("a*8")), R(0), R(1), "a@1/8-1/4");
  EXPECT_EVENTS(degradeBy(num(0.5), mini("a*8")), R(1), R(2),
                "a@1-9/8 a@9/8-5/4 a@5/4-11/8 a@3/2-13/8 a@15/8-2");
  EXPECT_EVENTS(degrade(mini("a*8")), R(0), R(1), "a@1/8-1/4");
  // undegradeBy keeps exactly what degradeBy drops.
  EXPECT_EVENTS(undegradeBy(num(0.5), mini("a*8")), R(0), R(1),
                "a@0-1/8 a@1/4-3/8 a@3/8-1/2 a@1/2-5/8 a@5/8-3/4 a@3/4-7/8 a@7/8-1");
  EXPECT_EVENTS(undegrade(mini("a*8")), R(0), R(1),
                events(undegradeBy(num(0.5), mini("a*8")), R(0), R(1)));
  EXPECT_NE(events(degradeSeed(num(1), mini("a*8")), R(0), R(1)),
            events(degrade(mini("a*8")), R(0), R(1)));
}

TEST(TransformsTest, SometimesFamilyDecidesPerEvent) {
  EXPECT_EQ(onsetValues(sometimesBy(num(0.5), addN(10), mini("0*8")), R(0), R(1)),
            "10 0 10 10 10 10 10 10");
  EXPECT_EQ(onsetValues(sometimesBy(num(0.25), addN(10), mini("0*8")), R(0), R(1)),
            "10 0 0 0 0 10 10 0");
}

TEST(TransformsTest, SomeCyclesDecidesPerCycle) {
  PatternV p = someCyclesBy(num(0.5), addN(10), mini("0"));
  EXPECT_EQ(onsetValues(p, R(0), R(8)), "10 0 0 10 10 10 0 10");
}

// ---- layering -------------------------------------------------------------------------------

TEST(TransformsTest, OffSuperimposeLayer) {
  EXPECT_EVENTS(off(num(0.25), addN(12), mini("0 7")), R(0), R(1),
                "0@0-1/2 7@1/2-1 12@1/4-3/4 19@3/4-5/4{3/4-1} 19@-1/4-1/4{0-1/4}");
  EXPECT_EVENTS(superimpose({fastFn(2)}, mini("a b")), R(0), R(1),
                "a@0-1/2 b@1/2-1 a@0-1/4 b@1/4-1/2 a@1/2-3/4 b@3/4-1");
  EXPECT_EVENTS(layer({revFn(), fastFn(2)}, mini("a b")), R(0), R(1),
                "b@0-1/2 a@1/2-1 a@0-1/4 b@1/4-1/2 a@1/2-3/4 b@3/4-1");
}

TEST(TransformsTest, JuxPansWithPlus) {
  PatternV p = jux(revFn(), mini("bd sn"));
  EXPECT_EQ(onsetValues(p, R(0), R(1)),
            R"({"pan":-1,"s":"bd"} {"pan":1,"s":"sn"} {"pan":-1,"s":"sn"} {"pan":1,"s":"bd"})");
  PatternV half = juxBy(num(0.5), revFn(), setControl("pan", num(0.25), mini("bd")));
  EXPECT_EQ(controlValues(half, "pan", R(0), R(1)), "-0.25 0.75");
}

TEST(TransformsTest, PlyWithEchoWith) {
  EXPECT_EVENTS(plyWith(num(3), addN(1), mini("0 10")), R(0), R(1),
                "0@0-1/6 1@1/6-1/3 2@1/3-1/2 10@1/2-2/3 11@2/3-5/6 12@5/6-1");
  EXPECT_EVENTS(echoWith(num(3), frac(1, 8), addN(12), mini("0 ~")), R(0), R(1),
                "0@0-1/2 12@1/8-5/8 24@1/4-3/4");
}

TEST(TransformsTest, SpinGhostWeave) {
  EXPECT_EQ(controlValues(filterOnsets(spin(num(2), mini("a"))), "pan", R(0), R(1)), "-1 0");
  PatternV g = ghost(sounds("bd ~"));
  // superimpose (late 2.5a ∘ f) (superimpose (late 1.5a ∘ f) p): the outer f also applies to
  // the inner ghost, so the last copy has f twice.
  EXPECT_EQ(controlValues(g, "gain", R(0), R(1)), "- 0.7 0.7 0.48999999999999994");
  PatternV w = weave(num(2), controlPattern("pan", mini("0 1")), {mini("a"), mini("b")});
  // Layer i reads the control shifted by i·t/k = i cycles: 0 for a, 1 for b.
  EXPECT_EQ(controlValues(w, "pan", R(0), R(1)), "0 1");
}

// ---- samples and controls -------------------------------------------------------------------

TEST(TransformsTest, ChopStriateSliceSpliceLoopAt) {
  PatternV chopped = chop(num(4), sounds("x"));
  EXPECT_EQ(controlValues(chopped, "begin", R(0), R(1)), "0 0.25 0.5 0.75");
  EXPECT_EQ(controlValues(chopped, "end", R(0), R(1)), "0.25 0.5 0.75 1");
  EXPECT_EQ(chopped.query(R(0), R(1)).size(), 4u);
  PatternV striated = striate(num(2), sounds("a b"));
  EXPECT_EQ(controlValues(striated, "s", R(0), R(1)), "a b a b");
  EXPECT_EQ(controlValues(striated, "begin", R(0), R(1)), "0 0 0.5 0.5");
  PatternV sliced = slice(num(4), mini("0 2"), sounds("bev"));
  EXPECT_EQ(controlValues(sliced, "begin", R(0), R(1)), "0 0.5");
  EXPECT_EQ(controlValues(sliced, "end", R(0), R(1)), "0.25 0.75");
  PatternV spliced = splice(num(4), mini("0 2"), sounds("bev"));
  EXPECT_EQ(controlValues(spliced, "speed", R(0), R(1)), "0.5 0.5");
  EXPECT_EQ(controlValues(spliced, "unit", R(0), R(1)), "c c");
  PatternV looped = loopAt(num(2), sounds("break"));
  EXPECT_EVENTS(fmap(looped, [](const Value&) { return Value::word("break"); }), R(0), R(2),
                "break@0-2");
  EXPECT_EQ(controlValues(filterOnsets(looped), "speed", R(0), R(2)), "0.5");
  EXPECT_EQ(controlValues(legato(num(0.5), sounds("bd*2")), "legato", R(0), R(1)), "0.5 0.5");
  EXPECT_EQ(controlValues(gap(num(4), sounds("x")), "begin", R(0), R(1)), "0 0.5");
}

// ---- cycles ---------------------------------------------------------------------------------

TEST(TransformsTest, RepeatCyclesRibbonBite) {
  EXPECT_EQ(onsetValues(repeatCycles(num(2), mini("<a b c>")), R(0), R(6)), "a a b b c c");
  EXPECT_EQ(onsetValues(ribbon(num(2), num(4), mini("<0 1 2 3 4 5 6 7>")), R(0), R(6)),
            "2 3 4 5 2 3");
  EXPECT_EVENTS(bite(num(4), mini("0 2"), mini("a b c d e f g h")), R(0), R(1),
                "a@0-1/4 b@1/4-1/2 e@1/2-3/4 f@3/4-1");
}

TEST(TransformsTest, FocusTruncTrim) {
  EXPECT_EVENTS(focus(num(0.25), num(0.75), mini("a b")), R(0), R(1),
                "b@0-1/4 a@1/4-1/2 b@1/2-3/4 a@3/4-1");
  EXPECT_EVENTS(trunc(num(0.75), mini("a b")), R(0), R(1), "a@0-1/2 b@1/2-1{1/2-3/4}");
  EXPECT_EVENTS(trim(num(0.25), num(0.75), mini("a b")), R(0), R(1),
                "a@0-1/2{1/4-1/2} b@1/2-1{1/2-3/4}");
}

TEST(TransformsTest, FitResetRestart) {
  EXPECT_EQ(
      onsetValues(fit(num(1), {Value::word("a"), Value::word("b"), Value::word("c")}, mini("0 1")),
                  R(0), R(2)),
      "a b b c");
  // restart: each true event plays the pattern from cycle 0 (here <a b>'s a).
  EXPECT_EQ(onsetValues(restart(mini("~ x", AtomContext::Boolean), mini("<a b>")), R(0), R(2)),
            "a a");
  EXPECT_EQ(onsetValues(reset(mini("x", AtomContext::Boolean), mini("<a b>")), R(0), R(2)), "a b");
}

TEST(TransformsTest, SmoothInterpolates) {
  auto evs = smooth(mini("0 10")).query(R(1, 4), R(1, 4));
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_DOUBLE_EQ(evs[0].value.asNumber(), 5.0);
}

TEST(TransformsTest, HumanizeAndStripeStayDeterministic) {
  EXPECT_EQ(events(humanize(num(0.01), num(0.5), mini("a*4")), R(0), R(1)),
            events(humanize(num(0.01), num(0.5), mini("a*4")), R(0), R(1)));
  EXPECT_EQ(stripe(num(2), mini("a b")).query(R(0), R(1)).size(), 4u);
  EXPECT_EQ(events(groove("jazz", num(1), mini("a*8")), R(0), R(1)),
            events(swingBy(frac(1, 3), num(4), mini("a*8")), R(0), R(1)));
  EXPECT_THROW(groove("polka", num(1), mini("a")), ValueError);
}

// ---- pattern-building functions --------------------------------------------------------------

TEST(BuildersTest, RunScanCatWedgeBinary) {
  EXPECT_EQ(onsetValues(run(num(4)), R(0), R(1)), "0 1 2 3");
  EXPECT_EQ(onsetValues(scan(num(3)), R(0), R(3)), "0 0 1 0 1 2");
  EXPECT_EQ(onsetValues(cat({mini("a b"), mini("<c d>")}), R(0), R(4)), "a b c a b d");
  EXPECT_EVENTS(fastcat({mini("a b"), mini("c")}), R(0), R(1), "a@0-1/4 b@1/4-1/2 c@1/2-1");
  EXPECT_EVENTS(timeCat({{R(1), mini("a")}, {R(3), mini("b c")}}), R(0), R(1),
                "a@0-1/4 b@1/4-5/8 c@5/8-1");
  EXPECT_EVENTS(wedge(num(0.25), mini("a"), mini("b c")), R(0), R(1), "a@0-1/4 b@1/4-5/8 c@5/8-1");
  EXPECT_EQ(onsetValues(binary(num(170)), R(0), R(1)),
            "true false true false true false true false");
  EXPECT_EQ(onsetValues(everyVal(num(2), Value(1), Value(0)), R(0), R(4)), "1 0 1 0");
  EXPECT_EQ(onsetValues(whenmodVal(num(4), num(2), Value(1), Value(0)), R(0), R(4)), "0 0 1 1");
  auto w = walk(num(1)).query(R(0), R(2));
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].value.asNumber(), 0.0);
  EXPECT_DOUBLE_EQ(w[1].value.asNumber(), 2.0 * timeToRand(1.0) - 1.0);
  EXPECT_EQ(onsetValues(mapNumbers([](double x) { return x * x; }, mini("2 3")), R(0), R(1)),
            "4 9");
}

// ---- where the oracle follows Strudel, Phonon follows Tidal (LANGUAGE §12) ----------------

TEST(TidalRules, EuclidRotatesLeft) {
  EXPECT_EVENTS(mini("a(3,8,-1)"), R(0), R(1), "a@1/8-1/4 a@1/2-5/8 a@7/8-1"); // .x..x..x
  EXPECT_EVENTS(mini("a(5,16,3)"), R(0), R(1),
                "a@0-1/16 a@3/16-1/4 a@3/8-7/16 a@9/16-5/8 a@13/16-7/8");
}

TEST(TidalRules, NoteNamesWithoutOctaveAreOctaveFour) {
  EXPECT_EQ(onsetValues(toMidi(mini("c e g")), R(0), R(1)), "60 64 67");
}

TEST(TidalRules, PalindromeIsCatOfPAndRevP) {
  EXPECT_EQ(onsetValues(palindrome(mini("<a b c>")), R(0), R(6)), "a a b b c c");
  // The conflict case combo-030: `<a b>*2 c` $ every 2 (fast 2) $ palindrome. Cycle 1 plays
  // rev of the source's cycle 0 (where fast 2 applied), cycle 2 the source's cycle 1.
  PatternV p = palindrome(every(num(2), fastFn(2), mini("<a b>*2 c")));
  EXPECT_EQ(onsetValues(p, R(1), R(3)), "c b a c b a a b c");
}

TEST(TidalRules, EuclidLegatoRotRotatesLeftAndWraps) {
  // x..x..x. left by 2 = .x..x.x. : pulses at 1, 4, 6, each until the next (6 wraps to 9).
  EXPECT_EVENTS(euclidLegatoRot(num(3), num(8), num(2), mini("a")), R(0), R(1),
                "a@1/8-1/2 a@1/2-3/4 a@3/4-9/8{3/4-1} a@-1/4-1/8{0-1/8}");
}

TEST(TidalRules, ChunkBackStartsWithTheLastChunk) {
  EXPECT_EQ(onsetValues(chunkBack(num(4), addN(10), mini("0 1 2 3")), R(0), R(4)),
            "0 1 2 13 0 1 12 3 0 11 2 3 10 1 2 3");
}

TEST(TidalRules, WithinAppliesFThenFiltersWithAnExclusiveEnd) {
  EXPECT_EVENTS(within(num(0), num(0.5), fastFn(2), mini("a b c d")), R(0), R(1),
                "a@0-1/8 b@1/8-1/4 c@1/4-3/8 d@3/8-1/2 c@1/2-3/4 d@3/4-1");
  // An onset exactly at the end bound is outside.
  EXPECT_EVENTS(within(num(0), num(0.5), addN(10), mini("0 1")), R(0), R(1), "10@0-1/2 1@1/2-1");
}

} // namespace
} // namespace phonon::test
