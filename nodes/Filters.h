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

} // namespace phonon::nodes
