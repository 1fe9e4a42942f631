// Audio tests: render patches with the real `phonon render` and measure what comes out.
#include "AudioAnalysis.h"

#include <gtest/gtest.h>
#include <sndfile.h>

#include <cmath>
#include <fstream>

namespace phonon::test {
namespace {

constexpr double kSampleRate = 48000.0;

/// Renders `input` (a .ph or .o path) with extra options; fails the test on a tool error.
rt::AudioData render(const std::string& input, const std::string& options,
                     std::string* output = nullptr) {
  static int counter = 0;
  std::string wav = tempDir() + "/render" + std::to_string(counter++) + ".wav";
  CommandResult r =
      runCommand(phononBinary() + " render '" + input + "' -o '" + wav + "' " + options);
  EXPECT_EQ(r.exitCode, 0) << r.output;
  if (output) *output = r.output;
  rt::AudioData audio;
  std::string error;
  EXPECT_TRUE(rt::readAudioFile(wav, audio, error)) << error;
  return audio;
}

TEST(RenderTest, SineIs440HzAtRms0_1414InBothChannelsOfAStereoFloatWav) {
  std::string patch = writePatch("sine", "out: sine 440 * 0.2\n");
  rt::AudioData audio = render(patch, "--duration 2 --sample-rate 48000");
  EXPECT_EQ(audio.channels, 2u);
  EXPECT_EQ(audio.sampleRate, 48000u);
  EXPECT_EQ(audio.format & SF_FORMAT_TYPEMASK, SF_FORMAT_WAV);
  EXPECT_EQ(audio.format & SF_FORMAT_SUBMASK, SF_FORMAT_FLOAT);
  ASSERT_EQ(audio.frames(), 96000u);
  for (unsigned c = 0; c < 2; ++c) {
    std::vector<float> x = channel(audio, c);
    EXPECT_TRUE(allFinite(x));
    EXPECT_NEAR(spectralPeakHz(x, kSampleRate), 440.0, 1.0);
    EXPECT_NEAR(rms(x), 0.2 / std::sqrt(2.0), 0.01 * 0.2 / std::sqrt(2.0));
    EXPECT_NEAR(peak(x), 0.2, 1e-4);
  }
}

// The interpreter, the JIT and an object file loaded with ORC compute the same samples.
class EnginesAgree : public ::testing::TestWithParam<const char*> {};

TEST_P(EnginesAgree, InterpreterJitAndObjectFileGiveTheSameSamples) {
  std::string patch = sourcePath(GetParam());
  std::string object = tempDir() + "/engines.o";
  CommandResult compiled = runCommand(phononcBinary() + " '" + patch + "' -o '" + object + "'");
  ASSERT_EQ(compiled.exitCode, 0) << compiled.output;
  rt::AudioData jit = render(patch, "--duration 2");
  rt::AudioData interp = render(patch, "--duration 2 --engine interp");
  rt::AudioData aot = render(object, "--duration 2");
  ASSERT_GT(rms(jit.samples), 1e-3) << "a silent render proves nothing";
  EXPECT_TRUE(allFinite(jit.samples));
  EXPECT_EQ(maxDifference(jit.samples, interp.samples), 0.0);
  EXPECT_EQ(maxDifference(jit.samples, aot.samples), 0.0);
}

// What a musician runs first: every example plays for 8 s without a clipped sample or a
// warning (saw-stack-filter's forty saws, all starting at phase 0, once peaked at +0.3 dBFS).
TEST_P(EnginesAgree, AnExamplePlaysWithinFullScale) {
  std::string printed;
  rt::AudioData audio = render(sourcePath(GetParam()), "--duration 8", &printed);
  EXPECT_TRUE(allFinite(audio.samples));
  EXPECT_LE(peak(audio.samples), 1.0) << printed;
  EXPECT_EQ(printed.find("warning"), std::string::npos) << printed;
}

// Issue 5: every pass keeps the output; so do the thread count and the block size.
TEST_P(EnginesAgree, OptimisationLevelsThreadsAndBlockSizesDoNotChangeTheOutput) {
  std::string patch = sourcePath(GetParam());
  rt::AudioData reference = render(patch, "--duration 1 -O0 --block 512 --threads 1");
  for (const char* options :
       {"--duration 1 -O3 --threads 1", "--duration 1 -O3 --threads 2",
        "--duration 1 -O2 --threads 2", "--duration 1 -O1 --block 1",
        "--duration 1 -O2 --block 37 --threads 2", "--duration 1 -O3 --block 4096",
        "--duration 1 --engine interp --block 64"})
    EXPECT_EQ(maxDifference(reference.samples, render(patch, options).samples), 0.0) << options;
}

INSTANTIATE_TEST_SUITE_P(Examples, EnginesAgree,
                         ::testing::Values("examples/sine.ph", "examples/demo.ph",
                                           "examples/filtered-saw.ph", "examples/lfo-sweep.ph",
                                           "examples/noise-hats.ph", "examples/pattern-pitches.ph",
                                           "examples/pattern-sweep.ph", "examples/feedback-echo.ph",
                                           "examples/conditional-filter.ph", "examples/saw-bank.ph",
                                           "examples/filter-bank.ph", "examples/stereo.ph",
                                           "examples/delay-lines.ph", "examples/triggers.ph",
                                           "examples/sine-stack.ph", "examples/saw-stack-filter.ph",
                                           "examples/filter-stack.ph", "examples/stereo-reverb.ph",
                                           "examples/first-beat.ph", "examples/bus-voices.ph"));

TEST(RenderTest, PatternValuesChangeAtTheirEventBoundariesToTheSample) {
  // LANGUAGE §11 example 2: 220 Hz in 0–0.5 s, 440 Hz in 0.5–1 s, repeating.
  rt::AudioData audio =
      render(writePatch("p220", "tempo: 1\nout: sine \"220 440\" * 0.3\n"), "--duration 2");
  std::vector<float> x = channel(audio, 0);
  auto hz = [&](double from, double to) {
    return spectralPeakHz(
        slice(x, static_cast<size_t>(from * kSampleRate), static_cast<size_t>(to * kSampleRate)),
        kSampleRate);
  };
  EXPECT_NEAR(hz(0.05, 0.45), 220.0, 1.0);
  EXPECT_NEAR(hz(0.55, 0.95), 440.0, 1.0);
  EXPECT_NEAR(hz(1.05, 1.45), 220.0, 1.0);
  EXPECT_NEAR(hz(1.55, 1.95), 440.0, 1.0);
  // Up to the boundary the samples are exactly those of a constant 220 Hz; sample 24000
  // (0.5 s) is the first that differs: the change lands on the first sample at or after it.
  std::vector<float> constant =
      channel(render(writePatch("c220", "out: sine 220 * 0.3\n"), "--duration 1"), 0);
  size_t firstDifference = 0;
  while (firstDifference < constant.size() && constant[firstDifference] == x[firstDifference])
    ++firstDifference;
  EXPECT_EQ(firstDifference, 24001u); // sample 24000 still outputs the phase reached at 220 Hz
}

TEST(RenderTest, Sine110Then220ChangesOnTheHalfSecondSample) {
  // Issue 4's acceptance: `sine "110 220"` at cps 1 is 110 Hz for the first half second and
  // 220 Hz for the second, changing within one sample of 0.5 s, in every engine.
  std::string patch = writePatch("p110", "tempo: 1\nout: sine \"110 220\" * 0.3\n");
  std::vector<float> steady =
      channel(render(writePatch("c110", "out: sine 110 * 0.3\n"), "--duration 1"), 0);
  for (const char* engine : {"--engine jit", "--engine interp"}) {
    std::vector<float> x = channel(render(patch, std::string("--duration 1 ") + engine), 0);
    EXPECT_NEAR(spectralPeakHz(slice(x, 1000, 23000), kSampleRate), 110.0, 1.0) << engine;
    EXPECT_NEAR(spectralPeakHz(slice(x, 25000, 47000), kSampleRate), 220.0, 1.0) << engine;
    size_t firstDifference = 0;
    while (firstDifference < steady.size() && steady[firstDifference] == x[firstDifference])
      ++firstDifference;
    // Sample 24000 (0.5 s) is the first at 220 Hz; it outputs the phase 110 Hz reached.
    EXPECT_EQ(firstDifference, 24001u) << engine;
  }
}

TEST(RenderTest, PhasorIsTheCyclePositionTimesItsSpeedModuloOne) {
  // LANGUAGE §7.2: phasor speed = frac(c(k)·speed), c(k) = c0 + k·cps/sr; the tempo is a
  // block-rate value, so block sizes must not change the ramp.
  std::string patch =
      writePatch("phasor", "tempo: 0.75\nsetCycle 2.25\nout: phasor 3 * 0.5 + wedge * 0.25\n");
  for (const char* options : {"--engine jit", "--engine interp", "--engine jit --block 37"}) {
    std::vector<float> y = channel(render(patch, std::string("--duration 2 ") + options), 0);
    for (size_t k : {0u, 1u, 2u, 1000u, 31999u, 32000u, 64000u, 95999u}) {
      double c = 2.25 + static_cast<double>(k) * 0.75 / kSampleRate;
      double expected = 0.5 * (3 * c - std::floor(3 * c)) + 0.25 * (c - std::floor(c));
      EXPECT_NEAR(y[k], expected, 1e-5) << options << " sample " << k;
    }
  }
  // The start position reaches the phasor exactly (a double in the Env, not a float port):
  // at cycle 100000.3 a float would start the ramp at 0.3125.
  std::string late = writePatch("phasor-late", "setCycle 100000.3\nout: phasor\n");
  for (const char* options : {"--engine jit", "--engine interp"}) {
    std::vector<float> y = channel(render(late, std::string("--duration 0.2 ") + options), 0);
    EXPECT_NEAR(y[0], 0.3, 1e-6) << options;
    EXPECT_NEAR(y[4800], 0.3 + 4800 * 0.5 / kSampleRate, 1e-6) << options;
  }
}

TEST(RenderTest, AFedBackBusReadsItsPreviousSample) {
  // LANGUAGE §2.3: y[n] = x[n] + 0.5·y[n−1], y[−1] = 0, with x = 0.5 for the first quarter
  // cycle and 0 after it.
  std::string patch = writePatch("echo", "tempo: 1\n~imp: \"1 0 0 0\" * 0.5\n"
                                         "~echo: ~imp ~+ ~echo * 0.5\nout: ~echo\n");
  for (const char* engine : {"--engine jit", "--engine interp"}) {
    std::vector<float> y = channel(render(patch, std::string("--duration 1 ") + engine), 0);
    EXPECT_EQ(y[0], 0.5f) << engine;
    EXPECT_EQ(y[1], 0.75f) << engine;
    EXPECT_EQ(y[2], 0.875f) << engine;
    EXPECT_NEAR(y[11999], 1.0f, 1e-6) << engine;
    // From 0.25 s the input is 0: each sample halves.
    EXPECT_NEAR(y[12000], 0.5f, 1e-6) << engine;
    EXPECT_NEAR(y[12001], 0.25f, 1e-6) << engine;
  }
}

TEST(RenderTest, AConditionalEffectSwitchesAtCycleBoundariesWithA2msCrossfade) {
  // LANGUAGE §3.6: `every 2 (# lpf 300 1)` filters cycles 0, 2 …; cycle 1 is dry.
  std::string both = "tempo: 1\nout: saw 110 $ every 2 (# lpf 300 1)\n";
  std::vector<float> x = channel(render(writePatch("cond", both), "--duration 2"), 0);
  std::vector<float> wet =
      channel(render(writePatch("wet", "out: saw 110 # lpf 300 1\n"), "--duration 2"), 0);
  std::vector<float> dry = channel(render(writePatch("dry", "out: saw 110\n"), "--duration 2"), 0);
  // Cycle 0 is the filtered saw, cycle 1 after its 2 ms (96 samples) fade the dry one.
  EXPECT_EQ(maxDifference(slice(x, 0, 48000), slice(wet, 0, 48000)), 0.0);
  EXPECT_EQ(maxDifference(slice(x, 48096, 96000), slice(dry, 48096, 96000)), 0.0);
  // The fade is linear: a quarter of the way through, a quarter of the dry signal.
  size_t q = 48000 + 24 - 1;
  EXPECT_NEAR(x[q], wet[q] + (dry[q] - wet[q]) * 0.25f, 1e-5);
  EXPECT_GT(maxDifference(slice(x, 48000, 48095), slice(dry, 48000, 48095)), 1e-3);
}

TEST(RenderTest, ATransformAppliedToAPatternChangesWhatASignalPlays) {
  // `sine ("220 440" $ fast 2)` at cps 1: 220 Hz, 440 Hz in each half cycle.
  std::vector<float> x =
      channel(render(writePatch("fast", "tempo: 1\nout: sine (\"220 440\" $ fast 2) * 0.3\n"),
                     "--duration 1"),
              0);
  auto hz = [&](double from, double to) {
    return spectralPeakHz(
        slice(x, static_cast<size_t>(from * kSampleRate), static_cast<size_t>(to * kSampleRate)),
        kSampleRate);
  };
  EXPECT_NEAR(hz(0.02, 0.23), 220.0, 5.0);
  EXPECT_NEAR(hz(0.27, 0.48), 440.0, 5.0);
  EXPECT_NEAR(hz(0.52, 0.73), 220.0, 5.0);
  EXPECT_NEAR(hz(0.77, 0.98), 440.0, 5.0);
}

TEST(RenderTest, AControlPatternGivesItsNoteAsAPitch) {
  // LANGUAGE §3.4, §3.8: `note` stores semitones from c4; read as a number it is the pitch
  // 60 + note, which a frequency parameter takes in Hz: 72 76 79 = 523.25 659.26 783.99 Hz.
  std::vector<float> x =
      channel(render(writePatch("note", "tempo: 1\nout: sine (note \"c e g\" |+ note 12) * 0.2\n"),
                     "--duration 1"),
              0);
  auto hz = [&](double from, double to) {
    return spectralPeakHz(
        slice(x, static_cast<size_t>(from * kSampleRate), static_cast<size_t>(to * kSampleRate)),
        kSampleRate);
  };
  EXPECT_NEAR(hz(0.02, 0.32), 523.25, 3.0);
  EXPECT_NEAR(hz(0.35, 0.65), 659.26, 3.0);
  EXPECT_NEAR(hz(0.68, 0.98), 783.99, 3.0);
}

TEST(RenderTest, SetCycleAndNudgeSetWhereTheRenderStarts) {
  // Starting at cycle 1.5 of `"<220 440> 330"`: 330 Hz (cycle 1, second half), then 220 Hz
  // (cycle 2, first half), in the JIT, an object file and the interpreter alike.
  std::string patch =
      writePatch("start", "tempo: 1\nsetCycle 1\nnudge 0.5\nout: sine \"<220 440> 330\" * 0.2\n");
  std::string object = tempDir() + "/start.o";
  ASSERT_EQ(runCommand(phononcBinary() + " '" + patch + "' -o '" + object + "'").exitCode, 0);
  for (const std::string& input : {patch, object})
    for (const char* engine : {"", "--engine interp"}) {
      if (input == object && *engine) continue;
      std::vector<float> x = channel(render(input, std::string("--duration 1 ") + engine), 0);
      EXPECT_NEAR(spectralPeakHz(slice(x, 1000, 23000), kSampleRate), 330.0, 2.0) << input;
      EXPECT_NEAR(spectralPeakHz(slice(x, 25000, 47000), kSampleRate), 220.0, 2.0) << input;
    }
}

TEST(RenderTest, AContinuousPatternHasAValueAtEverySample) {
  // LANGUAGE §3.4: `cosine` is (1 − cos 2πt)/2 at each sample's cycle position t (cps 0.5).
  std::string patch = writePatch("cosine", "out: cosine\n");
  for (const char* engine : {"--engine jit", "--engine interp"}) {
    std::vector<float> y = channel(render(patch, std::string("--duration 1 ") + engine), 0);
    for (size_t k : {0u, 1u, 2u, 100u, 12345u, 24000u, 47999u}) {
      double t = static_cast<double>(k) * 0.5 / kSampleRate;
      EXPECT_NEAR(y[k], (1.0 - std::cos(2.0 * M_PI * t)) / 2.0, 1e-6) << engine << " " << k;
    }
  }
}

TEST(RenderTest, PatternFunctionsBuildPatternsThatSignalsPlay) {
  // `run 4` → 0 1 2 3; `scale "major"` → 0 2 4 5 semitones; as notes from c4: 60 62 64 65.
  std::vector<float> x = channel(
      render(writePatch("scale", "tempo: 1\nout: sine (note (run 4 # scale \"major\")) * 0.2\n"),
             "--duration 1"),
      0);
  const double expected[] = {261.63, 293.66, 329.63, 349.23};
  for (int i = 0; i < 4; ++i)
    EXPECT_NEAR(spectralPeakHz(slice(x, static_cast<size_t>(i * 12000 + 500),
                                     static_cast<size_t>(i * 12000 + 11500)),
                               kSampleRate),
                expected[i], 4.0)
        << i;
}

TEST(RenderTest, NoteNamesBecomeHzAtAFrequencyParameter) {
  // LANGUAGE §11 example 8: pitches 72 76 79 in thirds of a second.
  rt::AudioData audio = render(sourcePath("examples/pattern-pitches.ph"), "--duration 1");
  std::vector<float> x = channel(audio, 0);
  const double expected[] = {523.25, 659.26, 783.99};
  for (int i = 0; i < 3; ++i) {
    size_t begin = static_cast<size_t>((i / 3.0 + 0.03) * kSampleRate);
    size_t end = static_cast<size_t>(((i + 1) / 3.0 - 0.03) * kSampleRate);
    EXPECT_NEAR(spectralPeakHz(slice(x, begin, end), kSampleRate), expected[i], 1.5) << i;
  }
}

TEST(RenderTest, SemitoneOffsetTransposes) {
  // LANGUAGE §11 example 5: one tone at 880 Hz.
  rt::AudioData audio = render(writePatch("st", "out: sine 440 12 * 0.2\n"), "--duration 1");
  EXPECT_NEAR(spectralPeakHz(channel(audio, 0), kSampleRate), 880.0, 1.0);
}

TEST(RenderTest, LowPassedSawKeepsItsFundamentalAndLosesItsHighHarmonics) {
  // LANGUAGE §11 example 6: 110 Hz fundamental, harmonics above 1 kHz at least 20 dB down.
  rt::AudioData audio = render(sourcePath("examples/filtered-saw.ph"), "--duration 2");
  std::vector<float> x = slice(channel(audio, 0), 4800, 96000);
  EXPECT_NEAR(spectralPeakHz(x, kSampleRate), 110.0, 1.0);
  double fundamental = amplitudeAt(x, kSampleRate, 110.0);
  for (int k = 10; k <= 40; ++k) {
    double level = amplitudeAt(x, kSampleRate, 110.0 * k);
    EXPECT_LT(dbfs(level) - dbfs(fundamental), -20.0) << "harmonic " << k;
  }
}

TEST(RenderTest, LfoSweepsTheFrequencyBetween200And600Hz) {
  // LANGUAGE §11 example 7: the frequency sweeps 200–600 Hz with a 2 s period, starting at
  // 400 Hz and rising. Measured over 50 ms windows.
  rt::AudioData audio = render(sourcePath("examples/lfo-sweep.ph"), "--duration 2");
  std::vector<float> x = channel(audio, 0);
  auto frequencyAt = [&](double seconds) {
    size_t centre = static_cast<size_t>(seconds * kSampleRate);
    return spectralPeakHz(slice(x, centre - 1200, centre + 1200), kSampleRate, 50, 2000);
  };
  EXPECT_NEAR(frequencyAt(0.5), 600.0, 15.0); // the top of the sweep
  EXPECT_NEAR(frequencyAt(1.0), 400.0, 15.0); // falling back through the middle
  EXPECT_NEAR(frequencyAt(1.5), 200.0, 15.0); // the bottom
  EXPECT_GT(frequencyAt(0.2), 420.0);         // it starts by rising
}

TEST(RenderTest, AutoOutputPlaysTopLevelBusesAtAQuarter) {
  // LANGUAGE §11 example 17: a warning, and 440 Hz at peak 0.25.
  std::string output;
  rt::AudioData audio = render(writePatch("auto", "~a: sine 440\n"), "--duration 1", &output);
  EXPECT_NE(output.find("warning: no output defined; playing 0.25 × (~a)"), std::string::npos)
      << output;
  std::vector<float> x = channel(audio, 1);
  EXPECT_NEAR(peak(x), 0.25, 1e-4);
  EXPECT_NEAR(spectralPeakHz(x, kSampleRate), 440.0, 1.0);
}

TEST(RenderTest, NoiseIsUniformAndEveryInstanceDiffers) {
  rt::AudioData one = render(writePatch("noise", "out: noise\n"), "--duration 1");
  std::vector<float> x = channel(one, 0);
  EXPECT_NEAR(rms(x), 1.0 / std::sqrt(3.0), 0.01);
  EXPECT_NEAR(mean(x), 0.0, 0.01);
  EXPECT_LE(peak(x), 1.0);
  // Two noise nodes are seeded from their positions: they differ, so the difference is loud.
  rt::AudioData two = render(writePatch("noise2", "out: noise - noise\n"), "--duration 1");
  EXPECT_GT(rms(channel(two, 0)), 0.5);
  // The same program always gives the same noise.
  EXPECT_EQ(maxDifference(one.samples,
                          render(writePatch("noise3", "out: noise\n"), "--duration 1").samples),
            0.0);
}

TEST(RenderTest, HighPassRemovesDirectCurrent) {
  rt::AudioData audio =
      render(writePatch("hpf", "out: (sine 440 * 0.5 + 1) # hpf 100\n"), "--duration 1");
  std::vector<float> settled = slice(channel(audio, 0), 9600, 48000);
  EXPECT_NEAR(mean(settled), 0.0, 0.01);
  EXPECT_NEAR(amplitudeAt(settled, kSampleRate, 440.0), 0.5, 0.03);
}

TEST(RenderTest, OscillatorsSoundAtTheirFrequency) {
  for (const char* osc : {"saw", "square", "tri", "triangle"}) {
    rt::AudioData audio =
        render(writePatch(std::string("osc-") + osc, std::string("out: ") + osc + " 220 * 0.5\n"),
               "--duration 1");
    std::vector<float> x = channel(audio, 0);
    EXPECT_NEAR(spectralPeakHz(x, kSampleRate), 220.0, 1.0) << osc;
    EXPECT_LE(peak(x), 0.5 * 1.1) << osc;
    EXPECT_NEAR(mean(x), 0.0, 0.01) << osc;
  }
}

TEST(RenderTest, TempoSetsTheLengthOfACycle) {
  // 8 cycles by default: 16 s at the default 0.5 cps, 8 s at cps 1, 4.8 s at bpm 400.
  EXPECT_EQ(render(writePatch("t1", "out: sine 1\n"), "").frames(), 768000u);
  EXPECT_EQ(render(writePatch("t2", "cps: 1\nout: sine 1\n"), "").frames(), 384000u);
  EXPECT_EQ(render(writePatch("t3", "bpm: 400\nout: sine 1\n"), "").frames(), 230400u);
  EXPECT_EQ(render(writePatch("t4", "tempo: 2\nout: sine 1\n"), "--cycles 3").frames(), 72000u);
}

} // namespace
} // namespace phonon::test
