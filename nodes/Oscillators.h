// Oscillators (LANGUAGE §7.1). φ is the phase in [0, 1); each tick outputs the waveform at φ,
// then advances φ by f/sr, so every oscillator starts at phase 0 on its first sample. φ is a
// float in [0, 1), but `sine`'s, `saw`'s and `square`'s are 32-bit fixed point (Node.h
// FixedPhase).
#pragma once

#include "NodeTable.h"

namespace phonon::nodes {

struct OscillatorState {
  float phase;
};

template <class Self> struct Oscillator {
  using State = OscillatorState;
  static void init(State& s, const Env&, uint32_t) { s.phase = 0.0f; }
  /// The phase step of this sample, f/sr (negative for a negative frequency).
  static float step(const float* in, const Env& env) {
    return transpose(param<Self>(in, 0), param<Self>(in, 1)) * env.invSampleRate;
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float dt = step(in, env);
    out[0] = Self::wave(s.phase, std::fabs(dt));
    s.phase = wrapPhase(s.phase + dt);
  }
};

/// An oscillator whose phase is a FixedPhase (Node.h), `sine`, `saw` and `square`: φ += step
/// wraps for free, and a constant pitch's phases are exact.
template <class Self> struct FixedPhaseOscillator {
  struct State {
    FixedPhase phase;
  };
  static void init(State& s, const Env&, uint32_t) { s.phase = 0; }
  /// This sample's step, f/sr as a FixedPhase (fixedPhaseStep).
  static FixedPhase step(const float* in, const Env& env) {
    return fixedPhaseStep(Oscillator<Self>::step(in, env));
  }
};

/// An oscillator whose wave is a smooth function of φ plus PolyBLEP residuals at its jumps
/// (saw, square), with its phase a FixedPhase (Node.h) as `sine`'s: φ += step wraps for free,
/// a constant pitch's phases are exact, and the step's size (|step|, fixedStepSize) is the
/// PolyBLEP's dt. `nearEdge(φ, size)` says, in integers, whether a residual may be non-zero,
/// and where it is false `smoothWave(φ)` is exactly `wave(φ, size)` (the residuals are +0
/// there). A SIMD bank of them (codegen) runs `tickSmooth`, the same samples without the
/// residuals' arithmetic, in each group of lanes, and `tick` again from the state before for a
/// group where some lane's `edge` holds: at 50 Hz a lane is within a step of a jump in 2
/// samples of 960. Their float-phase waves (`wave(float φ, float dt)`) stay for `vco`,
/// `supersaw` and the synth voices (runtime/Voice.cpp).
template <class Self> struct EdgeOscillator : FixedPhaseOscillator<Self> {
  using typename FixedPhaseOscillator<Self>::State;
  using FixedPhaseOscillator<Self>::step;
  static void tick(State& s, const float* in, float* out, const Env& env) {
    FixedPhase dt = step(in, env);
    out[0] = Self::wave(s.phase, fixedStepSize(dt));
    s.phase += dt;
  }
  static bool edge(const State& s, const float* in, const Env& env) {
    return Self::nearEdge(s.phase, fixedStepSize(step(in, env)));
  }
  static void tickSmooth(State& s, const float* in, float* out, const Env& env) {
    FixedPhase dt = step(in, env);
    out[0] = Self::smoothWave(s.phase);
    s.phase += dt;
  }
};

/// `sine` carries its phase as a FixedPhase (Node.h): at a constant frequency the phase of the
/// n-th sample is φ0 + n·step exactly, so a block of samples has no chain of floors and the JIT
/// vectorises a lone sine's sample loop; at an audio-rate frequency (FM) the chain is one integer
/// add. Negative and above-Nyquist frequencies wrap the step modulo one cycle, as a float phase
/// wraps. The step is a function of the frequency alone, so where the frequency is constant for
/// a block (a SIMD bank's lanes of constant pitches) the optimiser computes it once.
struct Sine : FixedPhaseOscillator<Sine> {
  static constexpr float cost = 12;
  static void tick(State& s, const float* in, float* out, const Env& env) {
    FixedPhase dt = step(in, env);
    out[0] = sinTwoPiFixed(s.phase);
    s.phase += dt;
  }
  /// The wave at a float phase, for the synth voices' oscillators (runtime/Voice.cpp).
  static float wave(float phase, float) { return sinTwoPi(phase); }
};

/// `saw`: 2φ − 1, φ·2^32 − 2^31 read as a signed number times 2^-31 (one conversion, exact
/// but for its rounding to float), minus the residual at its jump at φ = 0.
struct Saw : EdgeOscillator<Saw> {
  static constexpr float cost = 10;
  static float smoothWave(FixedPhase phase) {
    return static_cast<float>(static_cast<int32_t>(phase ^ kHalfCycle)) * 0x1p-31f;
  }
  static float wave(FixedPhase phase, FixedPhase size) {
    return smoothWave(phase) - polyBlepFixed(phase, size);
  }
  static bool nearEdge(FixedPhase phase, FixedPhase size) { return polyBlepNearFixed(phase, size); }
  /// The wave at a float phase, for `vco`, `supersaw` and the synth voices.
  static float wave(float phase, float dt) { return 2.0f * phase - 1.0f - polyBlep(phase, dt); }
};

/// `square`: +1 for φ < ½, −1 after (the sign bit of φ·2^32), with the residuals of its jumps
/// up at 0 and down at ½.
struct Square : EdgeOscillator<Square> {
  static constexpr float cost = 14;
  static float smoothWave(FixedPhase phase) { return phase < kHalfCycle ? 1.0f : -1.0f; }
  static float wave(FixedPhase phase, FixedPhase size) {
    return smoothWave(phase) + polyBlepFixed(phase, size) - polyBlepFixed(phase + kHalfCycle, size);
  }
  static bool nearEdge(FixedPhase phase, FixedPhase size) {
    return polyBlepNearFixed(phase, size) || polyBlepNearFixed(phase + kHalfCycle, size);
  }
  /// The wave at a float phase, for the synth voices.
  static float wave(float phase, float dt) {
    return (phase < 0.5f ? 1.0f : -1.0f) + polyBlep(phase, dt) -
           polyBlep(wrapPhase(phase + 0.5f), dt);
  }
};

struct Tri : Oscillator<Tri> {
  static constexpr float cost = 6;
  static float wave(float phase, float) {
    return 1.0f - 4.0f * std::fabs(wrapPhase(phase + 0.25f) - 0.5f);
  }
};

} // namespace phonon::nodes

namespace phonon::nodes {

/// The value of constant port `i` (a `!` port) as init receives it (InitArgs), sanitised the way
/// param<N> sanitises it in tick: a missing or non-finite value is the default, then clamped.
template <class N> inline float constParam(const InitArgs& args, unsigned i) {
  const PortInfo& p = KernelRow<N>::ports[i];
  float v = i < args.numArgs && args.args[i].count != 0 ? args.args[i].items[0] : p.defaultValue;
  v = std::isfinite(v) ? v : p.defaultValue;
  if (p.min <= p.max) v = std::fmin(std::fmax(v, p.min), p.max);
  return v;
}

/// φ advanced by dt and wrapped into [0, 1). A non-finite step (a frequency or a modulation
/// product that overflowed) leaves the phase where it is instead of making it NaN for good.
inline float advancePhase(float phase, float dt) {
  return wrapPhase(phase + (std::isfinite(dt) ? dt : 0.0f));
}

/// A PolyBLEP pulse: +1 for φ < width, −1 after, the residual subtracted at both edges (the
/// falling edge at φ = width is a jump of −2, handled as the rising one shifted by width). The
/// distance past the falling edge is φ − width (+1 before it), whose sign is exact: wrapping
/// φ + 1 − width instead could round a phase just below the edge to 0, past it.
inline float pulseWave(float phase, float dt, float width) {
  float past = phase - width;
  bool high = past < 0.0f;
  return (high ? 1.0f : -1.0f) + polyBlep(phase, dt) - polyBlep(high ? past + 1.0f : past, dt);
}

/// The phase advance of one oscillator at f Hz: output the wave at φ, then φ += f/sr.
struct PhaseState {
  float phase;
};

struct Pulse {
  static constexpr float cost = 16;
  using State = PhaseState;
  static void init(State& s, const Env&, uint32_t) { s.phase = 0.0f; }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float dt = param<Pulse>(in, 0) * env.invSampleRate;
    out[0] = pulseWave(s.phase, std::fabs(dt), param<Pulse>(in, 1));
    s.phase = advancePhase(s.phase, dt);
  }
};

/// `vco`: one phase, the wave chosen per sample by round(wave) clamped to 0 … 3, so switching
/// waves keeps the phase continuous.
struct Vco {
  static constexpr float cost = 20;
  using State = PhaseState;
  static void init(State& s, const Env&, uint32_t) { s.phase = 0.0f; }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float dt = param<Vco>(in, 0) * env.invSampleRate;
    float step = std::fabs(dt);
    float wave = std::fmin(std::fmax(std::floor(param<Vco>(in, 1) + 0.5f), 0.0f), 3.0f);
    // pw is read as `pulse`'s width, with its range.
    float width = std::fmin(std::fmax(param<Vco>(in, 2), 0.01f), 0.99f);
    float y = wave == 0.0f   ? Saw::wave(s.phase, step)
              : wave == 1.0f ? pulseWave(s.phase, step, width)
              : wave == 2.0f ? Tri::wave(s.phase, step)
                             : sinTwoPi(s.phase);
    out[0] = y;
    s.phase = advancePhase(s.phase, dt);
  }
};

/// `impulse`: 1 on the first sample and on each sample after the phase wrapped (forwards past 1
/// or, for a negative frequency, backwards past 0), else 0.
struct Impulse {
  static constexpr float cost = 4;
  struct State {
    float phase;
    float pending; ///< 1 when this sample starts a period
  };
  static void init(State& s, const Env&, uint32_t) {
    s.phase = 0.0f;
    s.pending = 1.0f;
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float next = s.phase + param<Impulse>(in, 0) * env.invSampleRate;
    out[0] = s.pending;
    s.pending = next >= 1.0f || next < 0.0f ? 1.0f : 0.0f;
    s.phase = wrapPhase(next);
  }
};

/// `wavetable`: a 2048-point table of sin 2πi/2048 (and a guard point equal to the first, so the
/// interpolation never wraps), built in the arena at init, read with linear interpolation.
struct Wavetable {
  static constexpr float cost = 8;
  static constexpr uint32_t kSize = 2048;
  struct State {
    float phase;
    const float* table; ///< kSize + 1 points in the arena
  };
  static uint64_t arenaBytes(const Env&, const InitArgs&) { return (kSize + 1) * sizeof(float); }
  static void init(State& s, const Env&, uint32_t, const InitArgs& args) {
    auto* table = static_cast<float*>(args.arena);
    for (uint32_t i = 0; i < kSize; ++i)
      table[i] = sinTwoPi(static_cast<float>(i) * (1.0f / static_cast<float>(kSize)));
    table[kSize] = table[0];
    s.table = table;
    s.phase = 0.0f;
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float dt = param<Wavetable>(in, 0) * env.invSampleRate;
    float position = s.phase * static_cast<float>(kSize); // in [0, kSize]
    auto index = static_cast<uint32_t>(position);
    index = index < kSize ? index : kSize - 1;
    float frac = position - static_cast<float>(index);
    float a = s.table[index];
    float b = s.table[index + 1];
    out[0] = a + frac * (b - a);
    s.phase = advancePhase(s.phase, dt);
  }
};

constexpr float kInvTwoPi = 0.159154943091895335768f;

/// sin(2πφc + index·sin 2πφm), the modulation added to the carrier's phase in cycles.
inline float fmWave(float carrierPhase, float modPhase, float index) {
  return sinTwoPi(wrapPhase(carrierPhase + index * sinTwoPi(modPhase) * kInvTwoPi));
}

struct TwoPhaseState {
  float carrier, mod;
};

struct Fm {
  static constexpr float cost = 30;
  using State = TwoPhaseState;
  static void init(State& s, const Env&, uint32_t) { s.carrier = s.mod = 0.0f; }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    out[0] = fmWave(s.carrier, s.mod, param<Fm>(in, 2));
    s.carrier = advancePhase(s.carrier, param<Fm>(in, 0) * env.invSampleRate);
    s.mod = advancePhase(s.mod, param<Fm>(in, 1) * env.invSampleRate);
  }
};

/// `superfm freq ratio index` = `fm freq (freq·ratio) index`.
struct SuperFm {
  static constexpr float cost = 32;
  using State = TwoPhaseState;
  static void init(State& s, const Env&, uint32_t) { s.carrier = s.mod = 0.0f; }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float f = param<SuperFm>(in, 0);
    out[0] = fmWave(s.carrier, s.mod, param<SuperFm>(in, 2));
    s.carrier = advancePhase(s.carrier, f * env.invSampleRate);
    s.mod = advancePhase(s.mod, f * param<SuperFm>(in, 1) * env.invSampleRate);
  }
};

/// `pm`: sin(2πφc + index·mod). `mod` is a signal; a non-finite sample of it counts as 0, so
/// one bad input sample cannot make the oscillator's output non-finite.
struct Pm {
  static constexpr float cost = 16;
  using State = PhaseState;
  static void init(State& s, const Env&, uint32_t) { s.phase = 0.0f; }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float mod = in[1];
    mod = std::isfinite(mod) ? mod : 0.0f;
    float shift = param<Pm>(in, 2) * mod * kInvTwoPi;
    shift = std::isfinite(shift) ? shift : 0.0f;
    out[0] = sinTwoPi(advancePhase(s.phase, shift));
    s.phase = advancePhase(s.phase, param<Pm>(in, 0) * env.invSampleRate);
  }
};

/// `supersaw`: up to 7 PolyBLEP saws, voice i at freq·2^(detune·o_i/12) with o_i evenly spaced
/// in [−1, 1], starting at phase i/voices, summed and scaled by 1/√voices. `detune` and `voices`
/// are constants (`!`): the ratios and the count are fixed at init.
struct SuperSaw {
  static constexpr float cost = 90;
  static constexpr uint32_t kMaxVoices = 7;
  struct State {
    float phase[kMaxVoices];
    float ratio[kMaxVoices];
    uint32_t voices;
    float gain; ///< 1/√voices
  };
  static void init(State& s, const Env&, uint32_t, const InitArgs& args) {
    constexpr float kInvSqrt[kMaxVoices] = {1.0f,        0.70710678f, 0.57735027f, 0.5f,
                                            0.44721360f, 0.40824829f, 0.37796447f};
    float detune = constParam<SuperSaw>(args, 1);
    auto voices = static_cast<uint32_t>(std::floor(constParam<SuperSaw>(args, 2) + 0.5f));
    s.voices = voices;
    s.gain = kInvSqrt[voices - 1];
    for (uint32_t i = 0; i < kMaxVoices; ++i) {
      float offset = voices == 1
                         ? 0.0f
                         : -1.0f + 2.0f * static_cast<float>(i) / static_cast<float>(voices - 1);
      s.ratio[i] = exp2Approx(detune * offset / 12.0f);
      s.phase[i] = static_cast<float>(i) / static_cast<float>(voices);
    }
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float dt = param<SuperSaw>(in, 0) * env.invSampleRate;
    float sum = 0.0f;
    for (uint32_t i = 0; i < s.voices; ++i) {
      float voiceDt = dt * s.ratio[i];
      sum += Saw::wave(s.phase[i], std::fabs(voiceDt));
      s.phase[i] = advancePhase(s.phase[i], voiceDt);
    }
    out[0] = sum * s.gain;
  }
};

/// `superpwm`: a PolyBLEP pulse whose width is 0.5 + 0.45·depth·sin(2π·rate·t), t from the
/// instance's start (the LFO's phase advances by rate/sr).
struct SuperPwm {
  static constexpr float cost = 30;
  using State = TwoPhaseState; // carrier: the pulse; mod: the width LFO
  static void init(State& s, const Env&, uint32_t) { s.carrier = s.mod = 0.0f; }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float dt = param<SuperPwm>(in, 0) * env.invSampleRate;
    float width = 0.5f + 0.45f * param<SuperPwm>(in, 2) * sinTwoPi(s.mod);
    out[0] = pulseWave(s.carrier, std::fabs(dt), width);
    s.carrier = advancePhase(s.carrier, dt);
    s.mod = advancePhase(s.mod, param<SuperPwm>(in, 1) * env.invSampleRate);
  }
};

/// `superchip`: a naive square (deliberately aliasing, LANGUAGE §12) at
/// freq·(1 + vib_depth·sin(2π·vib_rate·t)).
struct SuperChip {
  static constexpr float cost = 20;
  using State = TwoPhaseState; // carrier: the square; mod: the vibrato
  static void init(State& s, const Env&, uint32_t) { s.carrier = s.mod = 0.0f; }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float vibrato = 1.0f + param<SuperChip>(in, 2) * sinTwoPi(s.mod);
    out[0] = s.carrier < 0.5f ? 1.0f : -1.0f;
    s.carrier = advancePhase(s.carrier, param<SuperChip>(in, 0) * vibrato * env.invSampleRate);
    s.mod = advancePhase(s.mod, param<SuperChip>(in, 1) * env.invSampleRate);
  }
};

} // namespace phonon::nodes
