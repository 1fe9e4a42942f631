// Envelopes (LANGUAGE §7.4): linear segments, times in seconds. `adsr`, `ad` and `env` are
// closed forms of the time since their start (no accumulated increments), so a segment ends on
// the sample its time says and a time given as a pattern or a signal takes effect at once;
// `asr` follows a gate, so it moves from wherever it is by one step per sample.
#pragma once

#include "NodeTable.h"

namespace phonon::nodes {

/// Port i of N as a time: sanitised, then never below 0.
template <class N> inline float seconds(const float* in, unsigned i) {
  return std::fmax(param<N>(in, i), 0.0f);
}

/// The gated part of an ADSR t seconds after the gate opened: 0→1 in a, 1→s in d, then s.
/// Branch-free (every segment computed, one selected), so a zero time divides harmlessly.
inline float attackDecaySustain(float t, float a, float d, float s) {
  float attack = t / a;
  float decay = 1.0f + (s - 1.0f) * ((t - a) / d);
  return t < a ? attack : t < a + d ? decay : s;
}

/// An ADSR whose gate opened at t = 0 and closed at t = gate: after the gate, linear from the
/// level reached to 0 in r (LANGUAGE §8.2: "from its current level").
inline float adsrLevel(float t, float gate, float a, float d, float s, float r) {
  float held = attackDecaySustain(t < gate ? t : gate, a, d, s);
  float remaining = 1.0f - (t - gate) / r;
  remaining = remaining > 0.0f ? remaining : 0.0f;
  float released = r > 0.0f ? held * remaining : 0.0f;
  return t < gate ? held : released;
}

/// The seconds since the start of the current cycle, and the cycle's length, from a cycle
/// position kept in double precision like `phasor`'s: it starts at the Env's start cycle and
/// advances by cps/sr per sample.
struct CycleClock {
  double cycle; ///< the cycle position of the next sample; NaN before the first
  void reset() { cycle = NAN; }
  /// Seconds into the current cycle at this sample; then advances to the next sample.
  float secondsIntoCycle(float cps, const Env& env) {
    if (std::isnan(cycle)) cycle = env.startCycle;
    double position = cycle - std::floor(cycle);
    cycle += static_cast<double>(cps) / static_cast<double>(env.sampleRate);
    return static_cast<float>(position / static_cast<double>(cps));
  }
};

/// `adsr a d s r`: gated on at each cycle start, off r seconds before the next, then released.
struct Adsr {
  static constexpr float cost = 20;
  using State = CycleClock;
  static void init(State& s, const Env&, uint32_t) { s.reset(); }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float cps = in[4];
    float t = s.secondsIntoCycle(cps, env);
    float r = seconds<Adsr>(in, 3);
    float gate = 1.0f / cps - r;
    gate = gate > 0.0f ? gate : 0.0f;
    out[0] = adsrLevel(t, gate, seconds<Adsr>(in, 0), seconds<Adsr>(in, 1), param<Adsr>(in, 2), r);
  }
};

/// `ad a d`: at each cycle start 0→1 in a, then 1→0 in d, then 0.
struct Ad {
  static constexpr float cost = 16;
  using State = CycleClock;
  static void init(State& s, const Env&, uint32_t) { s.reset(); }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float t = s.secondsIntoCycle(in[2], env);
    float a = seconds<Ad>(in, 0);
    float d = seconds<Ad>(in, 1);
    float level = attackDecaySustain(t, a, d, 0.0f);
    out[0] = t < a + d ? level : 0.0f;
  }
};

/// `env a d s r`: an ADSR gated on from the instance's start. A plain render never closes the
/// gate, so r applies only where a voice closes it (LANGUAGE §8.2).
struct Envelope {
  static constexpr float cost = 14;
  struct State {
    double samples; ///< samples since the instance started (exact up to 2⁵³)
  };
  static void init(State& s, const Env&, uint32_t) { s.samples = 0.0; }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float t = static_cast<float>(s.samples / static_cast<double>(env.sampleRate));
    s.samples += 1.0;
    out[0] = attackDecaySustain(t, seconds<Envelope>(in, 0), seconds<Envelope>(in, 1),
                                param<Envelope>(in, 2));
  }
};

/// `asr gate a r`: while gate > 0.5 the level rises toward 1 at 1/a per second, otherwise it
/// falls toward 0 at 1/r per second (a zero time jumps). Each ramp is a closed form from the level
/// where the gate last changed (no per-sample increments to drift), and the gate is read on the
/// sample it changes: the first gated sample has already moved one step.
struct Asr {
  static constexpr float cost = 12;
  struct State {
    float level;  ///< the last output
    float from;   ///< the level where the gate last changed
    double steps; ///< samples since then (exact up to 2⁵³)
    bool on;      ///< the gate of the last sample
  };
  static void init(State& s, const Env&, uint32_t) {
    s.level = s.from = 0.0f;
    s.steps = 0.0;
    s.on = false;
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    bool on = param<Asr>(in, 0) > 0.5f;
    bool changed = on != s.on;
    s.on = on;
    s.from = changed ? s.level : s.from;
    s.steps = changed ? 1.0 : s.steps + 1.0;
    float a = seconds<Asr>(in, 1);
    float r = seconds<Asr>(in, 2);
    float up = a > 0.0f ? env.invSampleRate / a : 1.0f;
    float down = r > 0.0f ? env.invSampleRate / r : 1.0f;
    float moved = static_cast<float>(s.steps) * (on ? up : down);
    float rising = std::fmin(s.from + moved, 1.0f);
    float falling = std::fmax(s.from - moved, 0.0f);
    s.level = on ? rising : falling;
    out[0] = s.level;
  }
};

} // namespace phonon::nodes
