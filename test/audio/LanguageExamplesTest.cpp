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

#include <gtest/gtest.h>

#include <sndfile.h>

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

/// One sound (`bd`, `bd:2`) rendered alone from time 0 (a 4 s cycle: it plays once), left
/// channel (the kit is mono).
const std::vector<float>& alone(const std::string& sound) {
  static std::map<std::string, std::vector<float>> cache;
  auto it = cache.find(sound);
  if (it == cache.end())
    it = cache.emplace(sound, render("tempo: 0.25\nout: s \"" + sound + "\"", 2.5, false).left)
             .first;
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
class LanguageExamplesTest : public ::testing::Test {
protected:
  void SetUp() override {
    unsetenv("PHONON_SAMPLES");
    previous_ = std::filesystem::current_path();
    std::filesystem::current_path(tempDir());
  }
  void TearDown() override { std::filesystem::current_path(previous_); }

private:
  std::filesystem::path previous_;
};

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

} // namespace
} // namespace phonon::test
