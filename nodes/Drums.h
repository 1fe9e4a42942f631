// One-shot drums (LANGUAGE §7.1): `superkick`, `supersnare`, `superhat`. Each sounds once from
// the instance's start: t counts samples from its first tick. The decays e^(−t/τ) are
// exp2Approx(−t/(τ·ln 2)), which reaches exactly 0 (no denormals) once the exponent is below
// −127.
#pragma once

#include "NodeTable.h"
#include "Noise.h"
#include "Oscillators.h"
#include "phonon/nodes/FastMath.h"

namespace phonon::nodes {

/// 1/ln 2: e^x = 2^(x/ln 2).
constexpr float kInvLn2 = 1.44269504088896340736f;
/// The shortest decay time constant: a `sustain` of 0 or below decays this fast instead of
/// dividing by zero or growing.
constexpr float kShortestDecay = 1e-4f;

/// e^(−t/τ) for t ≥ 0, τ clamped to at least kShortestDecay.
inline float decay(float t, float tau) {
  return exp2Approx(-t * kInvLn2 / std::fmax(tau, kShortestDecay));
}

/// A one-shot's clock: seconds since the instance's first sample.
struct OneShotClock {
  uint32_t samples; ///< saturates at 2^31 (12 hours at 48 kHz): the decays are long 0 by then
  float seconds(const Env& env) const { return static_cast<float>(samples) * env.invSampleRate; }
  void advance() { samples += samples < 0x80000000u ? 1u : 0u; }
};

/// The TPT state-variable high-pass of `hpf` (Filters.h), for the noise of the drums: cutoff
/// clamped to [10 Hz, 0.49·sr] like `hpf`'s.
struct HighPass {
  float s1, s2;
  float step(float x, float cutoff, float q, const Env& env) {
    float fc = std::fmin(std::fmax(cutoff, 10.0f), 0.49f * env.sampleRate);
    float k = 1.0f / q;
    float g = tanPi(fc * env.invSampleRate);
    float a1 = 1.0f / (1.0f + g * (g + k));
    float a2 = g * a1;
    float a3 = g * a2;
    float v3 = x - s2;
    float v1 = a1 * s1 + a2 * v3;
    float v2 = s2 + a2 * s1 + a3 * v3;
    s1 = 2.0f * v1 - s1;
    s2 = 2.0f * v2 - s2;
    return x - k * v1 - v2;
  }
};

/// `superkick`: sin with f(t) = freq·(1 + 4·pitch_env·e^(−t/0.03)), amplitude e^(−t/sustain),
/// plus noise·white·e^(−t/0.005).
struct SuperKick {
  static constexpr float cost = 45;
  struct State {
    OneShotClock clock;
    float phase;
    uint32_t noise;
  };
  static void init(State& s, const Env&, uint32_t seed) {
    s.clock.samples = 0;
    s.phase = 0.0f;
    s.noise = whiteSeed(seed);
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float t = s.clock.seconds(env);
    float f = param<SuperKick>(in, 0) * (1.0f + 4.0f * param<SuperKick>(in, 1) * decay(t, 0.03f));
    float body = sinTwoPi(s.phase) * decay(t, param<SuperKick>(in, 2));
    float click = param<SuperKick>(in, 3) * whiteNext(s.noise) * decay(t, 0.005f);
    out[0] = body + click;
    s.phase = advancePhase(s.phase, f * env.invSampleRate);
    s.clock.advance();
  }
};

/// `supersnare` (snappy clamped to [0, 1]): (1 − snappy)·sin(2π·freq·t)·e^(−t/sustain)
///   + snappy·(white through `hpf 1000 0.7`)·e^(−t/(1.5·sustain)).
struct SuperSnare {
  static constexpr float cost = 60;
  struct State {
    OneShotClock clock;
    float phase;
    uint32_t noise;
    HighPass filter;
  };
  static void init(State& s, const Env&, uint32_t seed) {
    s.clock.samples = 0;
    s.phase = 0.0f;
    s.noise = whiteSeed(seed);
    s.filter = {0.0f, 0.0f};
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float t = s.clock.seconds(env);
    // A crossfade weight: clamped to [0, 1], so an extreme value cannot overflow the mix.
    float snappy = std::fmin(std::fmax(param<SuperSnare>(in, 1), 0.0f), 1.0f);
    float sustain = param<SuperSnare>(in, 2);
    float tone = (1.0f - snappy) * sinTwoPi(s.phase) * decay(t, sustain);
    float rattle =
        snappy * s.filter.step(whiteNext(s.noise), 1000.0f, 0.7f, env) * decay(t, 1.5f * sustain);
    out[0] = tone + rattle;
    s.phase = advancePhase(s.phase, param<SuperSnare>(in, 0) * env.invSampleRate);
    s.clock.advance();
  }
};

/// `superhat`: white through `hpf (4000 + 6000·bright) 0.7`, times e^(−t/sustain).
struct SuperHat {
  static constexpr float cost = 40;
  struct State {
    OneShotClock clock;
    uint32_t noise;
    HighPass filter;
  };
  static void init(State& s, const Env&, uint32_t seed) {
    s.clock.samples = 0;
    s.noise = whiteSeed(seed);
    s.filter = {0.0f, 0.0f};
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float t = s.clock.seconds(env);
    float cutoff = 4000.0f + 6000.0f * param<SuperHat>(in, 0);
    out[0] =
        s.filter.step(whiteNext(s.noise), cutoff, 0.7f, env) * decay(t, param<SuperHat>(in, 1));
    s.clock.advance();
  }
};

} // namespace phonon::nodes
