// Nodes that follow the cycle clock rather than a frequency (LANGUAGE §7.2).
#pragma once

#include "NodeTable.h"

namespace phonon::nodes {

/// `phasor speed`: frac(c(k) · speed), c(k) the cycle position of sample k. The position is
/// kept in double precision, starts at the Env's start cycle and advances by cps/sr per sample,
/// so the ramp stays on the pattern clock over hours; `cps` is the block-rate tempo, filled in
/// by sema.
struct Phasor {
  static constexpr float cost = 8;
  struct State {
    double cycle; ///< the cycle position of the next sample; NaN before the first
  };
  static void init(State& s, const Env&, uint32_t) { s.cycle = NAN; }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    if (std::isnan(s.cycle)) s.cycle = env.startCycle;
    double ramp = s.cycle * static_cast<double>(param<Phasor>(in, 0));
    ramp -= std::floor(ramp);
    float value = static_cast<float>(ramp); // may round up to 1
    out[0] = value >= 1.0f ? 0.0f : value;
    s.cycle += static_cast<double>(in[1]) / static_cast<double>(env.sampleRate);
  }
};

} // namespace phonon::nodes
