// The §7.5 stereo reverbs whose two outputs come from one tank: `plate` (Dattorro's plate) and
// `lush` (an 8-line feedback delay network). Both are Pair rows (nodes/README.md, "Two outputs
// from one state"): ports l, r, then the row's others; the input is (L + R)/2. Their lines come
// from the patch's arena at init, scaled to the sample rate.
#pragma once

#include "DelayEffects.h"

namespace phonon::nodes {

/// The longest predelay of `plate` and `lush` (their ports' range).
constexpr float kReverbMaxPredelay = 1.0f;

/// A Schroeder allpass on a line: w = x + g·d written, out = d − g·w, with d the line read
/// `delay` samples back (fractional: linear).
inline float allpassStep(DelayLine& line, float delay, float x, float g) {
  float d = line.read(delay);
  float w = x + g * d;
  line.push(w);
  return d - g * w;
}

// ---- plate (§7.5): Dattorro (1997) --------------------------------------------------------------

/// Dattorro's plate at 29761 Hz: the input diffusers, the two tank halves (a modulated allpass,
/// a delay, the damping lowpass, ×decay, an allpass, a delay, ×decay into the other half) and
/// the output taps, each a line and a distance back (J. Dattorro, "Effect Design, Part 1", 1997).
constexpr float kPlateRate = 29761.0f;
constexpr uint32_t kPlateInputAllpasses[4] = {142, 107, 379, 277};
constexpr float kPlateInputDiffusion[4] = {0.75f, 0.75f, 0.625f, 0.625f};
/// Left half, then right: modulated allpass, delay, allpass, delay.
constexpr uint32_t kPlateTank[2][4] = {{672, 4453, 1800, 3720}, {908, 4217, 2656, 3163}};
constexpr float kPlateExcursion = 16.0f; ///< the modulated allpasses' swing, samples at 29761 Hz
constexpr float kPlateModulationHz = 1.0f;
constexpr float kPlateBandwidth = 0.9995f; ///< the input lowpass of the paper
/// An output tap: the half (0 left, 1 right), the line in it (1 delay, 2 allpass, 3 delay),
/// samples back at 29761 Hz, and its sign.
struct PlateTap {
  uint8_t half, line;
  uint16_t back;
  float sign;
};
constexpr PlateTap kPlateTapsLeft[7] = {{1, 1, 266, 1},  {1, 1, 2974, 1},  {1, 2, 1913, -1},
                                        {1, 3, 1996, 1}, {0, 1, 1990, -1}, {0, 2, 187, -1},
                                        {0, 3, 1066, -1}};
constexpr PlateTap kPlateTapsRight[7] = {{0, 1, 353, 1},  {0, 1, 3627, 1},  {0, 2, 1228, -1},
                                         {0, 3, 2673, 1}, {1, 1, 2111, -1}, {1, 2, 335, -1},
                                         {1, 3, 121, -1}};

/// A length at 29761 Hz scaled to the sample rate, rounded, at least 1.
inline uint32_t plateLength(float at29761, const Env& env) {
  auto n = static_cast<uint32_t>(at29761 * env.sampleRate / kPlateRate + 0.5f);
  return n < 1 ? 1 : n;
}

/// `plate` on l, r: Dattorro's figure with the predelay in seconds, the input diffusers'
/// coefficients ×diffusion, the tank's first allpasses at −0.7 with their delays swung by up
/// to 16 samples × mod_depth (1 Hz sines in quadrature), its second at decay + 0.15 in
/// [0.25, 0.5], the damping lowpass y ← (1 − damping)·x + damping·y and the gain `decay` after
/// each delay; the wet outputs are the paper's taps × 0.6. out = (1 − mix)·x + mix·wet per
/// channel.
struct Plate {
  static constexpr float cost = 120;
  struct State {
    DelayLine predelay;
    DelayLine diffusers[4];
    DelayLine tank[2][4];
    float length[2][4];   ///< the tank lines' delays, samples
    uint32_t whole[2][4]; ///< the same, as read by `at`
    float excursion;      ///< the modulated allpasses' full swing, samples
    float maxPredelay;
    float bandwidth;  ///< the input lowpass's memory
    float damped[2];  ///< each half's damping lowpass memory
    float tankOut[2]; ///< each half's last output, fed to the other half
    float modPhase;
    uint32_t taps[2][7];
  };
  static uint32_t predelaySamples(const Env& env) {
    return delayLineSamples(kReverbMaxPredelay, env);
  }
  static uint32_t tankSamples(unsigned half, unsigned i, const Env& env) {
    // A fractional read needs one sample past its delay; the modulated allpass reads up to
    // one excursion past its length.
    uint32_t extra = i == 0 ? plateLength(kPlateExcursion, env) + 4 : 2;
    return plateLength(static_cast<float>(kPlateTank[half][i]), env) + extra;
  }
  static uint64_t arenaBytes(const Env& env, const InitArgs&) {
    uint64_t bytes = lineBytes(predelaySamples(env));
    for (uint32_t n : kPlateInputAllpasses) bytes += lineBytes(plateLength(n, env) + 1);
    for (unsigned h = 0; h < 2; ++h)
      for (unsigned i = 0; i < 4; ++i) bytes += lineBytes(tankSamples(h, i, env));
    return bytes;
  }
  static void init(State& s, const Env& env, uint32_t, const InitArgs& args) {
    ArenaCursor arena{static_cast<unsigned char*>(args.arena)};
    s.predelay.attach(arena, predelaySamples(env));
    s.maxPredelay = kReverbMaxPredelay * env.sampleRate;
    for (unsigned i = 0; i < 4; ++i)
      s.diffusers[i].attach(arena, plateLength(kPlateInputAllpasses[i], env) + 1);
    for (unsigned h = 0; h < 2; ++h)
      for (unsigned i = 0; i < 4; ++i) {
        s.tank[h][i].attach(arena, tankSamples(h, i, env));
        s.whole[h][i] = plateLength(kPlateTank[h][i], env);
        s.length[h][i] = static_cast<float>(s.whole[h][i]);
      }
    s.excursion = kPlateExcursion * env.sampleRate / kPlateRate;
    s.bandwidth = s.damped[0] = s.damped[1] = s.tankOut[0] = s.tankOut[1] = 0.0f;
    s.modPhase = 0.0f;
    for (unsigned i = 0; i < 7; ++i) {
      s.taps[0][i] = plateLength(kPlateTapsLeft[i].back, env);
      s.taps[1][i] = plateLength(kPlateTapsRight[i].back, env);
    }
  }
  static float tapSum(const State& s, const PlateTap* taps, const uint32_t* back) {
    float sum = 0.0f;
    for (unsigned i = 0; i < 7; ++i)
      sum += taps[i].sign * s.tank[taps[i].half][taps[i].line].at(back[i]);
    return 0.6f * sum;
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float xl = in[0], xr = in[1];
    // Pushed first, so a read 1 + p samples back is the input p samples ago (p = 0: now).
    float predelay = clampTo(param<Plate>(in, 2) * env.sampleRate, 0.0f, s.maxPredelay) + 1.0f;
    float decay = param<Plate>(in, 3);
    float diffusion = param<Plate>(in, 4);
    float damping = param<Plate>(in, 5);
    float modDepth = param<Plate>(in, 6);
    float mix = param<Plate>(in, 7);

    s.predelay.push((xl + xr) * 0.5f);
    float x = s.predelay.read(predelay);
    s.bandwidth = kPlateBandwidth * x + (1.0f - kPlateBandwidth) * s.bandwidth;
    float diffused = s.bandwidth;
    for (unsigned i = 0; i < 4; ++i)
      diffused = allpassStep(s.diffusers[i], static_cast<float>(s.diffusers[i].size - 1), diffused,
                             kPlateInputDiffusion[i] * diffusion);

    float decayDiffusion = clampTo(decay + 0.15f, 0.25f, 0.5f);
    float swing = s.excursion * modDepth;
    float mod[2] = {sinTwoPi(s.modPhase), sinTwoPi(wrapPhase(s.modPhase + 0.25f))};
    s.modPhase = wrapPhase(s.modPhase + kPlateModulationHz * env.invSampleRate);
    float fed[2] = {s.tankOut[1], s.tankOut[0]}; // each half takes the other's last output
    for (unsigned h = 0; h < 2; ++h) {
      DelayLine* line = s.tank[h];
      float v = diffused + decay * fed[h];
      v = allpassStep(line[0], s.length[h][0] + swing * mod[h], v, -0.7f);
      float delayed = line[1].at(s.whole[h][1]);
      line[1].push(v);
      s.damped[h] = (1.0f - damping) * delayed + damping * s.damped[h];
      v = allpassStep(line[2], s.length[h][2], decay * s.damped[h], decayDiffusion);
      s.tankOut[h] = decay * line[3].at(s.whole[h][3]);
      line[3].push(v);
    }
    out[0] = (1.0f - mix) * xl + mix * tapSum(s, kPlateTapsLeft, s.taps[0]);
    out[1] = (1.0f - mix) * xr + mix * tapSum(s, kPlateTapsRight, s.taps[1]);
  }
};

// ---- lush (§7.5): an 8-line feedback delay network ----------------------------------------------

constexpr unsigned kLushLines = 8;
/// The lines' nominal lengths, 20 ms·4^(i/7) (geometric from 20 to 80 ms); each becomes the
/// prime nearest above its length in samples, so no two share a period.
constexpr float kLushMilliseconds[kLushLines] = {20.0f,    24.4277f, 29.8354f, 36.4404f,
                                                 44.5075f, 54.3605f, 66.3949f, 80.0f};
/// The input diffusers' lengths (Dattorro's, in ms), allpasses of coefficient `diffusion`.
constexpr float kLushDiffuserMilliseconds[4] = {4.771f, 3.595f, 12.735f, 9.307f};
constexpr float kLushMaxWanderSeconds = 0.002f; ///< wander 1 swings ±2 ms

inline bool isPrime(uint32_t n) {
  if (n < 2) return false;
  for (uint32_t d = 2; d * d <= n; ++d)
    if (n % d == 0) return false;
  return true;
}
inline uint32_t primeAtLeast(uint32_t n) {
  while (!isPrime(n)) ++n;
  return n;
}
inline uint32_t lushLength(unsigned i, const Env& env) {
  return primeAtLeast(static_cast<uint32_t>(kLushMilliseconds[i] * 0.001f * env.sampleRate) + 2);
}

/// `lush` on l, r: the input (L + R)/2, predelayed, through 4 allpasses of coefficient
/// `diffusion`, into 8 lines (prime lengths 20–80 ms) with alternating signs; each line's read
/// swings ±wander·2 ms at `spin` Hz (phases i/8), passes a one-pole y ← (1 − damping)·x +
/// damping·y, is scaled by its feedback 10^(−3·length/(decay·sr)) (an RT60 of `decay` s) and
/// mixed back through the orthonormal 8×8 Hadamard matrix. freeze > 0.5: feedback 1, no
/// damping, the input muted. Wet L is half the even lines' sum, wet R half the odd lines'.
struct Lush {
  static constexpr float cost = 200;
  struct State {
    DelayLine predelay;
    DelayLine diffusers[4];
    DelayLine lines[kLushLines];
    float length[kLushLines]; ///< samples
    float feedback[kLushLines];
    float damped[kLushLines];
    float decay; ///< the decay the feedbacks are for; 0 before the first tick
    float maxPredelay, maxWander;
    float phase;
  };
  static uint32_t diffuserSamples(unsigned i, const Env& env) {
    return static_cast<uint32_t>(kLushDiffuserMilliseconds[i] * 0.001f * env.sampleRate) + 2;
  }
  static uint32_t lineSamples(unsigned i, const Env& env) {
    return lushLength(i, env) + static_cast<uint32_t>(kLushMaxWanderSeconds * env.sampleRate) + 2;
  }
  static uint64_t arenaBytes(const Env& env, const InitArgs&) {
    uint64_t bytes = lineBytes(delayLineSamples(kReverbMaxPredelay, env));
    for (unsigned i = 0; i < 4; ++i) bytes += lineBytes(diffuserSamples(i, env));
    for (unsigned i = 0; i < kLushLines; ++i) bytes += lineBytes(lineSamples(i, env));
    return bytes;
  }
  static void init(State& s, const Env& env, uint32_t, const InitArgs& args) {
    ArenaCursor arena{static_cast<unsigned char*>(args.arena)};
    s.predelay.attach(arena, delayLineSamples(kReverbMaxPredelay, env));
    for (unsigned i = 0; i < 4; ++i) s.diffusers[i].attach(arena, diffuserSamples(i, env));
    for (unsigned i = 0; i < kLushLines; ++i) {
      s.lines[i].attach(arena, lineSamples(i, env));
      s.length[i] = static_cast<float>(lushLength(i, env));
      s.damped[i] = 0.0f;
    }
    s.decay = 0.0f; // below the port's range: the first tick computes the feedbacks
    s.maxPredelay = kReverbMaxPredelay * env.sampleRate;
    s.maxWander = kLushMaxWanderSeconds * env.sampleRate;
    s.phase = 0.0f;
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float xl = in[0], xr = in[1];
    float predelay = clampTo(param<Lush>(in, 2) * env.sampleRate, 0.0f, s.maxPredelay) + 1.0f;
    float decay = param<Lush>(in, 3);
    float diffusion = param<Lush>(in, 4);
    float damping = param<Lush>(in, 5);
    float spin = param<Lush>(in, 6);
    float wander = param<Lush>(in, 7) * s.maxWander;
    bool frozen = param<Lush>(in, 8) > 0.5f;
    float mix = param<Lush>(in, 9);
    if (decay != s.decay) {
      s.decay = decay;
      // 10^(−3·n/(decay·sr)) = 2^(−3·log2(10)·n/(decay·sr)).
      float perSample = -3.0f * 3.32192809489f * env.invSampleRate / decay;
      for (unsigned i = 0; i < kLushLines; ++i) s.feedback[i] = exp2Approx(perSample * s.length[i]);
    }

    s.predelay.push((xl + xr) * 0.5f); // first: a predelay of 0 reads this sample
    float x = s.predelay.read(predelay);
    x = frozen ? 0.0f : x; // frozen: the input is muted where it enters the network
    for (unsigned i = 0; i < 4; ++i)
      x = allpassStep(s.diffusers[i], static_cast<float>(s.diffusers[i].size - 1), x, diffusion);

    float v[kLushLines];
    float wetL = 0.0f, wetR = 0.0f;
    for (unsigned i = 0; i < kLushLines; ++i) {
      float swing = sinTwoPi(wrapPhase(s.phase + static_cast<float>(i) * 0.125f));
      float d = s.lines[i].read(s.length[i] + wander * swing);
      (i % 2 == 0 ? wetL : wetR) += d;
      s.damped[i] = (1.0f - damping) * d + damping * s.damped[i];
      v[i] = frozen ? d : s.feedback[i] * s.damped[i];
    }
    s.phase = wrapPhase(s.phase + spin * env.invSampleRate);
    // The Hadamard matrix as three butterfly stages, scaled by 1/√8: orthonormal, so the
    // network loses energy only through the feedbacks and the damping.
    for (unsigned span = 1; span < kLushLines; span *= 2)
      for (unsigned i = 0; i < kLushLines; i += 2 * span)
        for (unsigned j = i; j < i + span; ++j) {
          float a = v[j], b = v[j + span];
          v[j] = a + b;
          v[j + span] = a - b;
        }
    for (unsigned i = 0; i < kLushLines; ++i)
      s.lines[i].push(0.353553385f * v[i] + (i % 2 == 0 ? x : -x));
    out[0] = (1.0f - mix) * xl + mix * 0.5f * wetL;
    out[1] = (1.0f - mix) * xr + mix * 0.5f * wetR;
  }
};

} // namespace phonon::nodes
