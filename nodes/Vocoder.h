// `vocoder` (LANGUAGE §7.5): a channel vocoder, two banks of RBJ band-passes (Filters.h) whose
// number of bands is a constant, so the bands' coefficients are computed once at init.
#pragma once

#include "DelayEffects.h"
#include "Filters.h"

namespace phonon::nodes {

constexpr uint32_t kVocoderMaxBands = 32;
constexpr float kVocoderLowHz = 100.0f, kVocoderHighHz = 8000.0f;
constexpr float kVocoderFollowerSeconds = 0.01f;

/// Band k of n at 100·80^(k/(n − 1)) Hz (log-spaced 100 Hz–8 kHz; clamped below 0.49·sr by
/// the cookbook), q = n/2: the modulator `in` and the carrier each through band k; a one-pole
/// follower of time constant 10 ms on |modulator band| scales the carrier band; the output is
/// the sum over the bands.
struct Vocoder {
  static constexpr float cost = 600;
  struct State {
    uint32_t bands;
    float follow; ///< the followers' coefficient e^(−1/(10 ms·sr))
    BiquadCoefficients coefficients[kVocoderMaxBands];
    BiquadState modulator[kVocoderMaxBands];
    BiquadState carrier[kVocoderMaxBands];
    float envelope[kVocoderMaxBands];
  };
  /// The centre of band k of n.
  static float bandHz(uint32_t k, uint32_t n) {
    // 80^t = 2^(t·log2 80).
    float t = static_cast<float>(k) / static_cast<float>(n - 1);
    return kVocoderLowHz * exp2Approx(t * 6.32192809489f);
  }
  static void init(State& s, const Env& env, uint32_t, const InitArgs& args) {
    float bands = clampTo(constArg(args, 2, 16.0f), 2.0f, static_cast<float>(kVocoderMaxBands));
    s.bands = static_cast<uint32_t>(bands + 0.5f);
    s.follow = exp2Approx(-1.44269504f * env.invSampleRate / kVocoderFollowerSeconds);
    float q = 0.5f * static_cast<float>(s.bands);
    for (uint32_t k = 0; k < s.bands; ++k) {
      s.coefficients[k] = rbjCoefficients<BiquadResponse::BandPass>(bandHz(k, s.bands), q, env);
      s.modulator[k] = s.carrier[k] = {0.0f, 0.0f};
      s.envelope[k] = 0.0f;
    }
  }
  static void tick(State& s, const float* in, float* out, const Env&) {
    float modulator = in[0], carrier = in[1];
    float sum = 0.0f;
    for (uint32_t k = 0; k < s.bands; ++k) {
      float m = biquadStep(s.modulator[k], s.coefficients[k], modulator);
      float c = biquadStep(s.carrier[k], s.coefficients[k], carrier);
      s.envelope[k] = s.follow * s.envelope[k] + (1.0f - s.follow) * std::fabs(m);
      sum += s.envelope[k] * c;
    }
    out[0] = sum;
  }
};

} // namespace phonon::nodes
