// Nodes with delay lines (LANGUAGE §7.3 `comb`, §7.5 `delay`, `reverb`): their memory depends on
// the sample rate, so it comes from the patch's arena at init (Node.h InitArgs), never from the
// audio thread. Each declares `arenaBytes(env, args)`; its init carves the lines out of the slice
// it is handed in the same order and sizes.
#pragma once

#include "NodeTable.h"

namespace phonon::nodes {

/// Bytes of a line of `samples` floats in an arena slice (each line 16-byte aligned).
constexpr uint64_t lineBytes(uint32_t samples) {
  return (uint64_t{samples} * sizeof(float) + 15) / 16 * 16;
}

/// Hands out successive lines of an arena slice, in the order arenaBytes counted them.
struct ArenaCursor {
  unsigned char* next;
  float* take(uint32_t samples) {
    auto* line = reinterpret_cast<float*>(next);
    next += lineBytes(samples);
    return line;
  }
};

/// A ring of `size` floats: push one sample per tick, read what was pushed `delay` ticks ago.
struct DelayLine {
  float* data;
  uint32_t size;
  uint32_t write; ///< where the next push goes (the oldest sample, `size` ticks old)

  void attach(ArenaCursor& arena, uint32_t samples) {
    data = arena.take(samples);
    size = samples;
    write = 0;
  }
  /// The sample pushed `ago` ticks before this one, ago in [1, size].
  float at(uint32_t ago) const {
    uint32_t i = write >= ago ? write - ago : write + size - ago;
    return data[i];
  }
  /// The line read at a fractional delay in [1, size − 1] samples, interpolated linearly
  /// between the two samples around it.
  float read(float delay) const {
    auto whole = static_cast<uint32_t>(delay); // floor: delay ≥ 1
    float frac = delay - static_cast<float>(whole);
    float newer = at(whole);
    float older = at(whole + 1);
    return newer + frac * (older - newer);
  }
  void push(float v) {
    data[write] = v;
    write = write + 1 == size ? 0 : write + 1;
  }
};

// ---- delay (§7.5) -----------------------------------------------------------------------------

/// Samples of the delay line for a maximum delay of `seconds`: the fractional read at the
/// maximum needs the sample one older than its whole part.
inline uint32_t delayLineSamples(float seconds, const Env& env) {
  return static_cast<uint32_t>(seconds * env.sampleRate) + 2;
}

struct Delay {
  static constexpr float cost = 12;
  struct State {
    DelayLine line;
    float maxDelay; ///< in samples
  };
  static uint64_t arenaBytes(const Env& env, const InitArgs&) {
    return lineBytes(delayLineSamples(kDelayMaxSeconds, env));
  }
  static void init(State& s, const Env& env, uint32_t, const InitArgs& args) {
    ArenaCursor arena{static_cast<unsigned char*>(args.arena)};
    s.line.attach(arena, delayLineSamples(kDelayMaxSeconds, env));
    s.maxDelay = kDelayMaxSeconds * env.sampleRate; // ≤ size − 1: the older read stays inside
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float x = in[0];
    float delay = std::fmin(std::fmax(param<Delay>(in, 1) * env.sampleRate, 1.0f), s.maxDelay);
    float fb = param<Delay>(in, 2);
    float mix = param<Delay>(in, 3);
    float d = s.line.read(delay);
    s.line.push(x + fb * d);
    out[0] = (1.0f - mix) * x + mix * d;
  }
};

// ---- comb (§7.3) ------------------------------------------------------------------------------

struct Comb {
  static constexpr float cost = 14;
  struct State {
    DelayLine line;
    float maxDelay;
  };
  static uint64_t arenaBytes(const Env& env, const InitArgs&) {
    return lineBytes(delayLineSamples(1.0f, env));
  }
  static void init(State& s, const Env& env, uint32_t, const InitArgs& args) {
    ArenaCursor arena{static_cast<unsigned char*>(args.arena)};
    s.line.attach(arena, delayLineSamples(1.0f, env));
    s.maxDelay = env.sampleRate; // 1 s
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float x = in[0];
    // sr/freq, clamped to [1 sample, 1 s]: a non-positive freq reads the newest sample.
    float delay = std::fmin(std::fmax(env.sampleRate / param<Comb>(in, 1), 1.0f), s.maxDelay);
    float fb = param<Comb>(in, 2);
    float y = x + fb * s.line.read(delay);
    s.line.push(y);
    out[0] = y;
  }
};

// ---- reverb (§7.5): Freeverb ------------------------------------------------------------------

/// Freeverb's tuning at 44.1 kHz (Jezar's freeverb/tuning.h).
constexpr uint32_t kFreeverbCombs[8] = {1116, 1188, 1277, 1356, 1422, 1491, 1557, 1617};
constexpr uint32_t kFreeverbAllpasses[4] = {556, 441, 341, 225};

/// A 44.1 kHz length scaled to the sample rate, rounded (LANGUAGE §7.5), at least 1.
inline uint32_t freeverbLength(uint32_t at44k, const Env& env) {
  double scaled = static_cast<double>(at44k) * static_cast<double>(env.sampleRate) / 44100.0;
  auto n = static_cast<uint32_t>(scaled + 0.5);
  return n < 1 ? 1 : n;
}

/// The mono Freeverb. The stereo form (§7.5: "right channel uses lengths + 23") will add a
/// second set of 8 combs and 4 allpasses sized freeverbLength(L) + 23, fed the same (L+R)·0.015
/// input, and write the right output from them; arenaBytes then counts both sets.
struct Reverb {
  static constexpr float cost = 120;
  struct State {
    DelayLine combs[8];
    float lowpass[8]; ///< each comb's one-pole filter memory (Freeverb's filterstore)
    DelayLine allpasses[4];
  };
  static uint64_t arenaBytes(const Env& env, const InitArgs&) {
    uint64_t bytes = 0;
    for (uint32_t n : kFreeverbCombs) bytes += lineBytes(freeverbLength(n, env));
    for (uint32_t n : kFreeverbAllpasses) bytes += lineBytes(freeverbLength(n, env));
    return bytes;
  }
  static void init(State& s, const Env& env, uint32_t, const InitArgs& args) {
    ArenaCursor arena{static_cast<unsigned char*>(args.arena)};
    for (unsigned i = 0; i < 8; ++i) {
      s.combs[i].attach(arena, freeverbLength(kFreeverbCombs[i], env));
      s.lowpass[i] = 0.0f;
    }
    for (unsigned i = 0; i < 4; ++i)
      s.allpasses[i].attach(arena, freeverbLength(kFreeverbAllpasses[i], env));
  }
  static void tick(State& s, const float* in, float* out, const Env&) {
    float x = in[0];
    float feedback = 0.7f + 0.28f * param<Reverb>(in, 1);
    float damp = 0.4f * param<Reverb>(in, 2);
    float mix = param<Reverb>(in, 3);
    float input = x * 0.015f;
    float sum = 0.0f;
    for (unsigned i = 0; i < 8; ++i) {
      // Freeverb's comb: out = buf[i]; store = out·(1 − damp) + store·damp;
      // buf[i] = input + store·feedback.
      float delayed = s.combs[i].at(s.combs[i].size);
      s.lowpass[i] = delayed * (1.0f - damp) + s.lowpass[i] * damp;
      s.combs[i].push(input + s.lowpass[i] * feedback);
      sum += delayed;
    }
    for (DelayLine& ap : s.allpasses) {
      // Freeverb's allpass: out = buf[i] − in; buf[i] = in + buf[i]·0.5.
      float delayed = ap.at(ap.size);
      ap.push(sum + delayed * 0.5f);
      sum = delayed - sum;
    }
    out[0] = (1.0f - mix) * x + mix * (3.0f * sum);
  }
};

} // namespace phonon::nodes
