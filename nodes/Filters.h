// Filters (LANGUAGE §7.3): the TPT state-variable filter. Coefficients are computed from the
// parameters in every tick; when the parameters are loop-invariant (constant, block or event
// rate) the JIT hoists that work out of the sample loop.
#pragma once

#include "NodeTable.h"

namespace phonon::nodes {

struct SvfState {
  float s1, s2;
};

/// One TPT SVF step; returns the (low, band·k) pair the outputs are built from.
template <class Self> struct StateVariableFilter {
  static constexpr float cost = 25;
  using State = SvfState;
  static void init(State& s, const Env&, uint32_t) { s.s1 = s.s2 = 0.0f; }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float x = in[0];
    float fc = param<Self>(in, 1);
    float maxFc = 0.49f * env.sampleRate;
    // Branch-free (min/max), so that the whole coefficient computation is loop-invariant code
    // the JIT hoists out of the sample loop when the parameters are (DESIGN §2).
    fc = std::fmin(std::fmax(fc, 10.0f), maxFc);
    float k = 1.0f / param<Self>(in, 2);
    // tan(π·fc/sr) with fc/sr ≤ 0.49, relative error below 2.5e-7 (FastMath.h).
    float g = tanPi(fc * env.invSampleRate);
    float a1 = 1.0f / (1.0f + g * (g + k));
    float a2 = g * a1;
    float a3 = g * a2;
    float v3 = x - s.s2;
    float v1 = a1 * s.s1 + a2 * v3;
    float v2 = s.s2 + a2 * s.s1 + a3 * v3;
    s.s1 = 2.0f * v1 - s.s1;
    s.s2 = 2.0f * v2 - s.s2;
    out[0] = Self::select(x, v1, v2, k);
  }
};

struct Lpf : StateVariableFilter<Lpf> {
  static float select(float, float, float v2, float) { return v2; }
};

struct Hpf : StateVariableFilter<Hpf> {
  static float select(float x, float v1, float v2, float k) { return x - k * v1 - v2; }
};

// RBJ biquads (LANGUAGE §7.3, the Audio-EQ-Cookbook): w0 = 2π·f/sr, α = sin(w0)/(2q), the
// coefficients normalised by a0, run in transposed direct form II. The trigonometry is on
// w0/2 (sinCosPi, no libm): sin w0 = 2·sin(w0/2)·cos(w0/2), cos w0 = cos²(w0/2) − sin²(w0/2),
// 1 − cos w0 = 2·sin²(w0/2) and 1 + cos w0 = 2·cos²(w0/2), the last two exact identities that
// keep a low-pass's gain near 0 Hz and a high-pass's near sr/2 accurate in float. Like the SVF
// the computation is branch-free, so the JIT hoists it out of the sample loop when f and q are
// loop-invariant.

enum class BiquadResponse : uint8_t { LowPass, HighPass, BandPass, Notch };

struct BiquadCoefficients {
  float b0, b1, b2, a1, a2;
};

struct BiquadState {
  float z1, z2;
};

/// The cookbook coefficients for f clamped to [10 Hz, 0.49·sr] and q clamped to [0.05, 100].
template <BiquadResponse R>
inline BiquadCoefficients rbjCoefficients(float f, float q, const Env& env) {
  f = std::fmin(std::fmax(f, 10.0f), 0.49f * env.sampleRate);
  q = std::fmin(std::fmax(q, 0.05f), 100.0f);
  SinCos half = sinCosPi(f * env.invSampleRate); // sin and cos of w0/2
  float cosW0 = (half.cos - half.sin) * (half.cos + half.sin);
  float alpha = half.sin * half.cos / q; // sin(w0)/(2q)
  float inv = 1.0f / (1.0f + alpha);     // 1/a0
  BiquadCoefficients c;
  c.a1 = -2.0f * cosW0 * inv;
  c.a2 = (1.0f - alpha) * inv;
  if constexpr (R == BiquadResponse::LowPass) {
    c.b0 = half.sin * half.sin * inv; // (1 − cos w0)/2
    c.b1 = 2.0f * c.b0;
    c.b2 = c.b0;
  } else if constexpr (R == BiquadResponse::HighPass) {
    c.b0 = half.cos * half.cos * inv; // (1 + cos w0)/2
    c.b1 = -2.0f * c.b0;
    c.b2 = c.b0;
  } else if constexpr (R == BiquadResponse::BandPass) {
    c.b0 = alpha * inv; // constant 0 dB peak
    c.b1 = 0.0f;
    c.b2 = -c.b0;
  } else {
    c.b0 = inv;
    c.b1 = c.a1;
    c.b2 = inv;
  }
  return c;
}

/// One sample through a transposed direct form II biquad.
inline float biquadStep(BiquadState& s, const BiquadCoefficients& c, float x) {
  float y = c.b0 * x + s.z1;
  s.z1 = c.b1 * x - c.a1 * y + s.z2;
  s.z2 = c.b2 * x - c.a2 * y;
  return y;
}

template <class Self, BiquadResponse R> struct Biquad {
  static constexpr float cost = 30;
  using State = BiquadState;
  static void init(State& s, const Env&, uint32_t) { s.z1 = s.z2 = 0.0f; }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    BiquadCoefficients c = rbjCoefficients<R>(param<Self>(in, 1), param<Self>(in, 2), env);
    out[0] = biquadStep(s, c, in[0]);
  }
};

struct BqLp : Biquad<BqLp, BiquadResponse::LowPass> {};

struct BqHp : Biquad<BqHp, BiquadResponse::HighPass> {};

struct BqBp : Biquad<BqBp, BiquadResponse::BandPass> {};

struct BqNotch : Biquad<BqNotch, BiquadResponse::Notch> {};

/// Three RBJ band-passes (0 dB peak) at f1 f2 f3 with q = f/bw, weighted 1, 0.5, 0.35.
struct FormantBank {
  BiquadState band[3];
  static constexpr float kWeights[3] = {1.0f, 0.5f, 0.35f};
  void reset() {
    for (BiquadState& b : band) b.z1 = b.z2 = 0.0f;
  }
  float run(float x, const float* freq, const float* bandwidth, const Env& env) {
    float sum = 0.0f;
    for (unsigned i = 0; i < 3; ++i) {
      BiquadCoefficients c =
          rbjCoefficients<BiquadResponse::BandPass>(freq[i], freq[i] / bandwidth[i], env);
      sum += kWeights[i] * biquadStep(band[i], c, x);
    }
    return sum;
  }
};

struct Formant {
  static constexpr float cost = 90;
  using State = FormantBank;
  static void init(State& s, const Env&, uint32_t) { s.reset(); }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float freq[3] = {param<Formant>(in, 1), param<Formant>(in, 2), param<Formant>(in, 3)};
    float bandwidth[3] = {param<Formant>(in, 4), param<Formant>(in, 5), param<Formant>(in, 6)};
    out[0] = s.run(in[0], freq, bandwidth, env);
  }
};

/// `formant` with the formants of a vowel; v in [0, 4] interpolates a e i o u linearly.
struct Vowel {
  static constexpr float cost = 95;
  static constexpr float kFormants[5][3] = {
      {730.0f, 1090.0f, 2440.0f}, // a
      {530.0f, 1840.0f, 2480.0f}, // e
      {270.0f, 2290.0f, 3010.0f}, // i
      {570.0f, 840.0f, 2410.0f},  // o
      {300.0f, 870.0f, 2240.0f},  // u
  };
  using State = FormantBank;
  static void init(State& s, const Env&, uint32_t) { s.reset(); }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float v = param<Vowel>(in, 1);
    // v is clamped to [0, 4]: truncation is floor; v = 4 is the end of the last interval.
    int lower = static_cast<int>(v);
    lower = lower > 3 ? 3 : lower;
    float t = v - static_cast<float>(lower);
    float freq[3];
    for (unsigned i = 0; i < 3; ++i)
      freq[i] = kFormants[lower][i] + t * (kFormants[lower + 1][i] - kFormants[lower][i]);
    const float bandwidth[3] = {80.0f, 90.0f, 120.0f};
    out[0] = s.run(in[0], freq, bandwidth, env);
  }
};

} // namespace phonon::nodes
