// Noise sources (LANGUAGE §7.1). Each instance is seeded from its stable identity.
#pragma once

#include "NodeTable.h"

namespace phonon::nodes {

struct Noise {
  static constexpr float cost = 4;
  struct State {
    uint32_t x;
  };
  static void init(State& s, const Env&, uint32_t seed) { s.x = seed != 0 ? seed : 0x9e3779b9u; }
  static void tick(State& s, const float*, float* out, const Env&) {
    uint32_t x = s.x;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    s.x = x;
    // The top 24 bits give an exactly representable value in [-1, 1).
    out[0] = static_cast<float>(x >> 8) * (1.0f / 8388608.0f) - 1.0f;
  }
};

} // namespace phonon::nodes
