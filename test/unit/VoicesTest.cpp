// The voice engine (LANGUAGE §8.2–8.4): onsets on exact samples whatever the block size,
// the sample controls, cut groups, the voice pool, gates and releases, synth voices.
#include "VoiceSupport.h"

#include <algorithm>
#include <cmath>

namespace phonon::test {
namespace {

SampleSet kit() {
  SampleSet set;
  set.add("bd", click());
  set.add("ramp", ramp());
  set.add("dc", dc(1.0));
  return set;
}

TEST(VoicesTest, OnsetsLandOnTheirExactSamplesWhateverTheBlocks) {
  SampleSet samples = kit();
  PatternExprPtr bd = control("s", "bd*4");
  Stereo out = renderPattern(bd, samples, 48000, 512);
  EXPECT_EQ(nonZero(out.left), (std::vector<size_t>{0, 12000, 24000, 36000}));
  EXPECT_EQ(out.left, out.right);
  for (size_t k : nonZero(out.left)) EXPECT_EQ(out.left[k], 1.0f);
  Stereo small = renderPattern(bd, samples, 48000, 100);
  EXPECT_TRUE(out.left == small.left && out.right == small.right);
}

TEST(VoicesTest, AtFortyFourPointOneTheOnsetIsOnTheFirstSampleAtOrAfterIt) {
  SampleSet samples = kit();
  // 1/11 cycle is 4009.09… samples: the voice starts on 4010, at the sub-sample lag it would
  // have reached there, so its first sample is the click's tail, not the click.
  Stereo out = renderPattern(control("s", "bd*11"), samples, 44100, 512, 44100.0f);
  for (int64_t i = 0; i < 11; ++i) {
    Rational onset = Rational(44100 * i, 11);
    auto k = static_cast<size_t>(onset.ceil());
    if (k > 0) {
      EXPECT_EQ(out.left[k - 1], 0.0f) << "onset " << i;
    }
    EXPECT_NE(out.left[k], 0.0f) << "onset " << i;
    if (onset == Rational(static_cast<int64_t>(k))) {
      EXPECT_EQ(out.left[k], 1.0f);
    } else {
      EXPECT_LT(out.left[k], 1.0f);
    }
  }
  Stereo odd = renderPattern(control("s", "bd*11"), samples, 44100, 97, 44100.0f);
  EXPECT_TRUE(out.left == odd.left);
}

TEST(VoicesTest, GainAndPanArePerEvent) {
  SampleSet samples = kit();
  // Values are sampled at each onset: `gain "1 0.5"` would give the first two 1.
  Stereo gain =
      renderPattern(chain(control("s", "bd*4"), control("gain", "1 0.5 1 0.5")), samples, 48000);
  EXPECT_EQ(gain.left[0], 1.0f);
  EXPECT_EQ(gain.left[12000], 0.5f);
  EXPECT_EQ(gain.left[24000], 1.0f);
  EXPECT_EQ(gain.left[36000], 0.5f);
  Stereo pan =
      renderPattern(chain(control("s", "bd*4"), control("pan", "-1 1 -1 1")), samples, 48000);
  EXPECT_EQ(pan.left[0], 1.0f);
  EXPECT_EQ(pan.right[0], 0.0f);
  EXPECT_EQ(pan.left[12000], 0.0f);
  EXPECT_EQ(pan.right[12000], 1.0f);
  EXPECT_EQ(pan.left[24000], 1.0f);
  EXPECT_EQ(pan.right[36000], 1.0f);
}

TEST(VoicesTest, StereoSamplesKeepTheirChannelsUnderTheBalanceLaw) {
  SampleSet samples;
  std::vector<float> frames;
  for (int i = 0; i < 1000; ++i) frames.insert(frames.end(), {1.0f, 0.5f});
  samples.add("st", makeSample("st", 2, frames));
  Stereo centre = renderPattern(control("s", "st"), samples, 1000);
  EXPECT_EQ(centre.left[10], 1.0f);
  EXPECT_EQ(centre.right[10], 0.5f);
  // pan 0.5: L = l·min(1, 1 − p), R = r·min(1, 1 + p).
  Stereo right = renderPattern(chain(control("s", "st"), control("pan", "0.5")), samples, 1000);
  EXPECT_EQ(right.left[10], 0.5f);
  EXPECT_EQ(right.right[10], 0.5f);
}

TEST(VoicesTest, ACutGroupKeepsOneVoiceSounding) {
  SampleSet samples = kit();
  // Sixteen one-second voices per second: without a cut group they pile up.
  Stereo piled = renderPattern(control("s", "dc*16"), samples, 48000);
  EXPECT_EQ(piled.left[47999], 16.0f);
  rt::VoiceEngine engine({chain(control("s", "dc*16"), control("cut", "1"))}, samples.resolver());
  engine.reset(48000, 100, Rational(1), Rational(0));
  Stereo cut;
  for (uint64_t position = 0; position < 48000; position += 100) {
    engine.process(position, 100);
    EXPECT_LE(engine.sounding(0), 1u);
    cut.left.insert(cut.left.end(), engine.left(0), engine.left(0) + 100);
  }
  for (size_t i = 1; i < 16; ++i) {
    size_t onset = 3000 * i;
    // The new voice plus the old one fading over 2 ms (96 samples), then the new one alone.
    EXPECT_EQ(cut.left[onset], 2.0f);
    EXPECT_FLOAT_EQ(cut.left[onset + 48], 1.5f);
    EXPECT_EQ(cut.left[onset + 96], 1.0f);
    EXPECT_EQ(cut.left[onset + 2999], 1.0f);
  }
}

TEST(VoicesTest, ANegativeCutGroupCutsOnlyTheSameSample) {
  SampleSet samples = kit();
  samples.add("dc2", dc(1.0));
  auto soundingAfter = [&](PatternExprPtr p) {
    rt::VoiceEngine engine({p}, samples.resolver());
    renderVoices(engine, 47000, 512);
    return engine.sounding(0);
  };
  EXPECT_EQ(soundingAfter(control("s", "dc dc2 dc dc2")), 4u);
  EXPECT_EQ(soundingAfter(chain(control("s", "dc dc2 dc dc2"), control("cut", "1"))), 1u);
  EXPECT_EQ(soundingAfter(chain(control("s", "dc dc2 dc dc2"), control("cut", "-1"))), 2u);
  // Other groups are untouched.
  EXPECT_EQ(soundingAfter(chain(control("s", "dc dc2 dc dc2"), control("cut", "1 2"))), 2u);
}

TEST(VoicesTest, SpeedNoteAndDirection) {
  SampleSet samples = kit();
  Stereo reversed =
      renderPattern(chain(control("s", "ramp"), control("speed", "-1")), samples, 48000);
  for (size_t j : {0, 1, 100, 47999})
    EXPECT_EQ(reversed.left[j], static_cast<float>(47999 - j) / 48000.0f) << j;
  Stereo fast = renderPattern(chain(control("s", "ramp"), control("speed", "2")), samples, 48000);
  for (size_t j : {0, 1, 1000, 23999})
    EXPECT_EQ(fast.left[j], static_cast<float>(2 * j) / 48000.0f) << j;
  EXPECT_EQ(nonZero(fast.left).back(), 23999u); // half the length
  Stereo octave = renderPattern(chain(control("s", "ramp"), control("note", "12")), samples, 48000);
  EXPECT_TRUE(octave.left == fast.left);
  // speed 0 plays nothing.
  EXPECT_TRUE(
      nonZero(renderPattern(chain(control("s", "ramp"), control("speed", "0")), samples, 4800).left)
          .empty());
  // Half speed: every other sample is a frame, in between Hermite interpolation of a line.
  Stereo slow = renderPattern(chain(control("s", "ramp"), control("speed", "0.5")), samples, 4800);
  EXPECT_EQ(slow.left[200], 100.0f / 48000.0f);
  EXPECT_NEAR(slow.left[201], 100.5f / 48000.0f, 1e-9);
}

TEST(VoicesTest, UnitCyclesFitsTheFileToTheCycle) {
  SampleSet samples = kit();
  // At cps 1/2 a cycle is 2 s: the 1 s ramp plays at half rate and lasts 96000 samples.
  Stereo out = renderPattern(chain(control("s", "ramp"), control("unit", "c")), samples, 96000, 512,
                             48000.0f, Rational(1, 2));
  EXPECT_EQ(out.left[2000], 1000.0f / 48000.0f);
  EXPECT_EQ(nonZero(out.left).back(), 95999u);
}

TEST(VoicesTest, BeginEndAndLoop) {
  SampleSet samples = kit();
  Stereo region = renderPattern(
      chain(control("s", "ramp"), control("begin", "0.25"), control("end", "0.5")), samples, 48000);
  EXPECT_EQ(region.left[0], 12000.0f / 48000.0f);
  EXPECT_EQ(region.left[11999], 23999.0f / 48000.0f);
  EXPECT_EQ(nonZero(region.left).back(), 11999u);
  EXPECT_TRUE(nonZero(renderPattern(chain(control("s", "ramp"), control("begin", "0.5"),
                                          control("end", "0.5")),
                                    samples, 4800)
                          .left)
                  .empty());
  // loop: the first quarter repeats until the gate closes at the event's end (half a cycle),
  // then fades out over 2 ms.
  Stereo looped = renderPattern(
      chain(control("s", "ramp ~"), control("end", "0.25"), control("loop", "1")), samples, 48000);
  for (size_t j : {0, 5, 11999, 12000, 12005, 23999})
    EXPECT_EQ(looped.left[j], static_cast<float>(j % 12000) / 48000.0f) << j;
  EXPECT_GT(looped.left[24095], 0.0f);
  EXPECT_EQ(nonZero(looped.left).back(), 24095u);
}

TEST(VoicesTest, GatesCloseWithALinearRelease) {
  SampleSet samples = kit();
  // dur 0.1 s: the gate closes on sample 4800, then 0.05 s (2400 samples) down to 0.
  Stereo dur = renderPattern(
      chain(control("s", "dc"), control("dur", "0.1"), control("release", "0.05")), samples, 48000);
  EXPECT_EQ(dur.left[4799], 1.0f);
  EXPECT_EQ(dur.left[4800], 1.0f);
  EXPECT_EQ(dur.left[6000], 0.5f);
  EXPECT_GT(dur.left[7199], 0.0f);
  EXPECT_EQ(nonZero(dur.left).back(), 7199u);
  // legato 0.5 of a half-cycle event: the gate at 12000, a release of 0 fades over 2 ms.
  Stereo legato =
      renderPattern(chain(control("s", "dc ~"), control("legato", "0.5")), samples, 48000);
  EXPECT_EQ(legato.left[12000], 1.0f);
  EXPECT_EQ(legato.left[12048], 0.5f);
  EXPECT_EQ(nonZero(legato.left).back(), 12095u);
  // attack: linear from 0.
  Stereo attack =
      renderPattern(chain(control("s", "dc"), control("attack", "0.01")), samples, 4800);
  EXPECT_EQ(attack.left[0], 0.0f);
  EXPECT_EQ(attack.left[240], 0.5f);
  EXPECT_EQ(attack.left[480], 1.0f);
  // Without a gate the voice ends with its region, no fade.
  Stereo plain =
      renderPattern(control("s", "dc ~"), samples, 48000 + 100, 512, 48000.0f, Rational(1, 2));
  EXPECT_EQ(plain.left[47999], 1.0f);
  EXPECT_EQ(plain.left[48000], 0.0f);
}

TEST(VoicesTest, AccelerateRaisesTheRateOverThePlannedLength) {
  SampleSet samples = kit();
  // rate(t) = 1 + t/L with L = 1 s: the position is t + t²/2, so the ramp is over at
  // t = √3 − 1 s, sample 35138.5.
  Stereo out =
      renderPattern(chain(control("s", "ramp"), control("accelerate", "1")), samples, 48000);
  EXPECT_NEAR(static_cast<double>(nonZero(out.left).back()), 35138.0, 2.0);
}

TEST(VoicesTest, TheOldestOf257VoicesFadesOutWithoutAClick) {
  SampleSet samples;
  samples.add("dc", dc(10.0));
  // 300 ten-second voices, 160 samples apart.
  rt::VoiceEngine engine({control("s", "dc*300")}, samples.resolver());
  Stereo out = renderVoices(engine, 48000, 512);
  EXPECT_EQ(engine.sounding(0), 256u);
  EXPECT_EQ(out.left[47999], 256.0f);
  float fadeStep = 1.0f / 96.0f;
  for (size_t k = 1; k < out.left.size(); ++k) {
    float step = out.left[k] - out.left[k - 1];
    if (k % 160 == 0) {
      // An onset adds 1; from the 257th on the oldest starts its fade on the same sample.
      EXPECT_NEAR(step, 1.0f, 1e-4) << k;
    } else {
      EXPECT_GE(step, -fadeStep - 1e-4f) << k;
      EXPECT_LE(step, 0.0f) << k;
    }
  }
  EXPECT_EQ(out.left[256 * 160 + 95], 256.0f + 1.0f / 96.0f);
  EXPECT_EQ(out.left[256 * 160 + 96], 256.0f);
}

TEST(VoicesTest, ThreeHundredVoicesAtOnceFadeFortyFourOut) {
  SampleSet samples;
  samples.add("dc", dc(10.0));
  std::string layers = "dc";
  for (int i = 1; i < 300; ++i) layers += ", dc";
  rt::VoiceEngine engine({control("s", "[" + layers + "]")}, samples.resolver());
  Stereo out = renderVoices(engine, 200, 100);
  // All start on sample 0; the 44 oldest fade out over 96 samples, none is cut short.
  EXPECT_EQ(out.left[0], 300.0f);
  EXPECT_NEAR(out.left[48], 256.0f + 44.0f * 48.0f / 96.0f, 1e-3);
  EXPECT_NEAR(out.left[95], 256.0f + 44.0f / 96.0f, 1e-3);
  EXPECT_EQ(out.left[96], 256.0f);
  EXPECT_EQ(engine.sounding(0), 256u);
}

TEST(VoicesTest, SynthVoicesPlayTheirWaveUnderAnAdsr) {
  SampleSet none;
  // freq 440, saw, a 0.01 d 0.1 s 0.7 r 0.2, for the first half cycle (cps 1).
  PatternExprPtr synth =
      chain(control("freq", "440 ~"), control("wave", "saw"), control("attack", "0.01"),
            control("decay", "0.1"), control("sustain", "0.7"), control("release", "0.2"));
  Stereo out = renderPattern(synth, none, 48000);
  // The gate closes at 24000; the release reaches 0 at 24000 + 9600.
  EXPECT_NEAR(static_cast<double>(nonZero(out.left).back()), 33599.0, 1.0);
  EXPECT_GT(std::fabs(out.left[33590]), 0.0f);
  // Sustain level 0.7: the saw's peaks.
  float peak = 0.0f;
  for (size_t k = 12000; k < 20000; ++k) peak = std::max(peak, std::fabs(out.left[k]));
  EXPECT_NEAR(peak, 0.7f, 0.02f);
  // The spectral peak: Goertzel power over the sustained part, 100 Hz to 2 kHz in 5 Hz steps.
  auto power = [&](double hz) {
    double w = 2.0 * M_PI * hz / 48000.0, c = 2.0 * std::cos(w), s1 = 0, s2 = 0;
    for (size_t k = 8000; k < 24000; ++k) {
      double hann = 0.5 - 0.5 * std::cos(2.0 * M_PI * static_cast<double>(k - 8000) / 16000.0);
      double s0 = out.left[k] * hann + c * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    return s1 * s1 + s2 * s2 - c * s1 * s2;
  };
  double best = 0, bestHz = 0;
  for (double hz = 100; hz <= 2000; hz += 5)
    if (double p = power(hz); p > best) best = p, bestHz = hz;
  EXPECT_EQ(bestHz, 440.0);
  // The default wave is a saw; a sine has no second harmonic.
  Stereo sine =
      renderPattern(chain(control("freq", "440 ~"), control("wave", "sine")), none, 24000);
  EXPECT_GT(std::fabs(sine.left[12000]), 0.0f);
}

TEST(VoicesTest, NoteTransposesASynthVoice) {
  SampleSet none;
  Stereo a = renderPattern(
      chain(control("freq", "220"), control("wave", "square"), control("note", "12")), none, 4800);
  Stereo b = renderPattern(chain(control("freq", "440"), control("wave", "square")), none, 4800);
  EXPECT_TRUE(a.left == b.left);
}

TEST(VoicesTest, UnknownSoundsAreSilentAndWarnedOnce) {
  SampleSet samples = kit();
  rt::VoiceEngine engine({control("s", "xx bd xx")}, samples.resolver());
  engine.reset(48000, 512, Rational(1), Rational(0));
  std::vector<std::string> warnings;
  std::vector<float> left;
  for (uint64_t position = 0; position < 96000; position += 512) {
    engine.process(position, 512);
    left.insert(left.end(), engine.left(0), engine.left(0) + 512);
    for (std::string w = engine.takeWarning(); !w.empty(); w = engine.takeWarning())
      warnings.push_back(w);
  }
  EXPECT_EQ(warnings, std::vector<std::string>{"unknown sample name `xx`"});
  EXPECT_EQ(nonZero(left), (std::vector<size_t>{16000, 64000}));
  // A waveform voices do not play: one warning, silence.
  rt::VoiceEngine synth({chain(control("freq", "440"), control("wave", "harp"))},
                        samples.resolver());
  Stereo out = renderVoices(synth, 4800, 512);
  EXPECT_TRUE(nonZero(out.left).empty());
  EXPECT_NE(synth.takeWarning().find("synth wave `harp`"), std::string::npos);
  EXPECT_EQ(synth.takeWarning(), "");
  // A bus voice whose graph the engine was not given is silence and a warning (sema makes a
  // graph for every bus a sound pattern names); a missing pattern is a silent player.
  rt::VoiceEngine bus({control("s", "~kick"), nullptr}, samples.resolver());
  EXPECT_TRUE(nonZero(renderVoices(bus, 4800, 512).left).empty());
  EXPECT_TRUE(nonZero(renderVoices(bus, 4800, 512, 48000.0f, Rational(1), 1).left).empty());
  EXPECT_EQ(bus.takeWarning(), "the bus voice `~kick` has no graph in this patch");
  EXPECT_EQ(bus.takeWarning(), "");
}

TEST(VoicesTest, OddParametersGiveNoNaN) {
  SampleSet samples = kit();
  const double kOdd[] = {NAN, INFINITY, -INFINITY, 1e9, -1e9, 1e-30, -0.0};
  for (const char* name : {"speed", "begin", "end", "gain", "pan", "note", "accelerate", "attack",
                           "release", "legato", "dur", "cut", "n", "loop"})
    for (double x : kOdd) {
      Stereo out = renderPattern(chain(control("s", "ramp*4"), control(name, x)), samples, 24000);
      bool finite =
          std::all_of(out.left.begin(), out.left.end(), [](float v) { return std::isfinite(v); }) &&
          std::all_of(out.right.begin(), out.right.end(), [](float v) { return std::isfinite(v); });
      EXPECT_TRUE(finite) << name << " " << x;
    }
  for (double x : kOdd) {
    Stereo out = renderPattern(control("freq", x), samples, 4800);
    EXPECT_TRUE(
        std::all_of(out.left.begin(), out.left.end(), [](float v) { return std::isfinite(v); }))
        << "freq " << x;
  }
}

TEST(VoicesTest, ARichPatternIsTheSameInAnyBlocks) {
  SampleSet samples = kit();
  PatternExprPtr sound =
      chain(control("s", "ramp*3 [bd dc]"), control("speed", "-1 1.5 0.7"),
            control("pan", "-0.3 0.8"), control("cut", "0 1"), control("legato", "0.7"));
  PatternExprPtr synth = chain(control("freq", "110 [220 330]"), control("wave", "supersaw"));
  rt::VoiceEngine a({sound, synth}, samples.resolver());
  rt::VoiceEngine b({sound, synth}, samples.resolver());
  for (uint32_t slot : {0u, 1u}) {
    Stereo x = renderVoices(a, 96000, 512, 44100.0f, Rational(3, 5), slot);
    Stereo y = renderVoices(b, 96000, 61, 44100.0f, Rational(3, 5), slot);
    EXPECT_TRUE(x.left == y.left && x.right == y.right) << slot;
    EXPECT_FALSE(nonZero(x.left).empty());
  }
}

} // namespace
} // namespace phonon::test
