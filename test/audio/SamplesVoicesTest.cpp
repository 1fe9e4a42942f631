// Samples and voices as a musician first meets them (LANGUAGE §8, issue 12's acceptance): the
// built-in kit on a machine with no samples folder, onsets to the sample, per-event gain and
// pan, cut groups, synth voices that release at each event's end, a Dirt-style folder found
// through every search path, and `convolve` with a sample response. Every render is the same
// bit for bit through the JIT, the interpreter, an object file and other block sizes.
#include "AudioAnalysis.h"
#include "SampleTestSupport.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace phonon::test {
namespace {

constexpr size_t kRate = 48000;

struct Stereo {
  std::vector<float> left, right;
};

/// `body` after `tempo: 1` (a cycle is 48000 samples), rendered for `seconds` by the JIT with
/// `flags`; the interpreter, an object file and other block sizes must give the same samples.
Stereo renderEveryWay(const std::string& body, double seconds, const std::string& flags = "") {
  static int counter = 0;
  std::string base = tempDir() + "/voices" + std::to_string(counter++);
  std::ofstream(base + ".ph") << "tempo: 1\n" << body << "\n";
  CommandResult compiled =
      runCommand(phononcBinary() + " '" + base + ".ph' -o '" + base + ".o' -O3");
  EXPECT_EQ(compiled.exitCode, 0) << compiled.output;
  std::vector<Stereo> renders;
  const std::string common = " --duration " + std::to_string(seconds) + " " + flags;
  for (const std::string& run :
       {base + ".ph' -O0", base + ".ph' -O3 --engine interp", base + ".o'",
        base + ".ph' -O3 --block 37 --threads 2", base + ".ph' -O2 --block 1000"}) {
    std::string wav = base + "-" + std::to_string(renders.size()) + ".wav";
    CommandResult r = runCommand(phononBinary() + " render '" + run + " -o '" + wav + "'" + common);
    EXPECT_EQ(r.exitCode, 0) << r.output;
    rt::AudioData audio;
    std::string error;
    EXPECT_TRUE(rt::readAudioFile(wav, audio, error)) << error;
    renders.push_back({channel(audio, 0), channel(audio, 1)});
  }
  for (size_t i = 1; i < renders.size(); ++i) {
    EXPECT_EQ(maxDifference(renders[0].left, renders[i].left), 0.0) << body << ": render " << i;
    EXPECT_EQ(maxDifference(renders[0].right, renders[i].right), 0.0) << body << ": render " << i;
  }
  EXPECT_EQ(renders[0].left.size(), static_cast<size_t>(seconds * kRate));
  return renders[0];
}

/// Onsets of percussive sounds: the first sample where the signal's first difference (which
/// a drum's noise click fills and a low body barely moves) exceeds `threshold`, after at least
/// `quiet` samples in which it did not.
std::vector<size_t> onsets(const std::vector<float>& x, float threshold = 0.05f,
                           size_t quiet = 2400) {
  std::vector<size_t> at;
  size_t last = 0;
  bool any = false;
  for (size_t k = 1; k < x.size(); ++k)
    if (std::fabs(x[k] - x[k - 1]) > threshold) {
      if (!any || k - last > quiet) at.push_back(k);
      last = k;
      any = true;
    }
  // A click that starts on sample 0 starts from silence.
  if (!x.empty() && std::fabs(x[0]) > threshold && (at.empty() || at.front() > quiet))
    at.insert(at.begin(), 0);
  return at;
}

/// RMS of the first difference over [begin, begin + n): the level of a drum's click.
double clickLevel(const std::vector<float>& x, size_t begin, size_t n) {
  double sum = 0;
  for (size_t k = begin + 1; k < begin + n && k < x.size(); ++k)
    sum += (x[k] - x[k - 1]) * (x[k] - x[k - 1]);
  return std::sqrt(sum / static_cast<double>(n));
}

/// A run from a directory with no `samples` folder and no PHONON_SAMPLES: the built-in kit.
using SamplesVoicesTest = BuiltInKitTest;

TEST_F(SamplesVoicesTest, KicksOfTheBuiltInKitLandOnTheirOnsets) {
  Stereo s = renderEveryWay("out: s \"bd*4\"", 1);
  std::vector<size_t> found = onsets(s.left);
  ASSERT_EQ(found.size(), 4u);
  for (size_t i = 0; i < 4; ++i) // within 0.1 ms (4.8 samples) of i/4 s
    EXPECT_LE(std::abs(static_cast<long>(found[i]) - static_cast<long>(i * 12000)), 4) << i;
  EXPECT_EQ(maxDifference(s.left, s.right), 0.0); // a mono sample, centred: both channels
  EXPECT_NEAR(peak(s.left), 0.891, 0.2);
}

/// The level of each of the four kicks of `body` relative to the first, in dB.
std::vector<double> kickLevels(const std::string& body) {
  Stereo s = renderEveryWay(body, 1);
  EXPECT_EQ(onsets(s.left, 0.02f).size(), 4u) << body;
  std::vector<double> db;
  for (size_t i = 0; i < 4; ++i)
    db.push_back(20 * std::log10(clickLevel(s.left, i * 12000, 240) / clickLevel(s.left, 0, 240)));
  return db;
}

TEST_F(SamplesVoicesTest, GainIsSampledPerEventWithTheStructureFromTheLeft) {
  // `#` takes each kick's gain where the kick starts (LANGUAGE §3.5, §8.3, as Tidal does):
  // `"1 0.5"` halves the kicks of the second half cycle, `"[1 0.5]*2"` the 2nd and the 4th.
  std::vector<double> halves = kickLevels("out: s \"bd*4\" # gain \"1 0.5\"");
  std::vector<double> alternate = kickLevels("out: s \"bd*4\" # gain \"[1 0.5]*2\"");
  for (size_t i = 1; i < 4; ++i) {
    EXPECT_NEAR(halves[i], i >= 2 ? -6.02 : 0.0, 0.5) << "kick " << i;
    EXPECT_NEAR(alternate[i], i % 2 ? -6.02 : 0.0, 0.5) << "kick " << i;
  }
}

TEST_F(SamplesVoicesTest, PanSendsEachHatToItsChannel) {
  // hh lasts 0.15 s, an eighth 0.125 s: past the first 30 ms of each eighth only its own hat
  // sounds. `"-1 1"`: the first half cycle hard left, the second hard right; `"[-1 1]*4"`: the
  // channels alternate hat by hat.
  for (bool alternate : {false, true}) {
    Stereo s = renderEveryWay(
        alternate ? "out: s \"hh*8\" # pan \"[-1 1]*4\"" : "out: s \"hh*8\" # pan \"-1 1\"", 1);
    for (size_t i = 0; i < 8; ++i) {
      std::vector<float> l = slice(s.left, i * 6000 + 1440, (i + 1) * 6000);
      std::vector<float> r = slice(s.right, i * 6000 + 1440, (i + 1) * 6000);
      bool right = alternate ? i % 2 == 1 : i >= 4;
      EXPECT_EQ(peak(right ? l : r), 0.0) << "eighth " << i << " alternate " << alternate;
      EXPECT_GT(rms(right ? r : l), 1e-3) << "eighth " << i << " alternate " << alternate;
    }
  }
}

TEST_F(SamplesVoicesTest, ACutGroupNeverLetsTwoHatsSoundAtOnce) {
  // Sixteenths are 3000 samples, a hat 7200: without a cut group they overlap; with `cut 1`
  // each new hat stops the previous one over 2 ms (96 samples), after which only the new hat
  // sounds: the render equals a lone hat there.
  Stereo alone = renderEveryWay("out: s \"hh\"", 1);
  Stereo cut = renderEveryWay("out: s \"hh*16\" # cut 1", 1);
  Stereo overlapping = renderEveryWay("out: s \"hh*16\"", 1);
  for (size_t i = 1; i < 16; ++i) {
    size_t onset = i * 3000;
    std::vector<float> expected = slice(alone.left, 96, 3000);
    EXPECT_LT(maxDifference(slice(cut.left, onset + 96, onset + 3000), expected), 1e-6) << i;
    EXPECT_GT(maxDifference(slice(overlapping.left, onset + 96, onset + 3000), expected), 1e-3);
  }
}

TEST_F(SamplesVoicesTest, SynthVoicesReachSilenceTheirReleaseAfterEachEventEnds) {
  // c4 in [0, 0.5), e4 in [0.5, 1) of cycle 0, nothing in cycle 1: each gate closes at its
  // event's end and the 0.2 s release ends in silence — c4 by 0.7 s (only e4 sounds after), e4
  // by 1.2 s.
  Stereo s = renderEveryWay("out: synth \"<[c4 e4] ~>\" \"saw\" 0.01 0.1 0.7 0.2", 2);
  std::vector<float> afterC4 = slice(s.left, 33700, 48000);
  EXPECT_LT(amplitudeAt(afterC4, kRate, 261.63), 1e-4);
  EXPECT_GT(amplitudeAt(afterC4, kRate, 329.63), 0.1);
  EXPECT_GT(peak(slice(s.left, 57000, 57600)), 0.0); // e4 still releasing at 1.19 s
  EXPECT_EQ(peak(slice(s.left, 57601, 96000)), 0.0); // silent from 1.2 s
  EXPECT_NEAR(spectralPeakHz(slice(s.left, 2400, 24000), kRate, 100, 1000), 261.63, 1.0);
}

TEST_F(SamplesVoicesTest, BusVoicesPlayTheBusAtTheirNotesWithTheDefaultEnvelope) {
  // LANGUAGE §8.4: `s "~pad"` plays the bus's expression per voice, its pitch parameters ×
  // 2^(note/12), with a 0.01 d 0 s 1 r 0.3 gated at the event's end: voices at 0 s (note 0)
  // and 1 s (note 12), each event 0.5 s long.
  Stereo s = renderEveryWay(
      "~pad: sine 220 * 0.5\nout: s \"[~pad ~ ~pad ~]/2\" # note \"[0 ~ 12 ~]/2\"", 2);
  EXPECT_NEAR(spectralPeakHz(slice(s.left, 2400, 24000), kRate, 100, 1000), 220.0, 0.5);
  EXPECT_NEAR(spectralPeakHz(slice(s.left, 50400, 72000), kRate, 100, 1000), 440.0, 0.5);
  EXPECT_NEAR(peak(slice(s.left, 4800, 24000)), 0.5, 0.005); // sustain 1 × the bus's 0.5
  double attack = peak(slice(s.left, 0, 240));               // the first 5 ms of a 10 ms attack
  EXPECT_GT(attack, 0.1);
  EXPECT_LT(attack, 0.26);
  // Halfway through the release (0.65 s) the level is half the sustain; silence from 0.8 s.
  EXPECT_NEAR(peak(slice(s.left, 31090, 31310)), 0.25, 0.01);
  EXPECT_GT(peak(slice(s.left, 37700, 38300)), 0.0);
  EXPECT_EQ(peak(slice(s.left, 38401, 48000)), 0.0);
  EXPECT_EQ(maxDifference(s.left, s.right), 0.0); // centred: the balance law's unit gains
}

TEST_F(SamplesVoicesTest, EachBusVoiceStartsWithFreshState) {
  // A saw through a filter: had the voices shared the bus's state, the second would start
  // where the first left its phase and filter memory.
  Stereo s = renderEveryWay("~pad: saw 110 # lpf 800 0.7\nout: s \"[~pad ~ ~pad ~]/2\"", 2);
  EXPECT_GT(rms(slice(s.left, 0, 24000)), 0.1);
  EXPECT_EQ(maxDifference(slice(s.left, 0, 40000), slice(s.left, 48000, 88000)), 0.0);
}

TEST_F(SamplesVoicesTest, PatternsInsideABusVoiceKeepGlobalTime) {
  // "<220 330>" alternates by cycle: the voice of cycle 1 plays 330 Hz, as the bus does in
  // cycle 1, not the 220 Hz a pattern starting at the voice's own time 0 would give.
  Stereo s = renderEveryWay("~tone: sine \"<220 330>\" * 0.5\nout: s \"~tone ~\"", 2);
  EXPECT_NEAR(spectralPeakHz(slice(s.left, 2400, 21600), kRate, 100, 1000), 220.0, 0.5);
  EXPECT_NEAR(spectralPeakHz(slice(s.left, 50400, 69600), kRate, 100, 1000), 330.0, 0.5);
}

TEST_F(SamplesVoicesTest, ABusThatKeepsStateIsSharedByTheVoicesThatReadIt) {
  // §8.4: `~ramp` (a saw at 0.3 Hz, state: its phase) read inside the bus voice `~v` stays
  // shared: each voice, gated at its event's end with no attack, is the patch's own ramp × 0.5
  // sample for sample — the second voice, from 1 s, continues the ramp rather than restarting
  // it. The difference with the patch's ramp is exactly 0 but for the 2 ms fade at the gate.
  Stereo s = renderEveryWay("~ramp: saw 0.3\n~v: ~ramp * 0.5\n"
                            "out: s \"~v\" # attack 0 # release 0 - ~ramp * 0.5",
                            2);
  EXPECT_EQ(peak(slice(s.left, 0, 47900)), 0.0);
  EXPECT_EQ(peak(slice(s.left, 48200, 95900)), 0.0);
  // And the voice is not silent: without the ramp the voices alone are the ramp × 0.5.
  Stereo voices = renderEveryWay("~ramp: saw 0.3\n~v: ~ramp * 0.5\nout: s \"~v\" # attack 0", 2);
  EXPECT_NEAR(voices.left[72000], 0.5 * (2.0 * 0.3 * 1.5 - 1.0), 1e-3); // saw 2φ−1 at 1.5 s
  // A bus with state of its own (`~wob`'s filter) next to a shared one (`~lfo`): each voice's
  // filter starts fresh, the LFO sweeping it is the patch's.
  Stereo wob = renderEveryWay("~lfo: sine 0.5\n~wob: saw 110 # lpf (~lfo * 1500 + 2000) 0.7\n"
                              "out: s \"~wob*2\" # gain 0.5",
                              2);
  EXPECT_GT(rms(slice(wob.left, 0, 96000)), 0.05);
}

TEST_F(SamplesVoicesTest, SynthWavesThatAreNodesPlayTheNodePerVoice) {
  // `pluck` and `superkick` as synth waves (LANGUAGE §7.2): each voice a fresh instance of the
  // node at the voice's frequency × 2^(note/12), with the synth envelope. A pluck of a4 an
  // octave up (N = round(48000/880) = 55 samples: 48000/54.5 Hz, §7.1's loop), then kicks at
  // 100 Hz whose two voices are the same samples (one-shots from each voice's start).
  Stereo s = renderEveryWay("out: synth \"a4 ~\" \"pluck\" 0.001 0.1 1 0.1 # note 12", 1);
  EXPECT_NEAR(spectralPeakHz(slice(s.left, 2400, 21600), kRate, 300, 1200), 48000.0 / 54.5, 3.0);
  EXPECT_LT(amplitudeAt(slice(s.left, 2400, 21600), kRate, 48000.0 / 109.5), 1e-3); // not a4
  EXPECT_EQ(peak(slice(s.left, 29000, 48000)), 0.0); // released by 0.6 s
  Stereo kicks = renderEveryWay("out: synth \"100 ~ 100 ~\" \"superkick\" 0 0 1 0.01", 1);
  EXPECT_GT(peak(slice(kicks.left, 0, 2400)), 0.3);
  EXPECT_EQ(maxDifference(slice(kicks.left, 0, 12000), slice(kicks.left, 24000, 36000)), 0.0);
}

/// A mono WAV of `frames` samples of `f(k)` at `rate`.
void writeWav(const std::string& path, int rate, size_t frames, double (*f)(size_t, int)) {
  std::vector<float> x(frames);
  for (size_t k = 0; k < frames; ++k) x[k] = static_cast<float>(f(k, rate));
  writeMonoWav(path, rate, x);
}

double tone1k(size_t k, int rate) {
  return 0.5 * std::sin(2 * M_PI * 1000.0 * static_cast<double>(k) / rate);
}

TEST_F(SamplesVoicesTest, ADirtFolderIsFoundThroughEverySearchPath) {
  // A folder with a `bd` of its own (a 1 kHz tone at 44.1 kHz, resampled to 48 kHz) wins over
  // the built-in kick through --samples, PHONON_SAMPLES and ./samples alike.
  std::string root = tempDir() + "/dirt";
  std::filesystem::create_directories(root + "/bd");
  writeWav(root + "/bd/tone.wav", 44100, 22050, tone1k);
  auto peakHz = [&](const std::string& prefix, const std::string& flags) {
    std::string ph = writePatch("dirt-bd", "tempo: 1\nout: s \"bd\"\n");
    std::string wav = tempDir() + "/dirt-bd.wav";
    CommandResult r = runCommand(prefix + phononBinary() + " render '" + ph + "' -o '" + wav +
                                 "' --duration 0.5 " + flags);
    EXPECT_EQ(r.exitCode, 0) << r.output;
    rt::AudioData audio;
    std::string error;
    EXPECT_TRUE(rt::readAudioFile(wav, audio, error)) << error;
    return spectralPeakHz(slice(channel(audio, 0), 0, 20000), kRate, 20, 5000);
  };
  EXPECT_NEAR(peakHz("", "--samples '" + root + "'"), 1000.0, 1.0);
  EXPECT_NEAR(peakHz("PHONON_SAMPLES='/nonexistent:" + root + "' ", ""), 1000.0, 1.0);
  std::filesystem::create_directories(tempDir() + "/samples");
  std::filesystem::copy(root + "/bd", tempDir() + "/samples/bd");
  EXPECT_NEAR(peakHz("", ""), 1000.0, 1.0);
  std::filesystem::remove_all(tempDir() + "/samples");
  EXPECT_LT(peakHz("", ""), 200.0); // the built-in kick again
}

TEST_F(SamplesVoicesTest, AnUnknownSampleNameIsOneWarningAndSilence) {
  std::string ph = writePatch("unknown", "tempo: 1\nout: s \"bd*2 kcik*2\" * 0 + s \"kcik\"\n");
  std::string wav = tempDir() + "/unknown.wav";
  CommandResult r =
      runCommand(phononBinary() + " render '" + ph + "' -o '" + wav + "' --duration 1");
  EXPECT_EQ(r.exitCode, 0) << r.output;
  size_t first = r.output.find("unknown sample name `kcik`");
  EXPECT_NE(first, std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("unknown sample name `kcik`", first + 1), std::string::npos) << r.output;
  rt::AudioData audio;
  std::string error;
  ASSERT_TRUE(rt::readAudioFile(wav, audio, error)) << error;
  EXPECT_EQ(peak(channel(audio, 0)), 0.0);
}

double twoTaps(size_t k, int) {
  return k == 0 ? 1.0 : k == 100 ? 0.5 : 0.0;
}

TEST_F(SamplesVoicesTest, ConvolveTakesItsResponseFromASample) {
  // A response of two taps, 1 at 0 and 0.5 at 100 samples: the wet signal (mix 1) is the input
  // 512 samples late (the block's latency) plus half of it 100 samples later still.
  std::string root = tempDir() + "/responses";
  std::filesystem::create_directories(root + "/taps");
  writeWav(root + "/taps/two.wav", 48000, 101, twoTaps);
  const std::string flags = "--samples '" + root + "'";
  Stereo dry = renderEveryWay("out: saw 110 * 0.5", 0.5, flags);
  Stereo wet = renderEveryWay("out: saw 110 * 0.5 # convolve \"taps:0\" 1", 0.5, flags);
  double worst = 0;
  for (size_t k = 612; k < dry.left.size(); ++k)
    worst = std::max(worst, std::fabs(wet.left[k] - (dry.left[k - 512] + 0.5 * dry.left[k - 612])));
  EXPECT_LT(worst, 1e-4);
  for (size_t k = 0; k < 512; ++k) ASSERT_EQ(wet.left[k], 0.0f) << k;
}

} // namespace
} // namespace phonon::test
