// Live sessions (LANGUAGE §9.4, issue 14's acceptance test): `phonon live --render` plays v1,
// takes v2 at 1.0 s, refuses v3 (a syntax error) at 2.0 s and takes v4 at 3.0 s, in real time.
// Measured against renders of each version alone:
//   - before the first swap the session is v1's render, sample for sample;
//   - a swap is continuous when the render, minus the ideal blend of the two versions around it
//     ((1 − g)·old + g·new, g the documented raised-cosine crossfade over 20 ms, old the old
//     version continuing, new the new one from the carried state), stays below −60 dBFS;
//   - the sine's phase carries over: its phase after the swap, fitted, against its phase before;
//   - v2 plays on through v3's error (the residual above covers 1.0 s to the second swap);
//   - edit-to-sound latency (the edit's time to the swap's first sample) is under 50 ms.
#include "AudioAnalysis.h"
#include "SampleTestSupport.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace phonon::test {
namespace {

constexpr double kRate = 48000;
constexpr size_t kCrossfade = 960; // 20 ms

std::vector<float> leftOf(const std::string& path) {
  rt::AudioData audio;
  std::string error;
  EXPECT_TRUE(rt::readAudioFile(path, audio, error)) << error;
  return channel(audio, 0);
}

/// The crossfade's gain for the new version at sample i of the fade (LiveSession).
double fadeGain(size_t i) {
  if (i >= kCrossfade) return 1.0;
  double s = std::sin(0.5 * M_PI * (i + 1.0) / (kCrossfade + 1.0));
  return s * s;
}

/// The phase (radians) at sample `at` of the sinusoid of `hz` that best fits x over
/// [begin, end): least squares on sin and cos of 2π·hz·(n − at)/rate.
double phaseAt(const std::vector<double>& x, size_t begin, size_t end, double hz, size_t at) {
  double ss = 0, sc = 0, cc = 0, xs = 0, xc = 0;
  for (size_t n = begin; n < end; ++n) {
    double w = 2 * M_PI * hz * (static_cast<double>(n) - static_cast<double>(at)) / kRate;
    double s = std::sin(w), c = std::cos(w);
    ss += s * s;
    sc += s * c;
    cc += c * c;
    xs += x[n] * s;
    xc += x[n] * c;
  }
  double det = ss * cc - sc * sc;
  double a = (xs * cc - xc * sc) / det; // x ≈ a·sin + b·cos = A·sin(w + φ)
  double b = (xc * ss - xs * sc) / det;
  return std::atan2(b, a);
}

double wrapped(double radians) {
  return std::remainder(radians, 2 * M_PI);
}

struct SwapRow {
  double edit = 0;
  std::string heard, latency, result;
};

std::vector<SwapRow> readLog(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::vector<SwapRow> rows;
  std::getline(in, line);
  EXPECT_EQ(line, "edit_s\tpath\theard_s\tlatency_ms\tcompile_ms\tjit_ms\tresult");
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream s(line);
    for (std::string cell; std::getline(s, cell, '\t');) cells.push_back(cell);
    EXPECT_EQ(cells.size(), 7u) << line;
    if (cells.size() != 7) continue;
    rows.push_back({std::stod(cells[0]), cells[2], cells[3], cells[6]});
  }
  return rows;
}

TEST(LiveReload, AcceptanceSwapsAreContinuousAndQuick) {
  namespace fs = std::filesystem;
  const std::string dir = tempDir() + "/live";
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir + "/" + name) << text;
  };
  const std::string v1 = "out: sine 440 * 0.2\n";
  write("song.ph", v1);
  write("v1.ph", v1);
  write("v2.ph", "out: sine 440 * 0.2 + saw 110 * 0.1\n");
  write("v3.ph", "out: sine 440 * 0.2 +\n  saw (110 * 0.1\n");
  write("v4.ph", "out: sine 660 * 0.2\n");
  // v2 saved by renaming a new file over the old one, v3 in place (truncate and write).
  write("edits.txt", "1.0 v2.ph\n2.0 v3.ph inplace   # a syntax error\n3.0 v4.ph rename\n");
  CommandResult live = runCommand(phononBinary() + " live '" + dir + "/song.ph' --render '" + dir +
                                  "/heard.wav' --duration 4 --edits '" + dir + "/edits.txt'");
  ASSERT_EQ(live.exitCode, 0) << live.output;
  std::printf("%s", live.output.c_str());
  // v3's error is printed at its place, and the session says the old version goes on.
  EXPECT_NE(live.output.find("song.ph:2:7: error: unclosed '('"), std::string::npos) << live.output;
  EXPECT_NE(live.output.find("the playing version goes on"), std::string::npos) << live.output;

  std::vector<SwapRow> rows = readLog(dir + "/heard.wav.swaps.tsv");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].heard, "-");
  EXPECT_EQ(rows[1].result.rfind("error: ", 0), 0u) << rows[1].result;
  EXPECT_NE(rows[1].result.find("unclosed '('"), std::string::npos) << rows[1].result;
  ASSERT_NE(rows[0].heard, "-") << rows[0].result;
  ASSERT_NE(rows[2].heard, "-") << rows[2].result;
  const auto swapA = static_cast<size_t>(std::llround(std::stod(rows[0].heard) * kRate));
  const auto swapB = static_cast<size_t>(std::llround(std::stod(rows[2].heard) * kRate));
  const double latencyA = std::stod(rows[0].heard) - rows[0].edit;
  const double latencyB = std::stod(rows[2].heard) - rows[2].edit;
  std::printf("edit-to-sound latency: v2 %.2f ms, v4 %.2f ms (log: %s, %s)\n", 1000 * latencyA,
              1000 * latencyB, rows[0].latency.c_str(), rows[2].latency.c_str());
  EXPECT_GE(latencyA, 0.0);
  EXPECT_LT(latencyA, 0.050);
  EXPECT_GE(latencyB, 0.0);
  EXPECT_LT(latencyB, 0.050);
  ASSERT_GT(swapB, swapA + kRate);

  // The versions alone: v1 from the start, v2's saw from its own start (the swap's sample).
  const std::string reference = dir + "/v1.wav", sawAlone = dir + "/saw.wav";
  ASSERT_EQ(
      runCommand(phononBinary() + " render '" + dir + "/v1.ph' -o '" + reference + "' --duration 4")
          .exitCode,
      0);
  write("saw.ph", "out: saw 110 * 0.1\n");
  ASSERT_EQ(
      runCommand(phononBinary() + " render '" + dir + "/saw.ph' -o '" + sawAlone + "' --duration 3")
          .exitCode,
      0);
  std::vector<float> heard = leftOf(dir + "/heard.wav");
  std::vector<float> sine = leftOf(reference);
  std::vector<float> saw = leftOf(sawAlone);
  ASSERT_EQ(heard.size(), static_cast<size_t>(4 * kRate));
  ASSERT_EQ(sine.size(), heard.size());

  // Before the first swap: v1, bit for bit.
  EXPECT_EQ(maxDifference(slice(heard, 0, swapA), slice(sine, 0, swapA)), 0.0);

  // From the first swap to the second: v1's sine going on (its phase carried over) plus v2's
  // saw fading in from its start; through v3's error and the interpreter handing v2 over to
  // compiled code, nothing else.
  double residualA = 0;
  std::vector<double> sineAfter(heard.size(), 0.0); // the render less the saw
  for (size_t n = swapA; n < swapB; ++n) {
    double expected = sine[n] + fadeGain(n - swapA) * saw[n - swapA];
    residualA = std::max(residualA, std::fabs(heard[n] - expected));
    sineAfter[n] = heard[n] - saw[n - swapA];
  }
  // Once the crossfade is over, the sum is v2's own: sine + saw, bit for bit (across the
  // hand-over from the interpreter to compiled code too).
  std::vector<float> v2Alone;
  for (size_t n = swapA + kCrossfade; n < swapB; ++n) v2Alone.push_back(sine[n] + saw[n - swapA]);
  EXPECT_EQ(maxDifference(slice(heard, swapA + kCrossfade, swapB), v2Alone), 0.0);
  // The sine's phase after the swap against v1 uninterrupted, over the same samples.
  std::vector<double> sineBefore(sine.begin(), sine.end());
  const size_t window = swapA + kCrossfade;
  double phaseErrorA = wrapped(phaseAt(sineAfter, window, window + 4800, 440, swapA) -
                               phaseAt(sineBefore, window, window + 4800, 440, swapA));
  std::printf("swap 1 (v1 -> v2 at %.4f s): max |render - ideal| %.2e (%.1f dBFS), sine phase "
              "error %.2e degrees\n",
              swapA / kRate, residualA, dbfs(residualA), phaseErrorA * 180 / M_PI);
  EXPECT_LT(dbfs(residualA), -60.0);
  EXPECT_LT(std::fabs(phaseErrorA), 1e-6); // radians

  // The second swap: v2 going on, and v4's sine at 660 Hz, which carries the 440 Hz sine's
  // phase (the same node: `out`'s first); its amplitude and phase fitted after the crossfade.
  std::vector<double> after(heard.begin(), heard.end());
  const size_t fitBegin = swapB + kCrossfade, fitEnd = fitBegin + 4800;
  ASSERT_LE(fitEnd, heard.size());
  double newPhase = phaseAt(after, fitBegin, fitEnd, 660, swapB);
  double oldPhase = phaseAt(sineBefore, swapB - 4800, swapB, 440, swapB);
  // Extrapolated over 4800 samples each way, so the oscillator's step, f/sr rounded to a float,
  // counts here (about 1e-5 rad); a sine restarted at phase 0 would be off by up to π.
  double phaseErrorB = wrapped(newPhase - oldPhase);
  double residualB = 0;
  for (size_t n = swapB - 4800; n < fitEnd; ++n) {
    double old = sine[n] + saw[n - swapA];
    double fresh =
        0.2 * std::sin(2 * M_PI * 660 * (static_cast<double>(n) - swapB) / kRate + newPhase);
    double g = n < swapB ? 0.0 : fadeGain(n - swapB);
    residualB = std::max(residualB, std::fabs(heard[n] - ((1 - g) * old + g * fresh)));
  }
  std::printf("swap 2 (v2 -> v4 at %.4f s): max |render - ideal| %.2e (%.1f dBFS), 660 Hz "
              "sine starts at the 440 Hz sine's phase within %.2e degrees\n",
              swapB / kRate, residualB, dbfs(residualB), phaseErrorB * 180 / M_PI);
  EXPECT_LT(dbfs(residualB), -60.0);
  EXPECT_LT(std::fabs(phaseErrorB), 1e-3);
}

/// A filter and a delay line (its arena) carry their state: v2 adds a term after them, and
/// once the crossfade is over the render is v1 uninterrupted plus the new term, bit for bit.
void expectFilterAndDelayCarry(const std::string& engine) {
  namespace fs = std::filesystem;
  const std::string dir = tempDir() + "/live-carry-" + engine;
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir + "/" + name) << text;
  };
  const std::string v1 = "out: saw 110 # lpf 800 0.7 # delay 0.1 0.6 * 0.2\n";
  write("song.ph", v1);
  write("v1.ph", v1);
  write("v2.ph", "out: saw 110 # lpf 800 0.7 # delay 0.1 0.6 * 0.2 + sine 880 * 0.05\n");
  write("term.ph", "out: sine 880 * 0.05\n");
  write("edits.txt", "0.5 v2.ph\n");
  CommandResult live =
      runCommand(phononBinary() + " live '" + dir + "/song.ph' --render '" + dir +
                 "/heard.wav' --duration 1.5 --edits '" + dir + "/edits.txt' --engine " + engine);
  ASSERT_EQ(live.exitCode, 0) << live.output;
  std::printf("%s", live.output.c_str());
  EXPECT_NE(live.output.find("3 nodes kept their state, 1 started afresh"), std::string::npos)
      << live.output;
  std::vector<SwapRow> rows = readLog(dir + "/heard.wav.swaps.tsv");
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_NE(rows[0].heard, "-") << rows[0].result;
  const auto swap = static_cast<size_t>(std::llround(std::stod(rows[0].heard) * kRate));
  ASSERT_EQ(runCommand(phononBinary() + " render '" + dir + "/v1.ph' -o '" + dir +
                       "/v1.wav' --duration 1.5 --engine " + engine)
                .exitCode,
            0);
  ASSERT_EQ(runCommand(phononBinary() + " render '" + dir + "/term.ph' -o '" + dir +
                       "/term.wav' --duration 1.5 --engine " + engine)
                .exitCode,
            0);
  std::vector<float> heard = leftOf(dir + "/heard.wav");
  std::vector<float> before = leftOf(dir + "/v1.wav");
  std::vector<float> term = leftOf(dir + "/term.wav");
  ASSERT_EQ(heard.size(), before.size());
  ASSERT_LT(swap + kCrossfade, heard.size());
  EXPECT_EQ(maxDifference(slice(heard, 0, swap), slice(before, 0, swap)), 0.0);
  double residual = 0;
  std::vector<float> expected;
  for (size_t n = swap; n < heard.size(); ++n) {
    float sum = before[n] + term[n - swap];
    if (n < swap + kCrossfade)
      residual = std::max(
          residual, std::fabs(heard[n] - (before[n] + fadeGain(n - swap) * (sum - before[n]))));
    else
      expected.push_back(sum);
  }
  EXPECT_LT(dbfs(residual), -60.0);
  EXPECT_EQ(maxDifference(slice(heard, swap + kCrossfade, heard.size()), expected), 0.0);
  std::printf("%s: filter and delay carried over; crossfade residual %.2e (%.1f dBFS)\n",
              engine.c_str(), residual, dbfs(residual));
}

/// A tempo change (LANGUAGE §9.4): the cycle position goes on from where it was at the swap
/// and moves at the new tempo from there; it does not jump to where the new tempo would have
/// put it had it played from the start.
TEST(LiveReload, TempoChangeKeepsTheCyclePosition) {
  namespace fs = std::filesystem;
  const std::string dir = tempDir() + "/live-tempo";
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir + "/" + name) << text;
  };
  write("song.ph", "tempo: 1\nout: sine \"220 330 440 550\" * 0.2\n");
  write("slower.ph", "tempo: 0.5\nout: sine \"220 330 440 550\" * 0.2\n");
  write("edits.txt", "0.6 slower.ph\n");
  CommandResult live = runCommand(phononBinary() + " live '" + dir + "/song.ph' --render '" + dir +
                                  "/heard.wav' --duration 1.6 --edits '" + dir + "/edits.txt'");
  ASSERT_EQ(live.exitCode, 0) << live.output;
  std::vector<SwapRow> rows = readLog(dir + "/heard.wav.swaps.tsv");
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_NE(rows[0].heard, "-") << rows[0].result;
  const double swap = std::stod(rows[0].heard); // cycle = swap at tempo 1
  ASSERT_LT(swap, 0.7);
  std::vector<float> heard = leftOf(dir + "/heard.wav");
  auto peakBetween = [&](double from, double to) {
    return spectralPeakHz(
        slice(heard, static_cast<size_t>(from * kRate), static_cast<size_t>(to * kRate)), kRate,
        100, 1000);
  };
  // Cycle 0.5–0.75 is 440 Hz: it goes on after the swap (from cycle `swap`) until cycle 0.75,
  // now (0.75 − swap) / 0.5 s away; then 550 Hz for half a cycle, a second.
  const double change = swap + (0.75 - swap) / 0.5;
  std::printf("tempo 1 -> 0.5 at %.4f s (cycle %.4f): 440 Hz until %.4f s\n", swap, swap, change);
  EXPECT_NEAR(peakBetween(swap + 0.03, change - 0.01), 440.0, 2.0);
  EXPECT_NEAR(peakBetween(change + 0.01, change + 0.3), 550.0, 2.0);
  // The switch is at its sample: the first 550 Hz sample is within a sample of `change`.
  const auto boundary = static_cast<size_t>(std::ceil(change * kRate - 1e-6));
  double before = 0, after = 0;
  for (size_t n = boundary - 200; n < boundary; ++n)
    before = std::max(before, std::fabs(double(heard[n]) - heard[n - 1]));
  for (size_t n = boundary + 1; n < boundary + 200; ++n)
    after = std::max(after, std::fabs(double(heard[n]) - heard[n - 1]));
  // A 550 Hz sine of 0.2 moves up to 0.0144 a sample, a 440 Hz one up to 0.0115.
  EXPECT_LT(before, 0.0117);
  EXPECT_GT(after, 0.0125);
}

/// A session of `v1`, edited at `editAt` into `v2` (LiveReloadTest's usual folder and script):
/// the render, v1's own render, the swap's sample and the session's output.
struct EditedSession {
  std::vector<float> heard, alone;
  size_t swap = 0;
  std::string output;
};

EditedSession renderEdit(const std::string& name, const std::string& v1, const std::string& v2,
                         double editAt, double duration, const std::string& flags) {
  namespace fs = std::filesystem;
  EditedSession r;
  const std::string dir = tempDir() + "/" + name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto write = [&](const std::string& file, const std::string& text) {
    std::ofstream(dir + "/" + file) << text;
  };
  write("song.ph", v1);
  write("v1.ph", v1);
  write("v2.ph", v2);
  char edits[64];
  std::snprintf(edits, sizeof edits, "%.3f v2.ph\n", editAt);
  write("edits.txt", edits);
  const std::string length = " --duration " + std::to_string(duration) + " " + flags;
  CommandResult live = runCommand(phononBinary() + " live '" + dir + "/song.ph' --render '" + dir +
                                  "/heard.wav' --edits '" + dir + "/edits.txt'" + length);
  r.output = live.output;
  EXPECT_EQ(live.exitCode, 0) << live.output;
  std::vector<SwapRow> rows = readLog(dir + "/heard.wav.swaps.tsv");
  EXPECT_EQ(rows.size(), 1u);
  if (rows.size() != 1 || rows[0].heard == "-") {
    ADD_FAILURE() << "no swap: " << live.output;
    return r;
  }
  r.swap = static_cast<size_t>(std::llround(std::stod(rows[0].heard) * kRate));
  EXPECT_EQ(
      runCommand(phononBinary() + " render '" + dir + "/v1.ph' -o '" + dir + "/v1.wav'" + length)
          .exitCode,
      0);
  r.heard = leftOf(dir + "/heard.wav");
  r.alone = leftOf(dir + "/v1.wav");
  EXPECT_EQ(r.heard.size(), r.alone.size());
  return r;
}

/// Voices sounding at a swap go on in the new version (LANGUAGE §9.4). The voices play on the
/// left channel alone and a sine on the right alone (pan's balance law: gains of exactly 1 and
/// 0), and the edit changes only the sine's frequency; so the session's left channel must be
/// v1's, whose voices nothing interrupted, through the crossfade and after it. Without the
/// carry the old version's voices fade out with the crossfade and the new one's start at their
/// next onset.
void expectVoicesGoOn(const std::string& name, const std::string& voices, double editAt,
                      double duration, const std::string& flags) {
  const std::string v1 = voices + "out9: pan (sine 440 * 0.2) 1\n";
  const std::string v2 = voices + "out9: pan (sine 550 * 0.2) 1\n";
  EditedSession r = renderEdit(name, v1, v2, editAt, duration, flags);
  ASSERT_FALSE(r.heard.empty());
  ASSERT_EQ(r.heard.size(), r.alone.size());
  std::printf("%s", r.output.c_str());
  EXPECT_NE(r.output.find("sounding voices went on"), std::string::npos) << r.output;
  // The voices are sounding at the swap, and what they play after it is what v1 plays.
  const std::vector<float> after = slice(r.alone, r.swap, r.alone.size());
  ASSERT_GT(peak(slice(r.alone, r.swap, r.swap + 2400)), 0.01);
  const double difference = maxDifference(slice(r.heard, r.swap, r.heard.size()), after);
  std::printf("%s: swap at %.4f s; voices after it (peak %.3f) against v1 uninterrupted: max "
              "difference %.2e (%.1f dBFS)\n",
              name.c_str(), r.swap / kRate, peak(after), difference, dbfs(difference));
  EXPECT_LT(dbfs(difference), -60.0);
  EXPECT_EQ(maxDifference(slice(r.heard, 0, r.swap), slice(r.alone, 0, r.swap)), 0.0);
}

TEST(LiveReload, SoundingKickGoesOnAcrossASwap) {
  // bd*2 at tempo 0.5: kicks at 0 and 1 s. The edit comes while the first one sounds; the
  // second, started by the new version alone, must not be doubled or missed.
  for (const char* engine : {"jit", "interp"})
    expectVoicesGoOn(std::string("live-kick-") + engine, "out: s \"bd*2\" # pan \"-1\"\n", 0.05,
                     1.5, std::string("--engine ") + engine);
}

TEST(LiveReload, LongSampleAndSynthVoiceAreNotCut) {
  // A 1.5 s sample (a decaying 220 Hz tone) and a synth voice gated at the cycle's end, both
  // from 0 s; the edit at 0.5 s, in the middle of both.
  const std::string root = tempDir() + "/live-long-samples";
  std::filesystem::create_directories(root + "/drone");
  std::vector<float> drone(72000);
  for (size_t k = 0; k < drone.size(); ++k)
    drone[k] = static_cast<float>(0.5 * std::exp(-1.5 * k / kRate) *
                                  std::sin(2 * M_PI * 220.0 * static_cast<double>(k) / kRate));
  writeMonoWav(root + "/drone/drone.wav", 48000, drone);
  for (const char* engine : {"jit", "interp"})
    expectVoicesGoOn(std::string("live-long-") + engine,
                     "out: s \"drone\" # pan \"-1\"\n"
                     "out1: synth \"a3\" \"saw\" 0.01 0.1 0.7 0.2 # gain 0.2 # pan \"-1\"\n",
                     0.5, 1.6, "--samples '" + root + "' --engine " + std::string(engine));
}

TEST(LiveReload, BusVoiceAndNodeWaveGoOn) {
  // A bus voice whose graph has a filter, and `pluck` as a synth wave (a delay line in its
  // arena): each voice's graph instance carries over with its state, from 0 s, through an edit
  // at 0.5 s (the interpreter taking over from compiled code, then compiled code again).
  for (const char* engine : {"jit", "interp"})
    expectVoicesGoOn(std::string("live-bus-") + engine,
                     "~pad: saw 110 # lpf 800 0.7\n"
                     "out: s \"~pad\" # gain 0.3 # pan \"-1\"\n"
                     "out1: synth \"a3\" \"pluck\" 0.001 0.1 1 0.5 # pan \"-1\"\n",
                     0.5, 1.6, std::string("--engine ") + engine);
}

/// A feedback bus keeps its cell's value when another statement is edited: after the
/// crossfade the render is v1 uninterrupted plus the new statement, bit for bit. The bus is a
/// slow leaky integrator (its cell's memory lasts 10 000 samples, far beyond the crossfade),
/// so a cell restarted from 0 would be off by up to 0.09 (−20 dBFS) for a quarter second.
TEST(LiveReload, FeedbackCellCarriesOver) {
  for (const char* engine : {"jit", "interp"}) {
    const std::string v1 = "~y: sine 110 * 0.002 + ~y * 0.9999\nout: ~y\n";
    const std::string term = "sine 880 * 0.05";
    EditedSession r =
        renderEdit(std::string("live-feedback-") + engine, v1, v1 + "out1: " + term + "\n", 0.5,
                   1.2, std::string("--engine ") + engine);
    ASSERT_FALSE(r.heard.empty());
    std::printf("%s", r.output.c_str());
    EXPECT_NE(r.output.find("1 feedback cells kept their value"), std::string::npos) << r.output;
    const std::string dir = tempDir() + "/live-feedback-" + engine;
    std::ofstream(dir + "/term.ph") << "out: " + term + "\n";
    ASSERT_EQ(runCommand(phononBinary() + " render '" + dir + "/term.ph' -o '" + dir +
                         "/term.wav' --duration 1.2 --engine " + engine)
                  .exitCode,
              0);
    std::vector<float> added = leftOf(dir + "/term.wav");
    double residual = 0;
    std::vector<float> expected;
    for (size_t n = r.swap; n < r.heard.size(); ++n) {
      float sum = r.alone[n] + added[n - r.swap];
      if (n < r.swap + kCrossfade)
        residual =
            std::max(residual, std::fabs(r.heard[n] -
                                         (r.alone[n] + fadeGain(n - r.swap) * (sum - r.alone[n]))));
      else
        expected.push_back(sum);
    }
    std::printf("%s: feedback cell carried over; crossfade residual %.2e (%.1f dBFS)\n", engine,
                residual, dbfs(residual));
    EXPECT_LT(dbfs(residual), -60.0);
    EXPECT_EQ(maxDifference(slice(r.heard, r.swap + kCrossfade, r.heard.size()), expected), 0.0);
  }
}

TEST(LiveReload, FilterAndDelayStateCarriesOverJit) {
  expectFilterAndDelayCarry("jit");
}

TEST(LiveReload, FilterAndDelayStateCarriesOverInterpreter) {
  expectFilterAndDelayCarry("interp");
}

} // namespace
} // namespace phonon::test
