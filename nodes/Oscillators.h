// Oscillators (LANGUAGE §7.1). φ is the phase in [0, 1); each tick outputs the waveform at φ,
// then advances φ by f/sr, so every oscillator starts at phase 0 on its first sample.
#pragma once

#include "phonon/nodes/Node.h"

namespace phonon::nodes {

struct OscillatorState {
  float phase;
};

constexpr PortInfo kOscillatorPorts[] = {
    optional("freq", 1.0f, "Hz", "frequency"),
    optional("st", 0.0f, "st", "transposition in semitones"),
};

template <class Self> struct Oscillator {
  static constexpr const PortInfo* ports = kOscillatorPorts;
  static constexpr unsigned numPorts = 2;
  static constexpr Group group = Group::Oscillator;
  static constexpr uint32_t flags = NodeStateful;
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
  static constexpr const char* name = "sine";
  static constexpr const char* doc = "sin(2πφ) (a polynomial within 2e-7, no libm call)";
  static constexpr float cost = 12;
  static float wave(float phase, float) { return sinTwoPi(phase); }
};

struct Saw : Oscillator<Saw> {
  static constexpr const char* name = "saw";
  static constexpr const char* doc = "rising saw 2φ−1, PolyBLEP band-limited";
  static constexpr float cost = 10;
  static float wave(float phase, float dt) { return 2.0f * phase - 1.0f - polyBlep(phase, dt); }
};

struct Square : Oscillator<Square> {
  static constexpr const char* name = "square";
  static constexpr const char* doc = "+1 for φ < ½, −1 after, PolyBLEP band-limited";
  static constexpr float cost = 14;
  static float wave(float phase, float dt) {
    float naive = phase < 0.5f ? 1.0f : -1.0f;
    return naive + polyBlep(phase, dt) - polyBlep(wrapPhase(phase + 0.5f), dt);
  }
};

struct Tri : Oscillator<Tri> {
  static constexpr const char* name = "tri";
  static constexpr const char* aliases[] = {"triangle"};
  static constexpr const char* doc = "naive triangle 1 − 4·|((φ + ¼) mod 1) − ½|, rising from 0";
  static constexpr float cost = 6;
  static float wave(float phase, float) {
    return 1.0f - 4.0f * std::fabs(wrapPhase(phase + 0.25f) - 0.5f);
  }
};

} // namespace phonon::nodes
