// Oscillators (LANGUAGE §7.1). φ is the phase in [0, 1); each tick outputs the waveform at φ,
// then advances φ by f/sr, so every oscillator starts at phase 0 on its first sample.
#pragma once

#include "NodeTable.h"

namespace phonon::nodes {

struct OscillatorState {
  float phase;
};

template <class Self> struct Oscillator {
  using State = OscillatorState;
  static void init(State& s, const Env&, uint32_t) { s.phase = 0.0f; }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float f = transpose(param<Self>(in, 0), param<Self>(in, 1));
    float dt = f * env.invSampleRate;
    out[0] = Self::wave(s.phase, std::fabs(dt));
    s.phase = wrapPhase(s.phase + dt);
  }
};

struct Sine : Oscillator<Sine> {
  static constexpr float cost = 12;
  static float wave(float phase, float) { return sinTwoPi(phase); }
};

struct Saw : Oscillator<Saw> {
  static constexpr float cost = 10;
  static float wave(float phase, float dt) { return 2.0f * phase - 1.0f - polyBlep(phase, dt); }
};

struct Square : Oscillator<Square> {
  static constexpr float cost = 14;
  static float wave(float phase, float dt) {
    float naive = phase < 0.5f ? 1.0f : -1.0f;
    return naive + polyBlep(phase, dt) - polyBlep(wrapPhase(phase + 0.5f), dt);
  }
};

struct Tri : Oscillator<Tri> {
  static constexpr float cost = 6;
  static float wave(float phase, float) {
    return 1.0f - 4.0f * std::fabs(wrapPhase(phase + 0.25f) - 0.5f);
  }
};

} // namespace phonon::nodes
