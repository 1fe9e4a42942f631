// Event ports (LANGUAGE §7.2): nodes that read a boolean pattern's onsets, values and ends,
// rendered through the JIT, the interpreter and an object file (bit for bit the same) and
// measured to the sample.
#include "AudioAnalysis.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

namespace phonon::test {
namespace {

constexpr size_t kRate = 48000;

/// The left channel of `body` (after `tempo: 1`, so a cycle is 48000 samples) rendered for
/// `seconds` by the JIT; the interpreter, an object file and other block sizes must give the
/// same samples.
std::vector<float> renderEveryWay(const std::string& body, double seconds) {
  static int counter = 0;
  std::string base = tempDir() + "/event-ports" + std::to_string(counter++);
  std::ofstream(base + ".ph") << "tempo: 1\n" << body << "\n";
  CommandResult compiled =
      runCommand(phononcBinary() + " '" + base + ".ph' -o '" + base + ".o' -O3");
  EXPECT_EQ(compiled.exitCode, 0) << compiled.output;
  std::vector<std::vector<float>> renders;
  const std::string duration = " --duration " + std::to_string(seconds);
  for (const std::string& run :
       {base + ".ph' -O0", base + ".ph' -O3 --engine interp", base + ".o'",
        base + ".ph' -O3 --block 37 --threads 2", base + ".ph' -O2 --block 1"}) {
    std::string wav = base + "-" + std::to_string(renders.size()) + ".wav";
    CommandResult r =
        runCommand(phononBinary() + " render '" + run + " -o '" + wav + "'" + duration);
    EXPECT_EQ(r.exitCode, 0) << r.output;
    rt::AudioData audio;
    std::string error;
    EXPECT_TRUE(rt::readAudioFile(wav, audio, error)) << error;
    renders.push_back(channel(audio, 0));
  }
  for (size_t i = 1; i < renders.size(); ++i)
    EXPECT_EQ(maxDifference(renders[0], renders[i]), 0.0) << body << ": render " << i;
  EXPECT_EQ(renders[0].size(), static_cast<size_t>(seconds * kRate));
  return renders[0];
}

/// The samples that are not 0, each of which must be exactly 1.
std::vector<size_t> pulses(const std::vector<float>& x) {
  std::vector<size_t> at;
  for (size_t k = 0; k < x.size(); ++k)
    if (x[k] != 0.0f) {
      EXPECT_EQ(x[k], 1.0f) << "sample " << k;
      at.push_back(k);
    }
  return at;
}

using Samples = std::vector<size_t>;

TEST(EventPortsTest, TrigPulsesOnEveryTrueOnsetRepeatedValuesIncluded) {
  // Quarter cycles are 12000 samples: `t t f t` has true onsets at 0, 12000 and 36000.
  EXPECT_EQ(pulses(renderEveryWay("out: trig \"t t f t\"", 2)),
            (Samples{0, 12000, 36000, 48000, 60000, 84000}));
  // Four equal values are four events, four pulses.
  EXPECT_EQ(pulses(renderEveryWay("out: trig \"t*4\"", 1)), (Samples{0, 12000, 24000, 36000}));
  // A rest is a rest: no pulse, and the next true event pulses again.
  EXPECT_EQ(pulses(renderEveryWay("out: trig \"t ~ t t\"", 1)), (Samples{0, 24000, 36000}));
  // Booleans as LANGUAGE §5.3 reads them: t, 1, true, x and nonzero numbers are true.
  EXPECT_EQ(pulses(renderEveryWay("out: trig \"t f 1 0 true false x 2\"", 1)),
            (Samples{0, 12000, 24000, 36000, 42000}));
  // A number is a pure pattern: one event, one pulse, per cycle.
  EXPECT_EQ(pulses(renderEveryWay("out: trig 1", 2)), (Samples{0, 48000}));
}

TEST(EventPortsTest, AnOnsetBetweenSamplesPulsesOnTheFirstSampleAfterIt) {
  // Sevenths of a cycle fall between samples: the onset k/7 lands on ⌈48000·k/7⌉, whatever the
  // block size (a block of 37 or of 1 puts many onsets on a block's first sample).
  Samples expected;
  for (size_t k = 0; k < 7; ++k) expected.push_back((kRate * k + 6) / 7);
  EXPECT_EQ(pulses(renderEveryWay("out: trig \"t*7\"", 1)), expected);
}

TEST(EventPortsTest, GateIsOneExactlyWhileATrueEventIsActive) {
  std::vector<float> x = renderEveryWay("out: gate \"t ~ t f\" + gate \"~ ~ ~ t\" * 0.5", 1);
  for (size_t k = 0; k < x.size(); ++k) {
    float expected = k < 12000 || (k >= 24000 && k < 36000) ? 1.0f : k >= 36000 ? 0.5f : 0.0f;
    ASSERT_EQ(x[k], expected) << "sample " << k;
  }
}

/// The first sample at or after `from` where x is exactly `level`, or x.size().
size_t firstAt(const std::vector<float>& x, float level, size_t from = 0) {
  while (from < x.size() && x[from] != level) ++from;
  return from;
}

TEST(EventPortsTest, TadsrSegmentsLastTheirTimesAndReleaseAtEachEventsEnd) {
  // a 10 ms, d 20 ms, s 0.5, r 50 ms: 480, 960 and 2400 samples. The events are [0, 12000) and
  // [24000, 36000); each release starts at the event's end and falls during the rest.
  std::vector<float> x = renderEveryWay("out: tadsr \"t ~ t ~\" 0.01 0.02 0.5 0.05", 1);
  for (size_t onset : {0u, 24000u}) {
    EXPECT_EQ(x[onset], 0.0f);
    if (onset > 0) {
      EXPECT_EQ(x[onset - 1], 0.0f); // released to 0 before the next event
    }
    EXPECT_NEAR(x[onset + 240], 0.5f, 1e-6); // halfway up the attack
    EXPECT_EQ(firstAt(x, 1.0f, onset), onset + 480);
    EXPECT_NEAR(x[onset + 480 + 480], 0.75f, 1e-6); // halfway down the decay
    EXPECT_EQ(firstAt(x, 0.5f, onset + 480), onset + 480 + 960);
    size_t end = onset + 12000;
    for (size_t k = onset + 1440; k <= end; ++k) ASSERT_EQ(x[k], 0.5f) << "sustain at " << k;
    EXPECT_LT(x[end + 1], 0.5f); // the release starts on the event's end sample
    EXPECT_NEAR(x[end + 1200], 0.25f, 1e-6);
    EXPECT_EQ(firstAt(x, 0.0f, end), end + 2400);
    for (size_t k = end + 2400; k < onset + 24000 && k < x.size(); ++k)
      ASSERT_EQ(x[k], 0.0f) << "rest at " << k;
  }
}

TEST(EventPortsTest, TadsrRetriggersAtTheSecondOfTwoEqualEvents) {
  // `t t`: the gate never closes, but the second onset (sample 24000) restarts the attack from
  // the sustain level, reaching 1 again 480 samples later; with a 1 ms release nothing falls
  // below the sustain level before the cycle ends.
  std::vector<float> x = renderEveryWay("out: tadsr \"t t\" 0.01 0.02 0.5 0.001", 1);
  EXPECT_EQ(firstAt(x, 1.0f), 480u);
  EXPECT_EQ(firstAt(x, 0.5f, 480), 1440u);
  EXPECT_EQ(x[24000], 0.5f);
  EXPECT_GT(x[24001], 0.5f);
  EXPECT_NEAR(x[24240], 0.75f, 1e-6);
  EXPECT_EQ(firstAt(x, 1.0f, 1440), 24480u);
  EXPECT_EQ(firstAt(x, 0.5f, 24480), 24480u + 960);
  for (size_t k = 1440; k < x.size(); ++k) ASSERT_GE(x[k], 0.5f) << "sample " << k;
  // A false event closes the gate: the release starts on its onset sample.
  std::vector<float> y = renderEveryWay("out: tadsr \"t f\" 0.01 0.02 0.5 0.001", 1);
  EXPECT_EQ(y[24000], 0.5f);
  EXPECT_EQ(firstAt(y, 0.0f, 1440), 24048u); // 48 samples of release from the false onset
}

TEST(EventPortsTest, TadsrReleasesFromTheLevelReachedWhenAnEventEndsDuringItsAttack) {
  // A 0.5 s attack and a 0.25 s event: at its end (sample 12000) the level is about halfway
  // and falls from there to 0 in the 0.1 s release (4800 samples); it never reaches 1.
  std::vector<float> x = renderEveryWay("out: tadsr \"t ~ ~ ~\" 0.5 0.1 0.5 0.1", 1);
  EXPECT_NEAR(x[11999], 11999.0f / 24000, 1e-6);
  EXPECT_EQ(x[12000], x[11999]);
  EXPECT_NEAR(x[12000 + 2400], x[11999] / 2, 1e-6);
  EXPECT_EQ(firstAt(x, 0.0f, 12000), 12000u + 4800);
  EXPECT_LT(*std::max_element(x.begin(), x.end()), 0.5f);
}

TEST(EventPortsTest, TarRisesAndFallsFromEachTrueOnsetWhateverTheEventsLength) {
  std::vector<float> x = renderEveryWay("out: tar \"t ~ t*2 ~\" 0.01 0.05", 1);
  for (size_t onset : {0u, 24000u, 30000u}) {
    EXPECT_EQ(x[onset], 0.0f);
    EXPECT_EQ(firstAt(x, 1.0f, onset), onset + 480);
    EXPECT_NEAR(x[onset + 480 + 1200], 0.5f, 1e-6);
    EXPECT_EQ(firstAt(x, 0.0f, onset + 480), onset + 480 + 2400);
  }
  EXPECT_EQ(firstAt(x, 1.0f, 30481), x.size()); // no further onset
}

} // namespace
} // namespace phonon::test
