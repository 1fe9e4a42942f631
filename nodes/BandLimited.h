// Exactly band-limited oscillators (LANGUAGE §7.1, §12): `saw_hz`, `square_hz`, `triangle_hz`,
// `organ`, `soft_saw` and `blip` sound no harmonic at or above sr/2, whatever the frequency.
// The Fourier series are summed term by term: harmonic k's sin 2πkφ comes from rotating the
// previous one by e^{2πiφ}, re-seeded from the polynomial every few terms so the rounding of the
// rotation does not build up. `blip` has a closed form (the Dirichlet kernel).
#pragma once

#include "NodeTable.h"
#include "Oscillators.h"
#include "phonon/nodes/FastMath.h"

namespace phonon::nodes {

/// The most terms a series sums. Harmonic k sounds while k·|f| < sr/2; this bound only binds
/// below sr/2048 (23.4 Hz at 48 kHz), where it keeps the cost of one sample bounded (an
/// oscillator at 0 Hz would otherwise sum forever). The harmonics it leaves out there are
/// quieter than 1/1024 of the fundamental.
constexpr uint32_t kMaxHarmonics = 1024;
/// Terms between two re-seedings of the rotation from the polynomial.
constexpr uint32_t kReseedEvery = 16;

/// sin and cos of 2πφ for φ in [0, 1), each within 1.7e-7 (Node.h sinTwoPi).
inline SinCos sinCosTwoPi(float phase) {
  return {sinTwoPi(phase), sinTwoPi(wrapPhase(phase + 0.25f))};
}

/// Σ weight(k)·sin 2πkφ over k = first, first + stride, … while k·step < ½ (below sr/2, step =
/// |f|/sr), at most kMaxHarmonics terms.
template <class Weight>
inline float harmonicSeries(float phase, float step, uint32_t first, uint32_t stride,
                            Weight weight) {
  SinCos rotation = sinCosTwoPi(wrapPhase(static_cast<float>(stride) * phase));
  SinCos term{0.0f, 1.0f};
  float sum = 0.0f;
  uint32_t k = first;
  for (uint32_t n = 0; n < kMaxHarmonics; ++n, k += stride) {
    float harmonic = static_cast<float>(k);
    if (harmonic * step >= 0.5f) break;
    if (n % kReseedEvery == 0) {
      term = sinCosTwoPi(wrapPhase(harmonic * phase));
    } else {
      float s = term.sin * rotation.cos + term.cos * rotation.sin;
      float c = term.cos * rotation.cos - term.sin * rotation.sin;
      term = {s, c};
    }
    sum += weight(k, harmonic) * term.sin;
  }
  return sum;
}

/// One phase at `freq` Hz: Self::wave(φ, |f|/sr, env) is this sample, then φ += f/sr.
template <class Self> struct BandLimitedOscillator {
  struct State {
    float phase;
  };
  static void init(State& s, const Env&, uint32_t) { s.phase = 0.0f; }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float f = param<Self>(in, 0);
    float dt = f * env.invSampleRate;
    out[0] = Self::wave(s.phase, std::fabs(dt), std::fabs(f), env);
    s.phase = advancePhase(s.phase, dt);
  }
};

/// `saw_hz`: −(2/π)·Σ sin(2πkφ)/k.
struct SawHz : BandLimitedOscillator<SawHz> {
  static constexpr float cost = 400;
  static float wave(float phase, float step, float, const Env&) {
    float sum = harmonicSeries(phase, step, 1, 1, [](uint32_t, float k) { return 1.0f / k; });
    return -0.636619772f * sum;
  }
};

/// `square_hz`: (4/π)·Σ_{k odd} sin(2πkφ)/k.
struct SquareHz : BandLimitedOscillator<SquareHz> {
  static constexpr float cost = 200;
  static float wave(float phase, float step, float, const Env&) {
    float sum = harmonicSeries(phase, step, 1, 2, [](uint32_t, float k) { return 1.0f / k; });
    return 1.27323954f * sum;
  }
};

/// `triangle_hz`: (8/π²)·Σ_{k odd} (−1)^((k−1)/2)·sin(2πkφ)/k².
struct TriangleHz : BandLimitedOscillator<TriangleHz> {
  static constexpr float cost = 200;
  static float wave(float phase, float step, float, const Env&) {
    float sum = harmonicSeries(phase, step, 1, 2, [](uint32_t k, float kf) {
      float w = 1.0f / (kf * kf);
      return (k & 2u) != 0 ? -w : w;
    });
    return 0.810569469f * sum;
  }
};

/// `soft_saw`: Σ sin(2πkφ)/k², divided by its peak 1.0149 (Clausen's function's maximum).
struct SoftSaw : BandLimitedOscillator<SoftSaw> {
  static constexpr float cost = 400;
  static float wave(float phase, float step, float, const Env&) {
    float sum = harmonicSeries(phase, step, 1, 1, [](uint32_t, float k) { return 1.0f / (k * k); });
    return sum / 1.0149f;
  }
};

/// `organ`: 0.5·Σ sin(2πkφ)/k over the octave partials k = 1, 2, 4, 8, 16 below sr/2.
struct Organ : BandLimitedOscillator<Organ> {
  static constexpr float cost = 70;
  static float wave(float phase, float step, float, const Env&) {
    float sum = 0.0f;
    for (uint32_t k = 1; k <= 16; k *= 2) {
      float harmonic = static_cast<float>(k);
      if (harmonic * step >= 0.5f) break;
      sum += sinTwoPi(wrapPhase(harmonic * phase)) / harmonic;
    }
    return 0.5f * sum;
  }
};

/// sin πx for x in [0, 1), within a relative 1.5e-7 (sinCosPi on the half where it is accurate;
/// 1 − x is exact for x ≥ ½).
inline float sinPiUnit(float x) {
  return sinCosPi(x > 0.5f ? 1.0f - x : x).sin;
}

/// `blip`: (1/N)·Σ_{k=1..N} cos 2πkφ with N = max(1, ⌊sr/(2f)⌋), in closed form (the Dirichlet
/// kernel): Σ cos 2πkφ = sin((2N + 1)πφ)/(2 sin πφ) − ½, N at φ = 0. The kernel is even about
/// φ = 0, so it is evaluated at min(φ, 1 − φ): both sines then stay accurate relative to their
/// size near the peak, where they are small.
struct Blip : BandLimitedOscillator<Blip> {
  static constexpr float cost = 40;
  static float wave(float phase, float, float f, const Env& env) {
    // 2^24: every count up to it is an exact float (f → 0 has N → ∞).
    float count = std::floor(0.5f * env.sampleRate / f);
    count = std::fmin(std::fmax(count, 1.0f), 16777216.0f);
    float x = phase > 0.5f ? 1.0f - phase : phase; // in [0, ½]
    float denominator = sinPiUnit(x);
    // sin(πz) for z = (2N + 1)·x ≥ 0: z mod 2 in [0, 2), the second half negated.
    float z = (2.0f * count + 1.0f) * x;
    z -= 2.0f * std::floor(0.5f * z);
    float numerator = z >= 1.0f ? -sinPiUnit(z - 1.0f) : sinPiUnit(z >= 0.0f ? z : 0.0f);
    float kernel = denominator > 0.0f ? numerator / (2.0f * denominator) - 0.5f : count;
    return kernel / count;
  }
};

} // namespace phonon::nodes
