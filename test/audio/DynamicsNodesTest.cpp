// Dynamics (LANGUAGE §7.6), analysis (§7.9) and the event-port envelopes `env_trig` and `struct`
// (§7.2): each node's defining property measured from a render (gain reduction at a threshold
// and ratio, attack and release time constants, a limiter's ceiling and look-ahead, a
// follower's time constants, an RMS window, crossings to the sample), and every node rendered
// bit for bit the same by the JIT at -O0 and -O3 and by the interpreter, mono and stereo.
#include "AudioAnalysis.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

namespace phonon::test {
namespace {

constexpr double kRate = 48000;

/// `body` after `tempo: 1` (a cycle is 48000 samples), rendered at 48 kHz for `seconds` with
/// `options`.
rt::AudioData renderAudio(const std::string& body, double seconds,
                          const std::string& options = "") {
  static int counter = 0;
  std::string base = tempDir() + "/dynamics" + std::to_string(counter++);
  std::ofstream(base + ".ph") << "tempo: 1\n" << body << "\n";
  CommandResult r =
      runCommand(phononBinary() + " render '" + base + ".ph' -o '" + base +
                 ".wav' --sample-rate 48000 --duration " + std::to_string(seconds) + " " + options);
  EXPECT_EQ(r.exitCode, 0) << body << "\n" << r.output;
  rt::AudioData audio;
  std::string error;
  EXPECT_TRUE(rt::readAudioFile(base + ".wav", audio, error)) << error;
  return audio;
}

std::vector<float> render(const std::string& body, double seconds) {
  return channel(renderAudio(body, seconds), 0);
}

double db(double gain) {
  return 20.0 * std::log10(gain);
}

// A one-pole in float, y ← t + c·(y − t), settles within ulp(t)/(2(1 − c)) of its target (for a
// 10 ms time constant at 48 kHz, 240 ulps: 2e-4 dB at 15 dB), and its coefficient rounds to a
// relative 3e-8, which over the k samples of a time constant moves e^(−1) by a relative 3e-8·k.
constexpr double kSettledDb = 1e-3;

/// Gain reduction in dB of output y against input x at sample k.
double reductionAt(const std::vector<float>& x, const std::vector<float>& y, size_t k) {
  return -db(static_cast<double>(y[k]) / static_cast<double>(x[k]));
}

// ---- compressor, sidechain_compressor, expander ----------------------------------------------

TEST(DynamicsNodesTest, CompressorReducesByTheStaticCurveAboveItsThreshold) {
  // A steady level of 0.5 (−6.02 dBFS), threshold −20 dB: (L − thr)·(1 − 1/ratio) of reduction.
  const double level = db(0.5);
  for (double ratio : {1.0, 2.0, 4.0, 10.0}) {
    std::vector<float> y =
        render("out: \"0.5\" # compressor -20 " + std::to_string(ratio) + " 0.001 0.1", 0.5);
    double expected = (level + 20.0) * (1.0 - 1.0 / ratio);
    EXPECT_NEAR(-db(y.back() / 0.5), expected, 1e-3) << "ratio " << ratio;
  }
  // Makeup adds its gain after the reduction; below the threshold the signal passes unchanged.
  std::vector<float> made = render("out: \"0.5\" # compressor -20 4 0.001 0.1 6", 0.5);
  EXPECT_NEAR(db(made.back() / 0.5), 6.0 - (level + 20.0) * 0.75, 1e-3);
  std::vector<float> quiet = render("out: \"0.05\" # compressor -20 4 0.001 0.1", 0.5);
  EXPECT_EQ(quiet.back(), 0.05f);
}

TEST(DynamicsNodesTest, CompressorOnASteadySineReducesByItsPeakLevel) {
  // A 1 kHz sine of amplitude 0.5: with a fast attack and a slow release the reduction settles
  // at the peak's, 10.49 dB, so the output's amplitude is 0.5·10^(−10.49/20) = 0.150.
  std::vector<float> y = render("out: sine 1000 * 0.5 # compressor -20 4 0.0005 1", 1.0);
  double expected = (db(0.5) + 20.0) * 0.75;
  EXPECT_NEAR(-db(amplitudeAt(slice(y, 24000, 48000), kRate, 1000) / 0.5), expected, 0.2);
  EXPECT_NEAR(-db(peak(slice(y, 24000, 48000)) / 0.5), expected, 0.2);
}

TEST(DynamicsNodesTest, CompressorAttackAndReleaseAreOnePoleTimeConstants) {
  // Level 1 (0 dBFS) for half a cycle, then 0.05 (−26 dBFS): the reduction rises towards 15 dB
  // with e^(−1/(0.01·sr)) per sample and falls back to 0 with e^(−1/(0.1·sr)).
  std::vector<float> y = render("out: \"1 0.05\" # compressor -20 4 0.01 0.1", 1.0);
  std::vector<float> x(y.size(), 1.0f);
  for (size_t k = 24000; k < x.size(); ++k) x[k] = 0.05f;
  // After k samples of attack the reduction is 15·(1 − e^(−k/480)).
  for (size_t k : {1u, 100u, 480u, 1000u, 2400u})
    EXPECT_NEAR(reductionAt(x, y, k - 1), 15.0 * (1.0 - std::exp(-static_cast<double>(k) / 480)),
                2e-3)
        << k;
  EXPECT_NEAR(reductionAt(x, y, 23999), 15.0, kSettledDb);
  // After k samples of release, 15·e^(−k/4800).
  for (size_t k : {1u, 1000u, 4800u, 9600u})
    EXPECT_NEAR(reductionAt(x, y, 23999 + k), 15.0 * std::exp(-static_cast<double>(k) / 4800), 2e-3)
        << k;
}

TEST(DynamicsNodesTest, SidechainCompressorDucksByItsSidechainsLevel) {
  // The sidechain is silent for half a cycle, then at 0 dBFS: the 1 kHz input passes at 0.5,
  // then is ducked by 15 dB (threshold −20, ratio 4) although its own level never changes.
  std::vector<float> y =
      render("out: sidechain_compressor (sine 1000 * 0.5) \"0 1\" -20 4 0.001 0.1", 1.0);
  EXPECT_NEAR(amplitudeAt(slice(y, 4800, 24000), kRate, 1000), 0.5, 1e-3);
  EXPECT_NEAR(-db(amplitudeAt(slice(y, 30000, 48000), kRate, 1000) / 0.5), 15.0, 0.01);
  // The aliases name the same node.
  EXPECT_EQ(maxDifference(y, render("out: sc_comp (sine 1000 * 0.5) \"0 1\" -20 4 0.001 0.1", 1.0)),
            0.0);
}

TEST(DynamicsNodesTest, ExpanderReducesByTheStaticCurveBelowItsThreshold) {
  // Threshold −40 dB: a level of 0.001 (−60 dBFS) is 20 dB under it, reduced by 20·(ratio − 1).
  for (double ratio : {2.0, 3.0}) {
    std::vector<float> y =
        render("out: \"0.001\" # expander -40 " + std::to_string(ratio) + " 0.01 0.01", 0.5);
    EXPECT_NEAR(-db(y.back() / 0.001), 20.0 * (ratio - 1.0), 1e-3) << ratio;
  }
  // Above the threshold nothing changes.
  std::vector<float> loud = render("out: \"0.1\" # expander -40 2", 0.5);
  EXPECT_EQ(loud.back(), 0.1f);
  // The gain opens with the attack's time constant: from −60 dBFS (20 dB of reduction) to
  // −20 dBFS, 20·e^(−k/480) after k samples at attack 10 ms.
  std::vector<float> y = render("out: \"0.001 0.1\" # expander -40 2 0.01 0.01", 1.0);
  for (size_t k : {1u, 480u, 960u})
    EXPECT_NEAR(-db(y[23999 + k] / 0.1), 20.0 * std::exp(-static_cast<double>(k) / 480), 2e-3) << k;
}

// ---- transient_shaper ------------------------------------------------------------------------

TEST(DynamicsNodesTest, TransientShaperAppliesAttackGainOnOnsetsAndSustainGainAfter) {
  // A step to 0.5 at half a cycle: 5 ms after it the fast follower (1 ms) is 13 dB above the
  // slow one (20 ms), so d = 1 and the gain is attack_db; once both have settled d = 0 and
  // the gain is sustain_db. Silence stays silent.
  std::vector<float> y = render("out: \"0 0.5\" # transient_shaper 6 -6", 1.0);
  EXPECT_EQ(y[23999], 0.0f);
  EXPECT_NEAR(db(y[24000 + 240] / 0.5), 6.0, 1e-3);
  EXPECT_NEAR(db(y.back() / 0.5), -6.0, 2 * kSettledDb);
  // In between, d falls from 1 to 0 as the slow follower catches up: the gain passes 0 dB
  // once the fast one is 3 dB above it.
  size_t crossing = 24240;
  while (crossing < y.size() && y[crossing] > 0.5f) ++crossing;
  EXPECT_GT(crossing, 24000u + 480);
  EXPECT_LT(crossing, 24000u + 9600);
}

// ---- limiter ---------------------------------------------------------------------------------

TEST(DynamicsNodesTest, LimiterDelaysByItsAttackAndPassesWhatIsUnderTheCeiling) {
  // 0.005 s of look-ahead is 240 samples: a signal under the ceiling comes out 240 samples
  // late, bit for bit.
  std::vector<float> x = render("out: sine 1000 * 0.4 + sine 170 * 0.3", 0.5);
  std::vector<float> y = render("out: sine 1000 * 0.4 + sine 170 * 0.3 # limiter 0.95", 0.5);
  for (size_t k = 0; k < 240; ++k) ASSERT_EQ(y[k], 0.0f) << k;
  for (size_t k = 240; k < y.size(); ++k) ASSERT_EQ(y[k], x[k - 240]) << k;
}

TEST(DynamicsNodesTest, LimiterKeepsItsCeilingWithoutClippingTheWaveform) {
  // 1 kHz at 0.1, then at 2 (+6 dBFS) from half a cycle: the output never exceeds the ceiling,
  // and once settled it is the sine scaled to 0.5, not clipped (no third harmonic).
  std::vector<float> y = render("out: sine 1000 * \"0.1 2\" # limiter 0.5 0.005 0.05", 1.0);
  EXPECT_LE(peak(y), 0.5);
  std::vector<float> settled = slice(y, 30000, 48000);
  EXPECT_NEAR(amplitudeAt(settled, kRate, 1000), 0.5, 1e-3);
  EXPECT_LT(amplitudeAt(settled, kRate, 3000), 1e-4);
  // The gain was already falling before the loud part left the delay (sample 24240): the
  // first loud samples out are within 1 % of the ceiling, not clipped flat.
  EXPECT_GT(peak(slice(y, 24240, 24288)), 0.49);
  // A hard clipper would sit at the ceiling for many samples per period.
  size_t atCeiling = 0;
  for (float v : settled) atCeiling += std::fabs(v) == 0.5f;
  EXPECT_LT(atCeiling, settled.size() / 20);
}

TEST(DynamicsNodesTest, LimiterReleasesWithItsTimeConstant) {
  // 2 then 0.1 at ceiling 0.5: the loud samples leave the look-ahead window 240 samples after
  // the step, and the gain recovers from 0.25 as 1 − 0.75·e^(−k/(0.05·sr)).
  std::vector<float> x = render("out: sine 1000 * \"2 0.1\"", 1.0);
  std::vector<float> y = render("out: sine 1000 * \"2 0.1\" # limiter 0.5 0.005 0.05", 1.0);
  auto gainAt = [&](size_t k) {
    // The gain of a stretch of 48 samples (one period) around sample k of the output.
    return amplitudeAt(slice(y, k, k + 48), kRate, 1000) /
           amplitudeAt(slice(x, k - 240, k - 240 + 48), kRate, 1000);
  };
  EXPECT_NEAR(gainAt(12000), 0.25, 1e-3);
  // The window of 48 samples starting k after the step averages the gain over it.
  for (size_t k : {2400u, 4800u, 9600u}) {
    double expected = 0;
    for (size_t i = 0; i < 48; ++i)
      expected += 1.0 - 0.75 * std::exp(-static_cast<double>(k + i - 240) / 2400);
    EXPECT_NEAR(gainAt(24000 + k), expected / 48, 0.01) << k;
  }
}

// ---- analysis --------------------------------------------------------------------------------

TEST(DynamicsNodesTest, RmsAveragesSquaresOverItsWindow) {
  // A sine's RMS is its amplitude/√2; a step's RMS grows as √(k/N) over a window of N samples
  // and reaches the level on sample N − 1 after the step.
  std::vector<float> y = render("out: sine 1000 * 0.8 # rms 0.05", 0.5);
  EXPECT_NEAR(y[12000], 0.8 / std::sqrt(2.0), 1e-5);
  EXPECT_NEAR(y.back(), 0.8 / std::sqrt(2.0), 1e-5);
  std::vector<float> step = render("out: \"0 1 0\" # rms 0.01", 1.0);
  EXPECT_EQ(step[15999], 0.0f);
  EXPECT_NEAR(step[16000 + 119], 0.5, 1e-6); // 120 of 480 samples: √¼
  EXPECT_LT(step[16000 + 478], 1.0f);
  EXPECT_FLOAT_EQ(step[16000 + 479], 1.0f);
  // After the loud third the window empties in 480 samples and the level is exactly 0 again.
  EXPECT_NEAR(step[32000 + 239], std::sqrt(0.5), 1e-6);
  EXPECT_EQ(step[32000 + 479], 0.0f);
  // The window is clamped to [1 ms, 1 s]: 0 is 48 samples.
  std::vector<float> tiny = render("out: \"0 1\" # rms 0", 1.0);
  EXPECT_LT(tiny[24000 + 46], 1.0f);
  EXPECT_FLOAT_EQ(tiny[24000 + 47], 1.0f);
}

TEST(DynamicsNodesTest, PeakFollowerRisesAndFallsWithItsTimeConstants) {
  // A step 0 → 1 → 0: after k samples of attack (10 ms) 1 − e^(−k/480), after k of release
  // (0.1 s) e^(−k/4800).
  std::vector<float> y = render("out: \"0 1 0\" # peak_follower 0.01 0.1", 1.0);
  EXPECT_EQ(y[15999], 0.0f);
  for (size_t k : {1u, 480u, 1440u})
    EXPECT_NEAR(y[15999 + k], 1.0 - std::exp(-static_cast<double>(k) / 480), 2e-5) << k;
  for (size_t k : {1u, 4800u, 9600u})
    EXPECT_NEAR(y[31999 + k], std::exp(-static_cast<double>(k) / 4800), 4e-5) << k;
  // It follows |x|: a negative step is followed the same way.
  std::vector<float> negative = render("out: \"0 -1 0\" # peak_follower 0.01 0.1", 1.0);
  EXPECT_EQ(maxDifference(y, negative), 0.0);
}

TEST(DynamicsNodesTest, AmpFollowerFollowsTheRmsLevel) {
  // A sine of amplitude 0.8 settles at its RMS, 0.566; a step to 1 rises with the attack's
  // time constant behind the 1 ms RMS window.
  std::vector<float> y = render("out: sine 1000 * 0.8 # amp_follower 0.01 0.1 0.05", 1.0);
  EXPECT_NEAR(y.back(), 0.8 / std::sqrt(2.0), 1e-4);
  std::vector<float> step = render("out: \"0 1\" # amp_follower 0.01 0.1 0.001", 1.0);
  EXPECT_EQ(step[23999], 0.0f);
  EXPECT_NEAR(step[24000 + 479], 1.0 - std::exp(-1.0), 0.05);
  EXPECT_NEAR(step.back(), 1.0, 1e-4);
}

/// Channel 0 of a render: the input; channel 1: the node's output.
struct InputAndOutput {
  std::vector<float> x, y;
};
InputAndOutput renderPair(const std::string& input, const std::string& node, double seconds) {
  rt::AudioData audio = renderAudio("~x: " + input + "\nout: stereo ~x (" + node + ")", seconds);
  return {channel(audio, 0), channel(audio, 1)};
}

TEST(DynamicsNodesTest, SchmidtSwitchesOnAboveHiAndOffBelowLoToTheSample) {
  InputAndOutput r = renderPair("sine 3", "schmidt ~x 0.5 -0.5", 1.0);
  float state = 0;
  size_t switches = 0;
  for (size_t k = 0; k < r.x.size(); ++k) {
    float next = r.x[k] > 0.5f ? 1.0f : r.x[k] < -0.5f ? 0.0f : state;
    switches += next != state;
    state = next;
    ASSERT_EQ(r.y[k], state) << k;
  }
  EXPECT_EQ(switches, 6u); // three periods: on and off in each
}

TEST(DynamicsNodesTest, LatchHoldsTheInputAtEachRisingCrossingOfTrig) {
  // The trigger is a 10 Hz square: ten rising crossings per second; between them the output
  // holds the sine's value at the last one.
  std::vector<float> x = render("out: sine 3", 1.0);
  std::vector<float> trig = render("out: square 10", 1.0);
  std::vector<float> y = render("out: latch (sine 3) (square 10)", 1.0);
  float held = 0, previous = 0;
  size_t rises = 0;
  for (size_t k = 0; k < y.size(); ++k) {
    if (trig[k] > 0.5f && !(previous > 0.5f)) {
      held = x[k];
      ++rises;
    }
    previous = trig[k];
    ASSERT_EQ(y[k], held) << k;
  }
  EXPECT_EQ(rises, 10u);
  EXPECT_EQ(render("out: sample_hold (sine 3) (square 10)", 1.0), y);
}

TEST(DynamicsNodesTest, TimerCountsSecondsSinceTheLastRisingCrossing) {
  // A 4 Hz square rises every 12000 samples (the first on sample 0): the timer reads k/sr on
  // the k-th sample after each rise.
  InputAndOutput r = renderPair("square 4", "timer ~x", 1.0);
  size_t since = 0, rises = 0;
  float previous = 0;
  for (size_t k = 0; k < r.x.size(); ++k) {
    if (r.x[k] > 0.5f && !(previous > 0.5f)) {
      since = 0;
      ++rises;
    }
    previous = r.x[k];
    ASSERT_EQ(r.y[k], static_cast<float>(static_cast<double>(since) / kRate)) << k;
    ++since;
  }
  EXPECT_EQ(rises, 4u);
  // Before the first crossing it counts from the start.
  std::vector<float> late = render("out: timer \"0 1\"", 0.75);
  EXPECT_EQ(late[23999], static_cast<float>(23999 / kRate));
  EXPECT_EQ(late[24000], 0.0f);
  EXPECT_EQ(late[24480], 0.01f);
}

// ---- env_trig and struct ---------------------------------------------------------------------

TEST(DynamicsNodesTest, EnvTrigShapesItsInputByAnAdsrPerEventOfAnyValue) {
  // Events of the values 1 and 0 both gate: a 10 ms, d 20 ms, s 0.5, r 50 ms (480, 960 and
  // 2400 samples) on a level of 0.8.
  std::vector<float> y = render("out: env_trig \"0.8\" \"1 ~ 0 ~\" 0.01 0.02 0.5 0.05", 1.0);
  for (size_t onset : {0u, 24000u}) {
    EXPECT_EQ(y[onset], 0.0f);
    EXPECT_NEAR(y[onset + 240], 0.4f, 1e-6);
    EXPECT_FLOAT_EQ(y[onset + 480], 0.8f);
    EXPECT_FLOAT_EQ(y[onset + 1440], 0.4f);
    EXPECT_FLOAT_EQ(y[onset + 12000], 0.4f);
    EXPECT_NEAR(y[onset + 12000 + 1200], 0.2f, 1e-6);
    EXPECT_EQ(y[onset + 12000 + 2400], 0.0f);
  }
  // The defaults: a 1 ms, d 0.1 s, s 0: at 0 by 0.101 s.
  std::vector<float> d = render("out: env_trig \"1\" \"1\"", 0.5);
  EXPECT_FLOAT_EQ(d[48], 1.0f);
  EXPECT_EQ(d[48 + 4800], 0.0f);
}

TEST(DynamicsNodesTest, StructOnASignalTriggersAnAdsrAtEachTrueOnset) {
  // a 1 ms, d 0.1 s, s 0, r 0.05 s: up in 48 samples, down to 0 in 4800 more; a false event
  // and a rest trigger nothing.
  std::vector<float> y = render("out: struct \"t f ~ t\" (sine 0 + 0.5)", 1.0);
  for (size_t onset : {0u, 36000u}) {
    EXPECT_EQ(y[onset], 0.0f);
    EXPECT_FLOAT_EQ(y[onset + 48], 0.5f);
    EXPECT_NEAR(y[onset + 48 + 2400], 0.25f, 1e-6);
    EXPECT_EQ(y[onset + 48 + 4800], 0.0f);
  }
  for (size_t k = 4848; k < 36000; ++k) ASSERT_EQ(y[k], 0.0f) << k;
  // An event shorter than the envelope (3000 samples, ending during the decay) releases from
  // where it is, to 0 in 50 ms (2400 samples).
  std::vector<float> s =
      render("out: struct \"t ~ t ~ t ~ t ~ t ~ t ~ t ~ t ~\" (sine 0 + 1)", 0.125);
  EXPECT_NEAR(s[2999], 1.0 - 2951.0 / 4800, 1e-5);
  EXPECT_EQ(s[3000], s[2999]);
  EXPECT_NEAR(s[3000 + 1200], s[2999] / 2, 1e-6);
  EXPECT_EQ(s[3000 + 2400], 0.0f);
}

// ---- the engines agree -----------------------------------------------------------------------

TEST(DynamicsNodesTest, JitAtO0AndO3AndTheInterpreterAgreeBitForBit) {
  const std::string mono =
      "~x: sine 220 * \"0.2 1 0.05 0.6\" + saw 3000 * 0.1\n"
      "~p: mix (compressor ~x -18 3 0.003 0.08 2) (expander ~x -30 3)\n"
      "~q: mix (sidechain_compressor ~x (sine 2) -12) (transient_shaper ~x 4 -3)\n"
      "~r: mix (limiter ~x 0.3 0.002 0.03) (rms ~x \"0.01 0.3\") (peak_follower ~x 0.001 0.05)\n"
      "~s: mix (amp_follower ~x 0.002 0.05 0.02) (schmidt ~x 0.3 -0.3) (latch ~x (sine 30))\n"
      "~t: mix (timer (sine 7)) (env_trig ~x \"1 2 ~ 3\" 0.01 0.05 0.3 0.1) (struct \"t f t t\" "
      "~x)\n"
      "out: mix ~p ~q ~r ~s ~t";
  const std::string stereo =
      "~x: stereo (sine 220 * \"0.2 1\") (saw 330 * \"1 0.1\")\n"
      "~p: mix (compressor ~x -18 3) (expander ~x -30 3) (limiter ~x 0.3)\n"
      "~q: mix (sidechain_compressor ~x (stereo (sine 2) (sine 3)) -12) (transient_shaper ~x 4 "
      "-3)\n"
      "~r: mix (rms ~x) (peak_follower ~x 0.001 0.05) (amp_follower ~x 0.002 0.05 0.02)\n"
      "~s: mix (schmidt ~x 0.3 -0.3) (latch ~x (sine 30)) (timer ~x)\n"
      "~t: mix (env_trig ~x \"1 2 ~ 3\") (struct \"t f t t\" ~x)\n"
      "out: mix ~p ~q ~r ~s ~t";
  for (bool isStereo : {false, true}) {
    const std::string& patch = isStereo ? stereo : mono;
    rt::AudioData reference = renderAudio(patch, 2.0, "-O0");
    ASSERT_EQ(reference.channels, 2u);
    EXPECT_TRUE(allFinite(reference.samples));
    EXPECT_GT(rms(reference.samples), 0.01);
    if (isStereo) {
      EXPECT_GT(maxDifference(channel(reference, 0), channel(reference, 1)), 0.01);
    }
    for (const char* options : {"-O3", "--engine interp -O0", "--engine interp -O3"})
      EXPECT_EQ(maxDifference(reference.samples, renderAudio(patch, 2.0, options).samples), 0.0)
          << options;
  }
}

} // namespace
} // namespace phonon::test
