// `additive` (LANGUAGE §7.1): a sum of harmonics whose amplitudes are a constant list, handed to
// the node at init (Node.h ConstArg) and copied into its arena slice.
#pragma once

#include "NodeTable.h"

namespace phonon::nodes {

struct Additive {
  static constexpr float cost = 60;
  struct State {
    float phase;
    uint32_t count;
    const float* amps; ///< `count` amplitudes in the arena
  };
  static uint32_t countOf(const InitArgs& args) {
    return args.numArgs > 1 ? args.args[1].count : 0;
  }
  static uint64_t arenaBytes(const Env&, const InitArgs& args) {
    return uint64_t{countOf(args)} * sizeof(float);
  }
  static void init(State& s, const Env&, uint32_t, const InitArgs& args) {
    s.phase = 0.0f;
    s.count = countOf(args);
    auto* amps = static_cast<float*>(args.arena);
    for (uint32_t k = 0; k < s.count; ++k) amps[k] = args.args[1].items[k];
    s.amps = amps;
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float f = param<Additive>(in, 0);
    float dt = f * env.invSampleRate;
    // Harmonic k sounds while k·|f| < sr/2, that is k·|dt| < ½.
    float step = std::fabs(dt);
    float sum = 0.0f;
    for (uint32_t k = 0; k < s.count; ++k) {
      float harmonic = static_cast<float>(k + 1);
      if (harmonic * step >= 0.5f) break;
      sum += s.amps[k] * sinTwoPi(wrapPhase(harmonic * s.phase));
    }
    out[0] = sum;
    s.phase = wrapPhase(s.phase + dt);
  }
};

} // namespace phonon::nodes
