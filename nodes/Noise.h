// Noise sources (LANGUAGE §7.1). Each instance is seeded from its stable identity.
#pragma once

#include "NodeTable.h"

namespace phonon::nodes {

/// A nonzero xorshift32 state from a seed.
inline uint32_t whiteSeed(uint32_t seed) {
  return seed != 0 ? seed : 0x9e3779b9u;
}

/// The next uniform sample in [−1, 1) of a xorshift32 generator.
inline float whiteNext(uint32_t& state) {
  uint32_t x = state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  state = x;
  // The top 24 bits give an exactly representable value in [-1, 1).
  return static_cast<float>(x >> 8) * (1.0f / 8388608.0f) - 1.0f;
}

struct Noise {
  static constexpr float cost = 4;
  struct State {
    uint32_t x;
  };
  static void init(State& s, const Env&, uint32_t seed) { s.x = whiteSeed(seed); }
  static void tick(State& s, const float*, float* out, const Env&) { out[0] = whiteNext(s.x); }
};

/// `pink`: white noise through Paul Kellet's "refined" filter (six one-pole sections and a
/// delayed term, within ±0.05 dB of −3 dB/octave above 9.2 Hz at 44.1 kHz), times 0.11.
struct Pink {
  static constexpr float cost = 20;
  struct State {
    uint32_t x;
    float b[7];
  };
  static void init(State& s, const Env&, uint32_t seed) {
    s.x = whiteSeed(seed);
    for (float& b : s.b) b = 0.0f;
  }
  static void tick(State& s, const float*, float* out, const Env&) {
    float w = whiteNext(s.x);
    s.b[0] = 0.99886f * s.b[0] + w * 0.0555179f;
    s.b[1] = 0.99332f * s.b[1] + w * 0.0750759f;
    s.b[2] = 0.96900f * s.b[2] + w * 0.1538520f;
    s.b[3] = 0.86650f * s.b[3] + w * 0.3104856f;
    s.b[4] = 0.55000f * s.b[4] + w * 0.5329522f;
    s.b[5] = -0.7616f * s.b[5] - w * 0.0168980f;
    float pink = s.b[0] + s.b[1] + s.b[2] + s.b[3] + s.b[4] + s.b[5] + s.b[6] + w * 0.5362f;
    s.b[6] = w * 0.115926f;
    out[0] = pink * 0.11f;
  }
};

/// `brown_noise`: y ← 0.995·y + 0.04·w, a leaky integral of white noise (−6 dB/octave above
/// about 38 Hz at 48 kHz).
struct BrownNoise {
  static constexpr float cost = 6;
  struct State {
    uint32_t x;
    float y;
  };
  static void init(State& s, const Env&, uint32_t seed) {
    s.x = whiteSeed(seed);
    s.y = 0.0f;
  }
  static void tick(State& s, const float*, float* out, const Env&) {
    s.y = 0.995f * s.y + 0.04f * whiteNext(s.x);
    out[0] = s.y;
  }
};

} // namespace phonon::nodes
