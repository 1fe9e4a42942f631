// Filters (LANGUAGE §7.3): the TPT state-variable filter (by q or by resonance, and `djf` on
// it), the RBJ biquads (`eq` of peaking ones), the `moog` ladder and the first-order `allpass`.
// Coefficients are computed from the parameters in every tick; when the parameters are
// loop-invariant (constant, block or event rate) the JIT hoists that work out of the sample loop.
#pragma once

#include "NodeTable.h"

namespace phonon::nodes {

struct SvfState {
  float s1, s2;
};

/// The SVF's outputs (LANGUAGE §7.3): low = v2, band = k·v1, high = x − k·v1 − v2,
/// notch = x − k·v1.
enum class SvfOutput : uint8_t { Low, High, Band, Notch };

/// v1 and v2 of one TPT SVF step, from which every output is built.
struct SvfTaps {
  float v1, v2;
};

/// One TPT SVF step at cutoff fc and damping k = 1/q. Branch-free (min/max), so that the whole
/// coefficient computation is loop-invariant code the JIT hoists out of the sample loop when
/// the parameters are (DESIGN §2).
inline SvfTaps svfStep(SvfState& s, float x, float fc, float k, const Env& env) {
  fc = std::fmin(std::fmax(fc, 10.0f), 0.49f * env.sampleRate);
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
  return {v1, v2};
}

template <SvfOutput O> inline float svfOutput(float x, SvfTaps t, float k) {
  if constexpr (O == SvfOutput::Low)
    return t.v2;
  else if constexpr (O == SvfOutput::High)
    return x - k * t.v1 - t.v2;
  else if constexpr (O == SvfOutput::Band)
    return k * t.v1;
  else
    return x - k * t.v1;
}

/// The SVF rows: `in cutoff q` (lpf hpf bpf notch), or `in freq res` with q = 0.5/(1 − res),
/// that is k = 2·(1 − res) (svf_lp svf_hp svf_bp svf_notch).
template <class Self, SvfOutput O, bool ByResonance> struct StateVariableFilter {
  static constexpr float cost = 25;
  using State = SvfState;
  static void init(State& s, const Env&, uint32_t) { s.s1 = s.s2 = 0.0f; }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float x = in[0];
    float k = ByResonance ? 2.0f * (1.0f - param<Self>(in, 2)) : 1.0f / param<Self>(in, 2);
    out[0] = svfOutput<O>(x, svfStep(s, x, param<Self>(in, 1), k, env), k);
  }
};

struct Lpf : StateVariableFilter<Lpf, SvfOutput::Low, false> {};
struct Hpf : StateVariableFilter<Hpf, SvfOutput::High, false> {};
struct Bpf : StateVariableFilter<Bpf, SvfOutput::Band, false> {};
struct Notch : StateVariableFilter<Notch, SvfOutput::Notch, false> {};
struct SvfLp : StateVariableFilter<SvfLp, SvfOutput::Low, true> {};
struct SvfHp : StateVariableFilter<SvfHp, SvfOutput::High, true> {};
struct SvfBp : StateVariableFilter<SvfBp, SvfOutput::Band, true> {};
struct SvfNotch : StateVariableFilter<SvfNotch, SvfOutput::Notch, true> {};

/// `djf in value`: a DJ filter on one SVF (q 0.707): value 0.5 is dry; below, the low output at
/// 20·1000^(2v) Hz; above, the high output at 20·1000^(2v − 1) Hz. One state runs through 0.5,
/// so a sweep across it does not restart the filter.
struct Djf {
  static constexpr float cost = 40;
  using State = SvfState;
  static void init(State& s, const Env&, uint32_t) { s.s1 = s.s2 = 0.0f; }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float x = in[0];
    float v = param<Djf>(in, 1);
    bool low = v < 0.5f;
    float exponent = low ? 2.0f * v : 2.0f * v - 1.0f;
    float fc = 20.0f * exp2Approx(exponent * 9.96578428f); // 1000^y = 2^(y·log2 1000)
    float k = 1.0f / 0.707f;
    SvfTaps t = svfStep(s, x, fc, k, env);
    float lowOut = svfOutput<SvfOutput::Low>(x, t, k);
    float highOut = svfOutput<SvfOutput::High>(x, t, k);
    out[0] = low ? lowOut : v > 0.5f ? highOut : x;
  }
};

/// `moog in cutoff res`: four TPT one-pole low-passes y = G·u + s/(1 + g), G = g/(1 + g),
/// g = tan(π·fc/sr), in a loop with feedback 4·res from the last stage, solved without a unit
/// delay: y4 = (G⁴·u0 + Σ) / (1 + 4·res·G⁴), Σ the stages' states carried through the later
/// stages, u0 = tanh(in). At res = 1 the loop gain at fc is exactly 1: it self-oscillates.
struct Moog {
  static constexpr float cost = 60;
  struct State {
    float s[4];
  };
  static void init(State& s, const Env&, uint32_t) {
    for (float& v : s.s) v = 0.0f;
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float fc = std::fmin(std::fmax(param<Moog>(in, 1), 10.0f), 0.49f * env.sampleRate);
    float feedback = 4.0f * param<Moog>(in, 2);
    float g = tanPi(fc * env.invSampleRate);
    float h = 1.0f / (1.0f + g);
    float G = g * h;
    // Each stage's output is G·(its input) + β with β = s·h.
    float b0 = s.s[0] * h, b1 = s.s[1] * h, b2 = s.s[2] * h, b3 = s.s[3] * h;
    float sigma = ((b0 * G + b1) * G + b2) * G + b3;
    float G4 = (G * G) * (G * G);
    float x = tanhApprox(in[0]);
    float y4 = (G4 * x + sigma) / (1.0f + feedback * G4);
    float u = x - feedback * y4;
    // The stages, each a TPT one-pole: v = G·(u − s), y = v + s, s ← y + v.
    for (float& stage : s.s) {
      float v = G * (u - stage);
      float y = v + stage;
      stage = y + v;
      u = y;
    }
    out[0] = u;
  }
};

/// `allpass in coef`: y[n] = −c·x[n] + x[n−1] + c·y[n−1] (LANGUAGE §7.3).
struct Allpass {
  static constexpr float cost = 6;
  struct State {
    float x1, y1;
  };
  static void init(State& s, const Env&, uint32_t) { s.x1 = s.y1 = 0.0f; }
  static void tick(State& s, const float* in, float* out, const Env&) {
    float c = param<Allpass>(in, 1);
    float x = in[0];
    float y = -c * x + s.x1 + c * s.y1;
    s.x1 = x;
    s.y1 = y;
    out[0] = y;
  }
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

/// The biquad rows: `in freq q`, or `in cutoff res` with q = 0.5/(1 − res) (rlpf, rhpf).
template <class Self, BiquadResponse R, bool ByResonance = false> struct Biquad {
  static constexpr float cost = 30;
  using State = BiquadState;
  static void init(State& s, const Env&, uint32_t) { s.z1 = s.z2 = 0.0f; }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float q = ByResonance ? 0.5f / (1.0f - param<Self>(in, 2)) : param<Self>(in, 2);
    BiquadCoefficients c = rbjCoefficients<R>(param<Self>(in, 1), q, env);
    out[0] = biquadStep(s, c, in[0]);
  }
};

struct BqLp : Biquad<BqLp, BiquadResponse::LowPass> {};

struct BqHp : Biquad<BqHp, BiquadResponse::HighPass> {};

struct BqBp : Biquad<BqBp, BiquadResponse::BandPass> {};

struct BqNotch : Biquad<BqNotch, BiquadResponse::Notch> {};

struct Rlpf : Biquad<Rlpf, BiquadResponse::LowPass, true> {};

struct Rhpf : Biquad<Rhpf, BiquadResponse::HighPass, true> {};

struct Resonz : Biquad<Resonz, BiquadResponse::BandPass> {};

/// The cookbook's peaking EQ at f (clamped like the others), q and a gain in dB:
/// A = 10^(dB/40), b = (1 + αA, −2 cos w0, 1 − αA), a = (1 + α/A, −2 cos w0, 1 − α/A).
inline BiquadCoefficients rbjPeaking(float f, float q, float gainDb, const Env& env) {
  f = std::fmin(std::fmax(f, 10.0f), 0.49f * env.sampleRate);
  q = std::fmin(std::fmax(q, 0.05f), 100.0f);
  float A = exp2Approx(gainDb * (3.32192809f / 40.0f)); // 10^(dB/40) = 2^(dB·log2(10)/40)
  SinCos half = sinCosPi(f * env.invSampleRate);
  float cosW0 = (half.cos - half.sin) * (half.cos + half.sin);
  float alpha = half.sin * half.cos / q;
  float inv = 1.0f / (1.0f + alpha / A);
  BiquadCoefficients c;
  c.b0 = (1.0f + alpha * A) * inv;
  c.b1 = -2.0f * cosW0 * inv;
  c.b2 = (1.0f - alpha * A) * inv;
  c.a1 = c.b1;
  c.a2 = (1.0f - alpha / A) * inv;
  return c;
}

/// `eq in lf lg lq mf mg mq hf hg hq`: three peaking biquads in series (low, mid, high).
struct Eq {
  static constexpr float cost = 90;
  struct State {
    BiquadState band[3];
  };
  static void init(State& s, const Env&, uint32_t) {
    for (BiquadState& b : s.band) b.z1 = b.z2 = 0.0f;
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float y = in[0];
    for (unsigned i = 0; i < 3; ++i) {
      BiquadCoefficients c = rbjPeaking(param<Eq>(in, 1 + 3 * i), param<Eq>(in, 3 + 3 * i),
                                        param<Eq>(in, 2 + 3 * i), env);
      y = biquadStep(s.band[i], c, y);
    }
    out[0] = y;
  }
};

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
