// Modulation effects (LANGUAGE §7.5): `ring`, `ring_mod`, `fmcrossmod`, `tremolo`, and the
// modulated delays and allpasses `vibrato`, `chorus`, `fchorus`, `flanger`, `phaser`.
//
// Their "sin 2π·rate·t" is a sine LFO whose phase starts at 0 on the first sample and advances by
// rate/sr per sample, so a rate given as a pattern or signal glides without a jump. The delay
// lines come from the arena at init (DelayLines.h), sized for the longest delay the clamped
// parameters allow.
#pragma once

#include "DelayLines.h"
#include "NodeTable.h"

#include <utility>

namespace phonon::nodes {

/// Calls voice(0), voice(1), …, voice(N − 1) in that order, written out rather than looped: a
/// loop inside a tick keeps a SIMD bank's lane loop from vectorising (LLVM vectorises innermost
/// loops only, and the node bitcode's loops reach the JIT not unrolled).
template <unsigned N, class F> inline void eachVoice(F&& voice) {
  [&]<unsigned... J>(std::integer_sequence<unsigned, J...>) {
    (voice(J), ...);
  }
  (std::make_integer_sequence<unsigned, N>{});
}

/// A sine LFO: value() is sin 2πφ, advance(rate) moves φ by rate/sr.
struct Lfo {
  float phase;

  float value(float offset = 0.0f) const { return sinTwoPi(wrapPhase(phase + offset)); }
  void advance(float rate, const Env& env) { phase = wrapPhase(phase + rate * env.invSampleRate); }
};

// ---- amplitude: ring, ring_mod, fmcrossmod, tremolo -------------------------------------------

struct Ring {
  static constexpr float cost = 14;
  struct State {
    Lfo carrier;
  };
  static void init(State& s, const Env&, uint32_t) { s.carrier.phase = 0.0f; }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    out[0] = in[0] * s.carrier.value();
    s.carrier.advance(param<Ring>(in, 1), env);
  }
};

struct RingMod {
  static constexpr float cost = 1;
  struct State {};
  static void init(State&, const Env&, uint32_t) {}
  static void tick(State&, const float* in, float* out, const Env&) { out[0] = in[0] * in[1]; }
};

struct FmCrossMod {
  static constexpr float cost = 3;
  struct State {};
  static void init(State&, const Env&, uint32_t) {}
  static void tick(State&, const float* in, float* out, const Env&) {
    float depth = param<FmCrossMod>(in, 2);
    out[0] = in[0] * (1.0f - depth + depth * in[1]);
  }
};

struct Tremolo {
  static constexpr float cost = 16;
  struct State {
    Lfo lfo;
  };
  static void init(State& s, const Env&, uint32_t) { s.lfo.phase = 0.0f; }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float depth = param<Tremolo>(in, 2);
    out[0] = in[0] * (1.0f - depth * (0.5f + 0.5f * s.lfo.value()));
    s.lfo.advance(param<Tremolo>(in, 1), env);
  }
};

// ---- modulated delays: vibrato, chorus, fchorus, flanger --------------------------------------

/// A line read after this tick's push, so that a delay of 0 samples reads the input itself:
/// read(d) is the input d ≥ 0 samples ago (linear interpolation), d ≤ the `seconds` it was
/// sized for.
struct TapLine {
  DelayLine line;
  float maxDelay; ///< samples

  static uint32_t samples(float seconds, const Env& env) {
    // One more than a `delay` line: the read is one sample further back after the push.
    return delayLineSamples(seconds, env) + 1;
  }
  void attach(ArenaCursor& arena, float seconds, const Env& env) {
    line.attach(arena, samples(seconds, env));
    maxDelay = seconds * env.sampleRate;
  }
  float read(float delay) const {
    return line.read(std::fmin(std::fmax(delay, 0.0f), maxDelay) + 1.0f);
  }
};

/// vibrato: delay 5 ms + depth·5 ms·sin 2π·rate·t, wet only (depth in [0, 1]: 0 to 10 ms).
struct Vibrato {
  static constexpr float cost = 24;
  static constexpr bool kArenaBanks = true; // its bank beats separate kernels (NodeArenaBanks)
  static constexpr float kMaxSeconds = 0.010f;
  struct State {
    TapLine tap;
    Lfo lfo;
  };
  static uint64_t arenaBytes(const Env& env, const InitArgs&) {
    return lineBytes(TapLine::samples(kMaxSeconds, env));
  }
  static void init(State& s, const Env& env, uint32_t, const InitArgs& args) {
    ArenaCursor arena{static_cast<unsigned char*>(args.arena)};
    s.tap.attach(arena, kMaxSeconds, env);
    s.lfo.phase = 0.0f;
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float depth = param<Vibrato>(in, 2);
    float delay = 0.005f * env.sampleRate * (1.0f + depth * s.lfo.value());
    s.tap.line.push(in[0]);
    out[0] = s.tap.read(delay);
    s.lfo.advance(param<Vibrato>(in, 1), env);
  }
};

/// chorus: three voices delayed 15, 20, 25 ms ± depth·5 ms by one LFO at phases 0, ⅓, ⅔; wet
/// = their mean; out = (1 − mix)·x + mix·wet.
struct Chorus {
  static constexpr float cost = 60;
  static constexpr bool kArenaBanks = true; // its bank beats separate kernels (NodeArenaBanks)
  static constexpr float kMaxSeconds = 0.030f;
  struct State {
    TapLine tap;
    Lfo lfo;
  };
  static uint64_t arenaBytes(const Env& env, const InitArgs&) {
    return lineBytes(TapLine::samples(kMaxSeconds, env));
  }
  static void init(State& s, const Env& env, uint32_t, const InitArgs& args) {
    ArenaCursor arena{static_cast<unsigned char*>(args.arena)};
    s.tap.attach(arena, kMaxSeconds, env);
    s.lfo.phase = 0.0f;
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float x = in[0];
    float swing = param<Chorus>(in, 2) * 0.005f * env.sampleRate;
    float mix = param<Chorus>(in, 3);
    s.tap.line.push(x);
    float wet = 0.0f;
    eachVoice<3>([&](unsigned j) {
      float base = (0.015f + 0.005f * static_cast<float>(j)) * env.sampleRate;
      float offset = static_cast<float>(j) * (1.0f / 3.0f);
      wet += s.tap.read(base + swing * s.lfo.value(offset));
    });
    out[0] = (1.0f - mix) * x + mix * (wet * (1.0f / 3.0f));
    s.lfo.advance(param<Chorus>(in, 1), env);
  }
};

/// fchorus: four voices j = 0…3 delayed (0.01 + j·separation)·(1 + variation·sin(2π·mod_freq·t
/// + jπ/2)) s; out = their mean (separation ≤ 0.1 s and variation ≤ 1: at most 0.62 s).
struct FChorus {
  static constexpr float cost = 80;
  static constexpr bool kArenaBanks = true; // its bank beats separate kernels (NodeArenaBanks)
  static constexpr float kMaxSeconds = (0.01f + 3 * 0.1f) * 2.0f;
  struct State {
    TapLine tap;
    Lfo lfo;
  };
  static uint64_t arenaBytes(const Env& env, const InitArgs&) {
    return lineBytes(TapLine::samples(kMaxSeconds, env));
  }
  static void init(State& s, const Env& env, uint32_t, const InitArgs& args) {
    ArenaCursor arena{static_cast<unsigned char*>(args.arena)};
    s.tap.attach(arena, kMaxSeconds, env);
    s.lfo.phase = 0.0f;
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float separation = param<FChorus>(in, 1);
    float variation = param<FChorus>(in, 2);
    s.tap.line.push(in[0]);
    float sum = 0.0f;
    eachVoice<4>([&](unsigned j) {
      float base = (0.01f + static_cast<float>(j) * separation) * env.sampleRate;
      float offset = static_cast<float>(j) * 0.25f; // jπ/2 of a 2π cycle
      sum += s.tap.read(base * (1.0f + variation * s.lfo.value(offset)));
    });
    out[0] = sum * 0.25f;
    s.lfo.advance(param<FChorus>(in, 3), env);
  }
};

/// flanger: delay 0.1 ms + depth·5 ms·(½ + ½ sin 2π·rate·t) (at least one sample: the line feeds
/// back), v = x + fb·d written, out = (x + d)/2.
struct Flanger {
  static constexpr float cost = 24;
  static constexpr bool kArenaBanks = true; // its bank beats separate kernels (NodeArenaBanks)
  static constexpr float kMaxSeconds = 0.0051f;
  struct State {
    DelayLine line;
    float maxDelay;
    Lfo lfo;
  };
  static uint64_t arenaBytes(const Env& env, const InitArgs&) {
    return lineBytes(delayLineSamples(kMaxSeconds, env));
  }
  static void init(State& s, const Env& env, uint32_t, const InitArgs& args) {
    ArenaCursor arena{static_cast<unsigned char*>(args.arena)};
    s.line.attach(arena, delayLineSamples(kMaxSeconds, env));
    s.maxDelay = kMaxSeconds * env.sampleRate;
    s.lfo.phase = 0.0f;
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float x = in[0];
    float depth = param<Flanger>(in, 1);
    float fb = param<Flanger>(in, 3);
    float sweep = 0.5f + 0.5f * s.lfo.value();
    float delay = (0.0001f + depth * 0.005f * sweep) * env.sampleRate;
    float d = s.line.read(std::fmin(std::fmax(delay, 1.0f), s.maxDelay));
    s.line.push(x + fb * d);
    out[0] = (x + d) * 0.5f;
    s.lfo.advance(param<Flanger>(in, 2), env);
  }
};

// ---- phaser -----------------------------------------------------------------------------------

/// phaser: `stages` (even, 2…12) first-order allpasses (a + z⁻¹)/(1 + a·z⁻¹), a = (t − 1)/(t + 1),
/// t = tan(π·fc/sr), each −90° at fc = 200·2^(4·depth·(½ + ½ sin 2π·rate·t)) (clamped to
/// [10 Hz, 0.49·sr]); the last stage's output y feeds back into the first's input one sample
/// later times fb; out = (x + y)/2. With n stages and no feedback the notches are where each
/// stage turns by (2k + 1)·180°/n: at fc itself for two stages.
///
/// Each stage is the normalized (orthogonal) state-space form y = a·u + c·s, s ← c·u − a·s with
/// c = √(1 − a²) = 2√t/(t + 1): s'² + y² = s² + u² whatever a does from one sample to the next,
/// so a fast-swept coefficient cannot pump energy into the loop (the transposed direct form
/// blows up under feedback at audio-rate sweeps). √ is correctly rounded in IEEE arithmetic,
/// one instruction: the same bits in every engine.
struct Phaser {
  static constexpr float cost = 64;
  static constexpr unsigned kMaxStages = 12;
  struct State {
    float memory[kMaxStages]; ///< each stage's state s
    float last;               ///< the last stage's previous output
    Lfo lfo;
  };
  static void init(State& s, const Env&, uint32_t) {
    for (float& m : s.memory) m = 0.0f;
    s.last = 0.0f;
    s.lfo.phase = 0.0f;
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float x = in[0];
    float depth = param<Phaser>(in, 2);
    float fb = param<Phaser>(in, 3);
    // An odd count rounds down to the even one below (the spec's stages are even).
    auto stages = static_cast<unsigned>(param<Phaser>(in, 4) * 0.5f) * 2u;
    float fc = 200.0f * exp2Approx(4.0f * depth * (0.5f + 0.5f * s.lfo.value()));
    fc = std::fmin(std::fmax(fc, 10.0f), 0.49f * env.sampleRate);
    float t = tanPi(fc * env.invSampleRate);
    float a = (t - 1.0f) / (t + 1.0f);
    float c = 2.0f * std::sqrt(t) / (t + 1.0f);
    float u = x + fb * s.last;
    for (unsigned i = 0; i < stages; ++i) {
      float y = a * u + c * s.memory[i];
      s.memory[i] = c * u - a * s.memory[i];
      u = y;
    }
    s.last = u;
    out[0] = (x + u) * 0.5f;
    s.lfo.advance(param<Phaser>(in, 1), env);
  }
};

} // namespace phonon::nodes
