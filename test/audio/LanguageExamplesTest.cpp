// The examples of LANGUAGE.md §11 that play samples and synth voices, rendered and checked
// against what the spec says they produce, and the sound-pattern idioms a Tidal or Strudel user
// writes on the first day (issue 12). Every render is the same bit for bit through the JIT,
// the interpreter, an object file and other block sizes.
//
// Onsets and sounds are checked by superposition: voices sum without normalisation (§8.2), so a
// render must equal the sum of each of its sounds rendered alone, shifted to its onset sample
// and scaled by its gain. That pins every onset to the sample (0.02 ms at 48 kHz) and tells the
// sounds apart, even where they overlap.
#include "AudioAnalysis.h"
#include "SampleTestSupport.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

namespace phonon::test {
namespace {

constexpr size_t kRate = 48000;

struct Stereo {
  std::vector<float> left, right;
};

Stereo readStereo(const std::string& wav) {
  rt::AudioData audio;
  std::string error;
  EXPECT_TRUE(rt::readAudioFile(wav, audio, error)) << error;
  return {channel(audio, 0), channel(audio, 1)};
}

/// `program` rendered for `seconds` by the JIT; with `everyWay`, the interpreter, an object file
/// and other block sizes and thread counts must give the same samples.
Stereo render(const std::string& program, double seconds, bool everyWay = true,
              const std::string& flags = "") {
  static int counter = 0;
  std::string base = tempDir() + "/example" + std::to_string(counter++);
  std::ofstream(base + ".ph") << program << "\n";
  std::vector<std::string> runs = {base + ".ph' -O2"};
  if (everyWay) {
    CommandResult compiled =
        runCommand(phononcBinary() + " '" + base + ".ph' -o '" + base + ".o' -O3");
    EXPECT_EQ(compiled.exitCode, 0) << compiled.output;
    runs.insert(runs.end(), {base + ".ph' -O0", base + ".ph' -O3 --engine interp", base + ".o'",
                             base + ".ph' -O3 --block 37 --threads 2"});
  }
  std::vector<Stereo> renders;
  for (const std::string& run : runs) {
    std::string wav = base + "-" + std::to_string(renders.size()) + ".wav";
    CommandResult r = runCommand(phononBinary() + " render '" + run + " -o '" + wav +
                                 "' --duration " + std::to_string(seconds) + " " + flags);
    EXPECT_EQ(r.exitCode, 0) << program << "\n" << r.output;
    renders.push_back(readStereo(wav));
  }
  for (size_t i = 1; i < renders.size(); ++i) {
    EXPECT_EQ(maxDifference(renders[0].left, renders[i].left), 0.0) << program << ": " << runs[i];
    EXPECT_EQ(maxDifference(renders[0].right, renders[i].right), 0.0) << program << ": " << runs[i];
  }
  EXPECT_EQ(renders[0].left.size(), static_cast<size_t>(seconds * kRate));
  return renders[0];
}

/// One sound (`bd`, `bd:2`, or a whole expression such as `s "bd" # speed 2`) rendered alone
/// from time 0 (a 4 s cycle: it plays once), left channel (the kit is mono).
const std::vector<float>& alone(const std::string& sound) {
  static std::map<std::string, std::vector<float>> cache;
  auto it = cache.find(sound);
  if (it == cache.end()) {
    std::string expression = sound.find('"') == std::string::npos ? "s \"" + sound + "\"" : sound;
    it = cache.emplace(sound, render("tempo: 0.25\nout: " + expression, 2.5, false).left).first;
  }
  return it->second;
}

struct Hit {
  double seconds;
  std::string sound;
  double gain = 1.0;
};

/// The sum of each hit's sound alone, starting on the first sample at or after its time.
std::vector<float> superpose(const std::vector<Hit>& hits, size_t frames) {
  std::vector<double> sum(frames, 0.0);
  for (const Hit& h : hits) {
    const std::vector<float>& x = alone(h.sound);
    auto at = static_cast<size_t>(std::ceil(h.seconds * kRate - 1e-6));
    for (size_t k = 0; at + k < frames && k < x.size(); ++k) sum[at + k] += h.gain * x[k];
  }
  return {sum.begin(), sum.end()};
}

/// `x` is `hits` superposed (up to the rounding of a different summation order).
void expectHits(const std::vector<float>& x, const std::vector<Hit>& hits,
                const std::string& what) {
  std::vector<float> expected = superpose(hits, x.size());
  size_t first = 0;
  while (first < x.size() && std::fabs(x[first] - expected[first]) < 2e-6) ++first;
  EXPECT_EQ(first, x.size()) << what << ": differs first at " << first / double(kRate) << " s";
  EXPECT_GT(peak(x), 0.1) << what;
}

/// A run from a directory with no `samples` folder and no PHONON_SAMPLES: the built-in kit.
using LanguageExamplesTest = BuiltInKitTest;

TEST_F(LanguageExamplesTest, Example3KicksEveryHalfSecondAt120Bpm) {
  Stereo s = render("bpm: 120\nout: s \"bd*4\"", 2);
  expectHits(s.left, {{0, "bd"}, {0.5, "bd"}, {1.0, "bd"}, {1.5, "bd"}}, "(3)");
  EXPECT_EQ(maxDifference(s.left, s.right), 0.0);
}

TEST_F(LanguageExamplesTest, Example4EuclideanKicksAtTheDefaultTempo) {
  // (3,8) is x..x..x.; rotated left by 2 it is .x..x.x. — eighths 1, 4, 6 of a 2 s cycle.
  Stereo s = render("out: s \"bd(3,8,2)\"", 2);
  expectHits(s.left, {{0.25, "bd"}, {1.0, "bd"}, {1.5, "bd"}}, "(4)");
}

/// `synth "<notes>" "saw" 0.01 0.1 0.6 0.2 # lpf 2000 1`, one cycle of tempo 1.
std::vector<float> synthLine(const std::string& notes) {
  return render("tempo: 1\nout: synth \"" + notes + "\" \"saw\" 0.01 0.1 0.6 0.2 # lpf 2000 1", 1)
      .left;
}

TEST_F(LanguageExamplesTest, Example9EachGateClosesAtItsEventEndAndReleases) {
  // The voices and the filter are linear: the line is the sum of its notes played alone, and
  // each note alone shows its own gate. A quarter-cycle event gates at its end; the 0.2 s
  // release then ends in silence (the filter's ringing dies within a few ms).
  std::vector<float> line = synthLine("c4 e4 g4 ~");
  std::vector<float> c4 = synthLine("c4 ~ ~ ~"), e4 = synthLine("~ e4 ~ ~"),
                     g4 = synthLine("~ ~ g4 ~");
  std::vector<float> sum(line.size());
  for (size_t k = 0; k < sum.size(); ++k) sum[k] = c4[k] + e4[k] + g4[k];
  EXPECT_LT(maxDifference(line, sum), 1e-5);
  struct Note {
    const std::vector<float>& x;
    double from, to, hz;
  };
  for (const Note& n :
       {Note{c4, 0, 0.45, 261.63}, Note{e4, 0.25, 0.70, 329.63}, Note{g4, 0.5, 0.95, 392.0}}) {
    auto from = static_cast<size_t>(n.from * kRate), to = static_cast<size_t>(n.to * kRate);
    EXPECT_EQ(peak(slice(n.x, 0, from)), 0.0) << n.hz;
    EXPECT_NEAR(spectralPeakHz(slice(n.x, from + 960, from + 12000), kRate, 100, 1000), n.hz, 1.5);
    // Still releasing 10 ms before the end, at most a filter's ring 10 ms after it.
    EXPECT_GT(peak(slice(n.x, to - 960, to - 480)), 0.01) << n.hz;
    EXPECT_LT(peak(slice(n.x, to + 480, kRate)), 1e-4) << n.hz;
  }
  EXPECT_LT(peak(slice(line, 46080, kRate)), 1e-4); // silence in 0.96–1 s
}

TEST_F(LanguageExamplesTest, Example10EveryThirdCycleSqueezesTwoSourceCycles) {
  Stereo s = render("tempo: 1\nout: s \"bd*2 [~ sn] hh*3 <cp oh>\" $ every 3 (fast 2)", 4);
  std::vector<Hit> hits;
  // One source cycle from `at`, `scale` seconds long, ending in `last`.
  auto cycle = [&hits](double at, double scale, const char* last) {
    for (double t : {0.0, 0.125}) hits.push_back({at + t * scale, "bd"});
    hits.push_back({at + 0.375 * scale, "sn"});
    for (double t : {0.5, 0.5 + 1.0 / 12, 0.5 + 2.0 / 12}) hits.push_back({at + t * scale, "hh"});
    hits.push_back({at + 0.75 * scale, last});
  };
  cycle(0, 0.5, "cp"); // cycle 0: source cycles 0 and 1
  cycle(0.5, 0.5, "oh");
  cycle(1, 1, "oh"); // cycles 1 and 2 as written: oh in odd cycles, cp in even
  cycle(2, 1, "cp");
  cycle(3, 0.5, "cp"); // cycle 3: source cycles 6 and 7
  cycle(3.5, 0.5, "oh");
  expectHits(s.left, hits, "(10)");
}

TEST_F(LanguageExamplesTest, Example11JuxRevPutsTheReversedOrderOnTheRight) {
  // jux pans the original hard left and the transformed copy hard right; the balance law
  // (§7.7) passes each at unit gain to its own channel and nothing to the other.
  Stereo s = render("tempo: 1\nout: s \"bd sn hh cp\" $ jux rev", 1);
  expectHits(s.left, {{0, "bd"}, {0.25, "sn"}, {0.5, "hh"}, {0.75, "cp"}}, "left");
  expectHits(s.right, {{0, "cp"}, {0.25, "hh"}, {0.5, "sn"}, {0.75, "bd"}}, "right");
}

TEST_F(LanguageExamplesTest, Example12PlaysTheFourVariantsOfBd) {
  Stereo s = render("tempo: 1\nout: n \"0 1 2 3\" # s \"bd\" # gain 0.9", 1);
  expectHits(s.left,
             {{0, "bd:0", 0.9}, {0.25, "bd:1", 0.9}, {0.5, "bd:2", 0.9}, {0.75, "bd:3", 0.9}},
             "(12)");
  // The variants differ (frequencies × 1 − 0.08j): this could not pass with one sound.
  EXPECT_GT(maxDifference(alone("bd:0"), alone("bd:3")), 0.1);
}

TEST_F(LanguageExamplesTest, Example13ReverberatesEvenCyclesOnly) {
  // The switch runs both branches all the time and crossfades over 2 ms (96 samples) at each
  // cycle start: past the fade, even cycles are the reverberated beat, odd ones the dry beat.
  const double seconds = 4;
  Stereo example = render("tempo: 1\nout: s \"bd*4 sn\" $ every 2 (# reverb 0.8 0.5 0.4)", seconds);
  Stereo dry = render("tempo: 1\nout: s \"bd*4 sn\"", seconds, false);
  Stereo wet = render("tempo: 1\nout: s \"bd*4 sn\" # reverb 0.8 0.5 0.4", seconds, false);
  for (size_t cycle = 0; cycle < 4; ++cycle) {
    size_t from = cycle * kRate + (cycle > 0 ? 96 : 0), to = (cycle + 1) * kRate;
    const Stereo& expected = cycle % 2 == 0 ? wet : dry;
    const Stereo& other = cycle % 2 == 0 ? dry : wet;
    EXPECT_LT(maxDifference(slice(example.left, from, to), slice(expected.left, from, to)), 1e-6)
        << "cycle " << cycle;
    EXPECT_LT(maxDifference(slice(example.right, from, to), slice(expected.right, from, to)), 1e-6)
        << "cycle " << cycle;
    EXPECT_GT(maxDifference(slice(example.left, from, to), slice(other.left, from, to)), 1e-3)
        << "cycle " << cycle;
  }
}

TEST_F(LanguageExamplesTest, Example14IsAQuieterWetterBeat) {
  // The default tempo: a 2 s cycle, bd at 0 (0.8 s long) and sn at 1 s (0.4 s long).
  const std::string example = "@wet: delay 0.375 0.4 0.3 # reverb 0.6 0.5 0.2\n"
                              "fn kit p = s p # gain 0.8\n"
                              "out: kit \"bd ~ sn ~\" # @wet";
  Stereo wet = render(example, 2);
  Stereo plain = render("out: s \"bd ~ sn ~\"", 2, false);
  // The function and the template expand to the chain written out.
  Stereo written = render(
      "out: s \"bd ~ sn ~\" # gain 0.8 # delay 0.375 0.4 0.3 # reverb 0.6 0.5 0.2", 2, false);
  EXPECT_EQ(maxDifference(wet.left, written.left), 0.0);
  EXPECT_EQ(maxDifference(wet.right, written.right), 0.0);
  EXPECT_LT(peak(wet.left), 0.8 * peak(plain.left));
  EXPECT_LT(rms(slice(wet.left, 0, 38400)), 0.8 * rms(slice(plain.left, 0, 38400)));
  // Wetter: the plain beat is silent after the snare (1.4–2 s), the wet one still sounds.
  EXPECT_EQ(peak(slice(plain.left, 67200, 96000)), 0.0);
  EXPECT_GT(rms(slice(wet.left, 67200, 96000)), 1e-3);
}

TEST_F(LanguageExamplesTest, Example15WritesTwoStemsAndTheirSumOverRootTwo) {
  std::string dir = tempDir() + "/example15";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/mix.ph") << "outmix: sqrt\nout1: s \"bd*4\"\nout2: s \"~ hh*2 ~ hh\"\n";
  CommandResult r = runCommand(phononBinary() + " render '" + dir + "/mix.ph' -o '" + dir +
                               "/mix.wav' --duration 2 --stems");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  Stereo mix = readStereo(dir + "/mix.wav");
  Stereo out1 = readStereo(dir + "/mix.out1.wav");
  Stereo out2 = readStereo(dir + "/mix.out2.wav");
  // cps 0.5: quarters of 0.5 s; hh*2 in the second quarter, hh in the fourth.
  expectHits(out1.left, {{0, "bd"}, {0.5, "bd"}, {1.0, "bd"}, {1.5, "bd"}}, "out1");
  expectHits(out2.left, {{0.5, "hh"}, {0.75, "hh"}, {1.5, "hh"}}, "out2");
  ASSERT_EQ(mix.left.size(), out1.left.size());
  double worst = 0;
  for (size_t k = 0; k < mix.left.size(); ++k)
    worst =
        std::max(worst, std::fabs(mix.left[k] - (out1.left[k] + out2.left[k]) / std::sqrt(2.0)));
  EXPECT_LT(worst, 1e-6);
}

/// `x` from `at` is `source` from `from` for `n` samples, exactly.
void expectCopy(const std::vector<float>& x, size_t at, const std::vector<float>& source,
                size_t from, size_t n, const std::string& what) {
  EXPECT_EQ(maxDifference(slice(x, at, at + n), slice(source, from, from + n)), 0.0) << what;
}

// Day one with sound patterns: each idiom rendered, and something the spec promises measured.

TEST_F(LanguageExamplesTest, EveryAndFastOnASoundPattern) {
  Stereo s = render("tempo: 1\nout: s \"bd*2\" $ every 4 (fast 2)", 2);
  expectHits(s.left, {{0, "bd"}, {0.25, "bd"}, {0.5, "bd"}, {0.75, "bd"}, {1, "bd"}, {1.5, "bd"}},
             "every 4 (fast 2)");
}

TEST_F(LanguageExamplesTest, ChopPlaysEachPieceOfTheSampleInItsPartOfTheEvent) {
  // bd is 38400 samples: piece i is 9600 of them from 9600·i, started at quarter i of the
  // cycle (12000·i); a piece ends with its region, then silence until the next.
  Stereo s = render("tempo: 1\nout: s \"bd\" $ chop 4", 1);
  for (size_t i = 0; i < 4; ++i) {
    expectCopy(s.left, 12000 * i, alone("bd"), 9600 * i, 9600, "piece " + std::to_string(i));
    EXPECT_EQ(peak(slice(s.left, 12000 * i + 9600, 12000 * (i + 1))), 0.0) << i;
  }
}

TEST_F(LanguageExamplesTest, StriateInterleavesThePiecesOfEachSound) {
  // striate 4: four copies of the cycle, copy i playing region i/4 … (i+1)/4 of each sound.
  Stereo s = render("tempo: 1\nout: s \"bd sn\" $ striate 4", 1);
  std::vector<Hit> hits;
  for (int i = 0; i < 4; ++i) {
    std::string region =
        " # begin " + std::to_string(i / 4.0) + " # end " + std::to_string((i + 1) / 4.0);
    hits.push_back({i * 0.25, "s \"bd\"" + region});
    hits.push_back({i * 0.25 + 0.125, "s \"sn\"" + region});
  }
  expectHits(s.left, hits, "striate 4");
}

TEST_F(LanguageExamplesTest, SometimesDoublesTheSpeedOfSomeEvents) {
  // rim lasts 0.1 s, an eighth 0.125 s: each eighth is one rim, at speed 1 or 2.
  Stereo s = render("tempo: 1\nout: s \"rim*8\" $ sometimes (# speed 2)", 2);
  const std::vector<float>& normal = alone("rim");
  const std::vector<float>& fast = alone("s \"rim\" # speed 2");
  size_t fastOnes = 0;
  for (size_t i = 0; i < 16; ++i) {
    std::vector<float> eighth = slice(s.left, 6000 * i, 6000 * (i + 1));
    bool isNormal = maxDifference(eighth, slice(normal, 0, 6000)) == 0.0;
    bool isFast = maxDifference(eighth, slice(fast, 0, 6000)) == 0.0;
    EXPECT_TRUE(isNormal || isFast) << "eighth " << i;
    fastOnes += isFast;
  }
  EXPECT_GT(fastOnes, 2u);
  EXPECT_LT(fastOnes, 14u);
}

TEST_F(LanguageExamplesTest, NumberPatternsPickTheVariants) {
  Stereo range = render("tempo: 1\nout: n \"0 .. 3\" # s \"bd\"", 1);
  expectHits(range.left, {{0, "bd:0"}, {0.25, "bd:1"}, {0.5, "bd:2"}, {0.75, "bd:3"}}, "0 .. 3");
  Stereo third = render("tempo: 1\nout: s \"bd\" # n 3", 1, false);
  expectHits(third.left, {{0, "bd:3"}}, "# n 3");
  // Variant 3 multiplies the frequencies by 1 − 0.24: a 38 Hz body.
  EXPECT_NEAR(spectralPeakHz(slice(alone("bd:3"), 14400, 38400), kRate, 20, 200), 38.0, 1.5);
}

TEST_F(LanguageExamplesTest, NegativeSpeedPlaysTheSampleBackwards) {
  Stereo s = render("tempo: 1\nout: s \"bd\" # speed -1", 1);
  std::vector<float> reversed(alone("bd").begin(), alone("bd").begin() + 38400);
  std::reverse(reversed.begin(), reversed.end());
  EXPECT_EQ(maxDifference(slice(s.left, 0, 38400), reversed), 0.0);
  EXPECT_EQ(peak(slice(s.left, 38400, kRate)), 0.0);
}

TEST_F(LanguageExamplesTest, LegatoGatesEachKickAtHalfItsEvent) {
  // Gate at 0.25 s, then the 2 ms fade of a zero release (§8.2), silence until the next kick.
  Stereo s = render("tempo: 1\nout: s \"bd*2\" # legato 0.5", 1);
  for (size_t i = 0; i < 2; ++i) {
    expectCopy(s.left, 24000 * i, alone("bd"), 0, 12000, "kick " + std::to_string(i));
    EXPECT_GT(peak(slice(s.left, 24000 * i + 12000, 24000 * i + 12096)), 0.0);
    EXPECT_EQ(peak(slice(s.left, 24000 * i + 12096, 24000 * (i + 1))), 0.0);
  }
}

TEST_F(LanguageExamplesTest, BeginEndAndLoopChooseTheRegion) {
  Stereo region = render("tempo: 1\nout: s \"bd\" # begin 0.25 # end 0.5", 1);
  expectCopy(region.left, 0, alone("bd"), 9600, 9600, "begin 0.25 end 0.5");
  EXPECT_EQ(peak(slice(region.left, 9600, kRate)), 0.0);
  // rim is 4800 samples; looped, it repeats until the gate at the event's end (1 s).
  Stereo looped = render("tempo: 1\nout: s \"rim\" # loop 1", 1);
  for (size_t i = 0; i < 10; ++i)
    expectCopy(looped.left, 4800 * i, alone("rim"), 0, 4800, "repeat " + std::to_string(i));
}

/// A mono WAV of a 1 kHz sine at 48 kHz, 0.5 s long.
void writeTone(const std::string& path) {
  std::vector<float> x(kRate / 2);
  for (size_t k = 0; k < x.size(); ++k)
    x[k] = static_cast<float>(0.5 * std::sin(2 * M_PI * 1000.0 * static_cast<double>(k) / kRate));
  writeMonoWav(path, static_cast<int>(kRate), x);
}

TEST_F(LanguageExamplesTest, NoteTransposesASample) {
  std::string root = tempDir() + "/tones";
  std::filesystem::create_directories(root + "/tone");
  writeTone(root + "/tone/a.wav");
  Stereo s =
      render("tempo: 1\nout: s \"tone*2\" # note \"0 7\"", 1, true, "--samples '" + root + "'");
  EXPECT_NEAR(spectralPeakHz(slice(s.left, 0, 24000), kRate, 100, 5000), 1000.0, 1.0);
  // A fifth up plays at 2^(7/12): 1498.3 Hz, and the 0.5 s file lasts 0.334 s.
  EXPECT_NEAR(spectralPeakHz(slice(s.left, 24000, 24000 + 15000), kRate, 100, 5000), 1498.3, 1.5);
  EXPECT_EQ(peak(slice(s.left, 24000 + 16100, kRate)), 0.0);
}

TEST_F(LanguageExamplesTest, EffectsChainedAfterVoicesProcessThem) {
  // One hat (0.15 s) through a low-pass and a delay of 0.25 s, feedback 0.4, mix 0.3: the
  // delay outputs 0.7 × the filtered hat, then echoes at 0.25 s and 0.5 s, each 0.4 × the last.
  Stereo plain = render("tempo: 0.25\nout: s \"hh\"", 1, false);
  Stereo chain = render("tempo: 0.25\nout: s \"hh\" # lpf 800 1 # delay 0.25 0.4 0.3", 1);
  double dry = rms(slice(chain.left, 0, 7200));
  double echo1 = rms(slice(chain.left, 12000, 19200));
  double echo2 = rms(slice(chain.left, 24000, 31200));
  EXPECT_LT(dry, 0.1 * rms(slice(plain.left, 0, 7200))); // the hat is above 7 kHz
  EXPECT_GT(dry, 1e-4);
  EXPECT_NEAR(echo1 / dry, 0.3 / 0.7, 0.02);
  EXPECT_NEAR(echo2 / echo1, 0.4, 0.02);
  EXPECT_LT(rms(slice(chain.left, 9000, 12000)), 0.01 * dry); // nothing between
}

TEST_F(LanguageExamplesTest, VoicesMixWithSignals) {
  Stereo mixed = render("tempo: 1\nout: s \"bd sn\" + sine 440 * 0.1", 1);
  Stereo voices = render("tempo: 1\nout: s \"bd sn\"", 1, false);
  std::vector<float> difference(mixed.left.size());
  for (size_t k = 0; k < difference.size(); ++k) difference[k] = mixed.left[k] - voices.left[k];
  EXPECT_NEAR(amplitudeAt(difference, kRate, 440), 0.1, 0.002);
  EXPECT_NEAR(peak(difference), 0.1, 0.001);
}

TEST_F(LanguageExamplesTest, StacksFunctionsAndNumberedOutputsOfSounds) {
  expectHits(render("tempo: 1\nout: stack [s \"bd*2\", s \"hh*4\"]", 1).left,
             {{0, "bd"}, {0.5, "bd"}, {0, "hh"}, {0.25, "hh"}, {0.5, "hh"}, {0.75, "hh"}}, "stack");
  expectHits(render("tempo: 1\nfn kit p = s p # gain 0.8\nout: kit \"bd sn\"", 1).left,
             {{0, "bd", 0.8}, {0.5, "sn", 0.8}}, "fn kit");
  // The main mix sums the outputs that are not hushed (outmix none).
  const std::string outputs = "tempo: 1\nout1: s \"bd*2\"\nout2: s \"hh*4\"\n";
  expectHits(render(outputs + "hush2", 1).left, {{0, "bd"}, {0.5, "bd"}}, "hush2");
  expectHits(render(outputs + "hush\nunhush2", 1).left,
             {{0, "hh"}, {0.25, "hh"}, {0.5, "hh"}, {0.75, "hh"}}, "hush, unhush2");
}

TEST_F(LanguageExamplesTest, OperatorsWithControlPatternsChangeTheControlsOfSounds) {
  // §3.7: on control patterns an operator applies to the controls on both sides and keeps the
  // others — `|+ n 1` gives the sounds an n of 1, `|* speed 2` doubles their speed.
  expectHits(render("tempo: 1\nout: s \"bd sn\" |+ n 1", 1).left, {{0, "bd:1"}, {0.5, "sn:1"}},
             "|+ n 1");
  expectHits(render("tempo: 1\nout: n \"0 1\" # s \"bd\" |+ n 2", 1).left,
             {{0, "bd:2"}, {0.5, "bd:3"}}, "n |+ n 2");
  expectHits(render("tempo: 1\nout: s \"bd sn\" # speed \"1 2\" |* speed 2", 1).left,
             {{0, "s \"bd\" # speed 2"}, {0.5, "s \"sn\" # speed 4"}}, "|* speed 2");
  // Against numbers and other sounds a sound pattern is audio: scaled, and mixed.
  expectHits(render("tempo: 1\nout: s \"bd sn\" * 0.5", 1).left, {{0, "bd", 0.5}, {0.5, "sn", 0.5}},
             "* 0.5");
  expectHits(render("tempo: 1\nout: s \"bd\" + s \"~ hh\"", 1).left, {{0, "bd"}, {0.5, "hh"}},
             "sound + sound");
}

TEST_F(LanguageExamplesTest, TheTransformCatalogueExamplesPlayAsWritten) {
  // The examples of LANGUAGE §6.2 on sound patterns, at tempo 1 (a cycle is a second).
  expectHits(render("tempo: 1\nout: s \"bd sn\" $ hurry 2", 1).left,
             {{0, "s \"bd\" # speed 2"},
              {0.25, "s \"sn\" # speed 2"},
              {0.5, "s \"bd\" # speed 2"},
              {0.75, "s \"sn\" # speed 2"}},
             "hurry 2");
  expectHits(render("tempo: 1\nout: s \"bd ~\" $ echo 3 0.2 0.5", 1).left,
             {{0, "bd"}, {0.2, "bd", 0.5}, {0.4, "bd", 0.25}}, "echo 3 0.2 0.5");
  expectHits(render("tempo: 1\nout: s \"bd\" $ stut 3 0.5 0.125", 1).left,
             {{0, "bd"}, {0.125, "bd", 0.5 + 0.5 * 2 / 3}, {0.25, "bd", 0.5 + 0.5 / 3}},
             "stut 3 0.5 0.125");
  // juxBy 0.5: the original at pan −0.5 (left 1, right 0.5), the reversed copy at +0.5.
  Stereo jux = render("tempo: 1\nout: s \"bd sn\" $ juxBy 0.5 rev", 1);
  expectHits(jux.left, {{0, "bd"}, {0.5, "sn"}, {0, "sn", 0.5}, {0.5, "bd", 0.5}}, "left");
  expectHits(jux.right, {{0, "bd", 0.5}, {0.5, "sn", 0.5}, {0, "sn"}, {0.5, "bd"}}, "right");
  expectHits(render("tempo: 1\nout: s \"bd\" $ slice 4 \"0 2\"", 1).left,
             {{0, "s \"bd\" # begin 0 # end 0.25"}, {0.5, "s \"bd\" # begin 0.5 # end 0.75"}},
             "slice 4 \"0 2\"");
  // loopAt 2: unit "c" at speed 1/2, so the 0.8 s kick is stretched over two cycles (rate 0.4).
  Stereo looped = render("tempo: 1\nout: s \"bd\" $ loopAt 2", 2);
  expectHits(looped.left, {{0, "s \"bd\" # speed 0.4"}}, "loopAt 2");
  EXPECT_GT(peak(slice(looped.left, 90000, 95000)), 0.0);
  // The transform `legato 0.5` gates each kick after a quarter cycle, as `# legato 0.5` does.
  Stereo gated = render("tempo: 1\nout: s \"bd*2\" $ legato 0.5", 1);
  Stereo chained = render("tempo: 1\nout: s \"bd*2\" # legato 0.5", 1, false);
  EXPECT_EQ(maxDifference(gated.left, chained.left), 0.0);
  EXPECT_EQ(peak(slice(gated.left, 12096, 24000)), 0.0);
}

} // namespace
} // namespace phonon::test
