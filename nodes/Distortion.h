// Waveshaping and lo-fi effects (LANGUAGE §7.5): `distort`, `bitcrush`, `coarse`, `decimator`.
#pragma once

#include "NodeTable.h"

namespace phonon::nodes {

/// round(v), halves away from zero, with floor only (exact: a − floor(a) is exact in floats, so
/// no libm `roundf` and the same bits in both engines).
inline float roundHalfAway(float v) {
  float a = std::fabs(v);
  float whole = std::floor(a);
  float r = a - whole >= 0.5f ? whole + 1.0f : whole;
  return v < 0.0f ? -r : r;
}

/// The hold stage of `bitcrush`, `coarse` and `decimator`: a new input value is taken on the
/// first sample and then every `period` samples, fractional periods accumulated, so that the
/// k-th value taken is the input at sample ⌈k·period⌉; in between the taken value is held.
struct SampleHold {
  float countdown; ///< samples until the next value is taken; ≤ 0 takes one now
  float held;

  void reset() {
    countdown = 0.0f;
    held = 0.0f;
  }
  /// period ≥ 1; `take(x)` maps the input to what is held (the quantiser of `bitcrush`).
  template <class Take> float run(float x, float period, Take take) {
    // A period shortened mid-hold ends that hold early instead of running out the longer one.
    float left = std::fmin(countdown, period);
    bool now = left <= 0.0f;
    held = now ? take(x) : held;
    countdown = (now ? left + period : left) - 1.0f;
    return held;
  }
  float run(float x, float period) {
    return run(x, period, [](float v) { return v; });
  }
};

struct Distort {
  static constexpr float cost = 24;
  struct State {};
  static void init(State&, const Env&, uint32_t) {}
  static void tick(State&, const float* in, float* out, const Env&) {
    float x = in[0];
    float drive = param<Distort>(in, 1);
    float mix = param<Distort>(in, 2);
    out[0] = (1.0f - mix) * x + mix * tanhApprox(drive * x);
  }
};

struct Bitcrush {
  static constexpr float cost = 16;
  struct State {
    SampleHold hold;
  };
  static void init(State& s, const Env&, uint32_t) { s.hold.reset(); }
  static void tick(State& s, const float* in, float* out, const Env&) {
    // 2^(bits − 1): exact for whole bits (exp2Approx is exact at integers).
    float levels = exp2Approx(param<Bitcrush>(in, 1) - 1.0f);
    float step = 1.0f / levels;
    out[0] = s.hold.run(in[0], param<Bitcrush>(in, 2),
                        [=](float v) { return roundHalfAway(v * levels) * step; });
  }
};

struct Coarse {
  static constexpr float cost = 6;
  struct State {
    SampleHold hold;
  };
  static void init(State& s, const Env&, uint32_t) { s.hold.reset(); }
  static void tick(State& s, const float* in, float* out, const Env&) {
    out[0] = s.hold.run(in[0], param<Coarse>(in, 1));
  }
};

struct Decimator {
  static constexpr float cost = 9;
  struct State {
    SampleHold hold;
    float smoothed;
  };
  static void init(State& s, const Env&, uint32_t) {
    s.hold.reset();
    s.smoothed = 0.0f;
  }
  static void tick(State& s, const float* in, float* out, const Env&) {
    float held = s.hold.run(in[0], param<Decimator>(in, 1));
    float smooth = param<Decimator>(in, 2);
    s.smoothed = smooth * s.smoothed + (1.0f - smooth) * held;
    out[0] = s.smoothed;
  }
};

} // namespace phonon::nodes
