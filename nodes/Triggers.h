// Nodes that read a boolean pattern's event stream (LANGUAGE §7.2): each event's onset, value
// and end through an event port (PortEvents, Node.h). A true event is one whose value is
// nonzero (§5.3: `t`, `true`, `x` and nonzero numbers); a true onset is its onset sample.
#pragma once

#include "NodeTable.h"

namespace phonon::nodes {

/// `trig bools`: 1 on the first sample of each true onset, else 0. Equal successive values
/// pulse each (`"t*4"` is four pulses); rests and false events give nothing.
struct Trig {
  static constexpr float cost = 1;
  struct State {};
  static void init(State&, const Env&, uint32_t) {}
  static void tick(State&, const float* in, float* out, const Env&) {
    out[0] = in[1] != 0.0f && param<Trig>(in, 0) != 0.0f ? 1.0f : 0.0f;
  }
};

/// `gate bools`: 1 while a true event is active, else 0.
struct Gate {
  static constexpr float cost = 1;
  struct State {};
  static void init(State&, const Env&, uint32_t) {}
  static void tick(State&, const float* in, float* out, const Env&) {
    out[0] = in[2] != 0.0f && param<Gate>(in, 0) != 0.0f ? 1.0f : 0.0f;
  }
};

/// A linear segment of an envelope: from `from` at its first sample towards `to`, reached after
/// `samples` samples rounded to the nearest (at once for less than half a sample: a time of 1 ms
/// is 48.000004 samples at 48 kHz in floats, and must still end on sample 48). Returns false
/// once it is over.
inline bool rampAt(float elapsed, float samples, float from, float to, float& level) {
  if (!(elapsed + 0.5f < samples)) return false;
  level = from + (to - from) * (elapsed / samples);
  return true;
}

/// `tadsr bools a d s r`: an ADSR gated by the true events. A true onset restarts the attack
/// from the current level (so `"t t"` retriggers at its second onset); the level reaches 1 a
/// seconds after the onset, falls to s in d seconds and holds it while the event lasts; at the
/// event's end (or a false event) it falls from the current level to 0 in r seconds. Each
/// segment starts on its sample: the onset's output is the level there.
struct Tadsr {
  static constexpr float cost = 8;
  enum Stage : uint32_t { Idle, Attack, Decay, Sustain, Release };
  struct State {
    float level;   ///< the last output
    float from;    ///< the level the current segment started at
    float elapsed; ///< samples since the current segment started
    uint32_t stage;
  };
  static void init(State&, const Env&, uint32_t) {} // zero: idle at level 0
  /// One sample of the envelope: an onset restarts the attack, the end of `active` releases.
  static float step(State& st, bool onset, bool active, float a, float d, float s, float r,
                    const Env& env) {
    if (onset) {
      st.stage = Attack;
      st.from = st.level;
      st.elapsed = 0.0f;
    } else if (!active && st.stage != Idle && st.stage != Release) {
      st.stage = Release;
      st.from = st.level;
      st.elapsed = 0.0f;
    }
    const float sr = env.sampleRate;
    if (st.stage == Attack && !rampAt(st.elapsed, a * sr, st.from, 1.0f, st.level)) {
      st.stage = Decay;
      st.elapsed = 0.0f;
    }
    if (st.stage == Decay && !rampAt(st.elapsed, d * sr, 1.0f, s, st.level)) st.stage = Sustain;
    if (st.stage == Sustain) st.level = s;
    if (st.stage == Release && !rampAt(st.elapsed, r * sr, st.from, 0.0f, st.level))
      st.stage = Idle;
    if (st.stage == Idle) st.level = 0.0f;
    st.elapsed += 1.0f;
    return st.level;
  }
  static void tick(State& st, const float* in, float* out, const Env& env) {
    const bool on = param<Tadsr>(in, 0) != 0.0f;
    out[0] = step(st, in[5] != 0.0f && on, in[6] != 0.0f && on, param<Tadsr>(in, 1),
                  param<Tadsr>(in, 2), param<Tadsr>(in, 3), param<Tadsr>(in, 4), env);
  }
};

/// `tar bools attack release`: at each true onset, from 0 up to 1 in `attack` seconds, then
/// down to 0 in `release` seconds, whatever the event's length.
struct Tar {
  static constexpr float cost = 6;
  enum Stage : uint32_t { Idle, Attack, Release };
  struct State {
    float level;
    float elapsed;
    uint32_t stage;
  };
  static void init(State&, const Env&, uint32_t) {}
  static void tick(State& st, const float* in, float* out, const Env& env) {
    if (in[3] != 0.0f && param<Tar>(in, 0) != 0.0f) {
      st.stage = Attack;
      st.elapsed = 0.0f;
    }
    const float sr = env.sampleRate;
    if (st.stage == Attack && !rampAt(st.elapsed, param<Tar>(in, 1) * sr, 0.0f, 1.0f, st.level)) {
      st.stage = Release;
      st.elapsed = 0.0f;
    }
    if (st.stage == Release && !rampAt(st.elapsed, param<Tar>(in, 2) * sr, 1.0f, 0.0f, st.level))
      st.stage = Idle;
    if (st.stage == Idle) st.level = 0.0f;
    out[0] = st.level;
    st.elapsed += 1.0f;
  }
};

/// `env_trig in pat a d s r`: in × an ADSR gated by every event of `pat`, whatever its value:
/// each onset restarts the attack from the current level, each event's end releases.
struct EnvTrig {
  static constexpr float cost = 10;
  using State = Tadsr::State;
  static void init(State&, const Env&, uint32_t) {} // zero: idle at level 0
  static void tick(State& st, const float* in, float* out, const Env& env) {
    float level =
        Tadsr::step(st, in[6] != 0.0f, in[7] != 0.0f, param<EnvTrig>(in, 2), param<EnvTrig>(in, 3),
                    param<EnvTrig>(in, 4), param<EnvTrig>(in, 5), env);
    out[0] = in[0] * level;
  }
};

/// `struct bools sig` on a signal: sig × an ADSR (a 0.001, d 0.1, s 0, r 0.05) restarted at
/// each true onset and released when the true event ends.
struct Struct {
  static constexpr float cost = 10;
  using State = Tadsr::State;
  static void init(State&, const Env&, uint32_t) {}
  static void tick(State& st, const float* in, float* out, const Env& env) {
    const bool on = param<Struct>(in, 0) != 0.0f;
    float level =
        Tadsr::step(st, in[2] != 0.0f && on, in[3] != 0.0f && on, 0.001f, 0.1f, 0.0f, 0.05f, env);
    out[0] = in[1] * level;
  }
};

} // namespace phonon::nodes
