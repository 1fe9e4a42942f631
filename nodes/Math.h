// Math and utility nodes (LANGUAGE §7.8) that work per sample on signals.
#pragma once

#include "NodeTable.h"

namespace phonon::nodes {

struct Tanh {
  static constexpr float cost = 8;
  struct State {};
  static void init(State&, const Env&, uint32_t) {}
  static void tick(State&, const float* in, float* out, const Env&) { out[0] = tanhApprox(in[0]); }
};

struct Clip {
  static constexpr float cost = 2;
  struct State {};
  static void init(State&, const Env&, uint32_t) {}
  static void tick(State&, const float* in, float* out, const Env&) {
    out[0] = std::fmin(std::fmax(in[0], param<Clip>(in, 1)), param<Clip>(in, 2));
  }
};

/// The conditional effect forms (LANGUAGE §3.6): the dry signal while `cond` is at most 0.5,
/// the wet one while it is above, each switch a 2 ms linear crossfade. `cond` is an event-rate
/// value that changes at cycle boundaries, so the fade starts there. Sema builds it; it has no
/// name a program can call.
struct Switch {
  static constexpr float cost = 4;
  struct State {
    float position; ///< 0 dry … 1 wet; negative before the first sample
  };
  static void init(State& s, const Env&, uint32_t) { s.position = -1.0f; }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float target = in[2] > 0.5f ? 1.0f : 0.0f;
    float step = env.invSampleRate / 0.002f;
    // The first sample starts where the condition is, without a fade.
    float from = s.position < 0.0f ? target : s.position;
    s.position = target > from ? std::fmin(from + step, target) : std::fmax(from - step, target);
    // Outside a fade the output is dry or wet exactly (dry + (wet − dry)·1 can be an ulp off
    // wet), so a processed cycle has the very samples of the processed signal.
    const float p = s.position;
    out[0] = p >= 1.0f ? in[1] : p <= 0.0f ? in[0] : in[0] + (in[1] - in[0]) * p;
  }
};

} // namespace phonon::nodes
