// Nodes with delay lines (LANGUAGE §7.3 `comb`, §7.5 `delay`, `reverb`): their memory depends on
// the sample rate, so it comes from the patch's arena at init (Node.h InitArgs), never from the
// audio thread. Each declares `arenaBytes(env, args)`; its init carves the lines out of the slice
// it is handed in the same order and sizes.
#pragma once

#include "NodeTable.h"
#include "phonon/nodes/FastMath.h"

#include <cstddef>

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

static_assert(offsetof(DelayLine, data) == kRingDataOffset && sizeof(float*) == 8 &&
                  offsetof(DelayLine, size) == kRingSizeOffset &&
                  offsetof(DelayLine, write) == kRingWriteOffset,
              "codegen's ring banks read a DelayLine's words where Node.h says they are");

/// Moves the contents of a ring of `size` floats whose next push goes to `write` so that it
/// goes to `position` instead, every sample keeping its age (the same reads before and after).
/// In place: it allocates nothing (a live edit's copied line, realigned on the audio thread).
inline void realignRing(float* data, uint32_t size, uint32_t write, uint32_t position) {
  if (size == 0 || write == position || write >= size || position >= size) return;
  // New index j holds the old (j + shift) mod size: a left rotation, by following each cycle of
  // the permutation from its first index (there are gcd(size, shift) of them). A loop the
  // vectorizer leaves alone: std::rotate's vectorized code was bigger than W5's whole kernel
  // to compile, for what runs once after a live edit.
  const uint32_t shift = write >= position ? write - position : write + size - position;
  uint32_t moved = 0;
  for (uint32_t first = 0; moved < size; ++first) {
    const float held = data[first];
    uint32_t at = first;
    for (;;) {
      uint32_t from = at + shift;
      if (from >= size) from -= size;
      if (from == first) break;
      data[at] = data[from];
      at = from;
      ++moved;
    }
    data[at] = held;
    ++moved;
  }
}

/// A node whose State holds one DelayLine at `kRingLine` (bytes into the State) may run as a
/// SIMD bank's lanes at one ring position (codegen's ring banks): its line is the start of its
/// arena slice, its tick pushes exactly once and reads it only through `read`/`at`, and no
/// other word of its State depends on where the line's write position is.

// ---- delay (§7.5) -----------------------------------------------------------------------------

/// Samples of the delay line for a maximum delay of `seconds`: the fractional read at the
/// maximum needs the sample one older than its whole part.
inline uint32_t delayLineSamples(float seconds, const Env& env) {
  return static_cast<uint32_t>(seconds * env.sampleRate) + 2;
}

struct Delay {
  static constexpr float cost = 12;
  static constexpr bool kArenaBanks = true; // its bank beats separate kernels (NodeArenaBanks)
  struct State {
    DelayLine line;
  };
  static constexpr size_t kRingLine = offsetof(State, line); // a ring bank's line (above)
  static uint64_t arenaBytes(const Env& env, const InitArgs&) {
    return lineBytes(delayLineSamples(kDelayMaxSeconds, env));
  }
  static void init(State& s, const Env& env, uint32_t, const InitArgs& args) {
    ArenaCursor arena{static_cast<unsigned char*>(args.arena)};
    s.line.attach(arena, delayLineSamples(kDelayMaxSeconds, env));
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float x = in[0];
    // The longest delay from the Env, not the State: the same in every lane of a bank, so the
    // read position is too (ring banks). ≤ size − 1: the older read stays inside.
    const float maxDelay = kDelayMaxSeconds * env.sampleRate;
    float delay = std::fmin(std::fmax(param<Delay>(in, 1) * env.sampleRate, 1.0f), maxDelay);
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
  static constexpr bool kArenaBanks = true; // its bank beats separate kernels (NodeArenaBanks)
  struct State {
    DelayLine line;
  };
  static constexpr size_t kRingLine = offsetof(State, line); // a ring bank's line (above)
  static uint64_t arenaBytes(const Env& env, const InitArgs&) {
    return lineBytes(delayLineSamples(1.0f, env));
  }
  static void init(State& s, const Env& env, uint32_t, const InitArgs& args) {
    ArenaCursor arena{static_cast<unsigned char*>(args.arena)};
    s.line.attach(arena, delayLineSamples(1.0f, env));
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float x = in[0];
    // sr/freq, clamped to [1 sample, 1 s]: a non-positive freq reads the newest sample.
    float delay = std::fmin(std::fmax(env.sampleRate / param<Comb>(in, 1), 1.0f), env.sampleRate);
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

/// Freeverb's right channel: every comb and allpass 23 samples longer at 44.1 kHz (§7.5).
constexpr uint32_t kFreeverbStereoSpread = 23;

/// One channel of Freeverb: 8 lowpass-feedback combs summed into 4 series allpasses, its lines
/// `spread` samples (at 44.1 kHz) longer than Freeverb's tuning.
struct FreeverbTank {
  DelayLine combs[8];
  float lowpass[8]; ///< each comb's one-pole filter memory (Freeverb's filterstore)
  DelayLine allpasses[4];

  static uint64_t arenaBytes(const Env& env, uint32_t spread) {
    uint64_t bytes = 0;
    for (uint32_t n : kFreeverbCombs) bytes += lineBytes(freeverbLength(n + spread, env));
    for (uint32_t n : kFreeverbAllpasses) bytes += lineBytes(freeverbLength(n + spread, env));
    return bytes;
  }
  void init(ArenaCursor& arena, const Env& env, uint32_t spread) {
    for (unsigned i = 0; i < 8; ++i) {
      combs[i].attach(arena, freeverbLength(kFreeverbCombs[i] + spread, env));
      lowpass[i] = 0.0f;
    }
    for (unsigned i = 0; i < 4; ++i)
      allpasses[i].attach(arena, freeverbLength(kFreeverbAllpasses[i] + spread, env));
  }
  /// One sample: `input` into the combs (comb i feeding back feedback[i]), the wet output
  /// (3 × the allpasses' output).
  float run(float input, const float* feedback, float damp) {
    float sum = 0.0f;
    for (unsigned i = 0; i < 8; ++i) {
      // Freeverb's comb: out = buf[i]; store = out·(1 − damp) + store·damp;
      // buf[i] = input + store·feedback.
      float delayed = combs[i].at(combs[i].size);
      lowpass[i] = delayed * (1.0f - damp) + lowpass[i] * damp;
      combs[i].push(input + lowpass[i] * feedback[i]);
      sum += delayed;
    }
    for (DelayLine& ap : allpasses) {
      // Freeverb's allpass: out = buf[i] − in; buf[i] = in + buf[i]·0.5.
      float delayed = ap.at(ap.size);
      ap.push(sum + delayed * 0.5f);
      sum = delayed - sum;
    }
    return 3.0f * sum;
  }
};

/// The mono Freeverb (`reverb` on a mono input). On a stereo input split-channels runs
/// `reverb` as ReverbPair instead (NodeTable.def: KERNEL_OR_PAIR).
struct Reverb {
  static constexpr float cost = 120;
  struct State {
    FreeverbTank tank;
  };
  static uint64_t arenaBytes(const Env& env, const InitArgs&) {
    return FreeverbTank::arenaBytes(env, 0);
  }
  static void init(State& s, const Env& env, uint32_t, const InitArgs& args) {
    ArenaCursor arena{static_cast<unsigned char*>(args.arena)};
    s.tank.init(arena, env, 0);
  }
  static void tick(State& s, const float* in, float* out, const Env&) {
    float x = in[0];
    float feedback = 0.7f + 0.28f * param<Reverb>(in, 1);
    float damp = 0.4f * param<Reverb>(in, 2);
    float mix = param<Reverb>(in, 3);
    const float feedbacks[8] = {feedback, feedback, feedback, feedback,
                                feedback, feedback, feedback, feedback};
    out[0] = (1.0f - mix) * x + mix * s.tank.run(x * 0.015f, feedbacks, damp);
  }
};

/// The stereo Freeverb (`reverb` on a stereo input, §7.5), a two-output kernel: one state, the
/// left channel's tank of Freeverb's lengths and the right's of lengths + 23, both fed
/// (L + R)·0.015; out[0] = (1 − mix)·x_L + mix·wet_L, out[1] likewise.
struct ReverbPair {
  static constexpr float cost = 240;
  struct State {
    FreeverbTank left, right;
  };
  static uint64_t arenaBytes(const Env& env, const InitArgs&) {
    return FreeverbTank::arenaBytes(env, 0) + FreeverbTank::arenaBytes(env, kFreeverbStereoSpread);
  }
  static void init(State& s, const Env& env, uint32_t, const InitArgs& args) {
    ArenaCursor arena{static_cast<unsigned char*>(args.arena)};
    s.left.init(arena, env, 0);
    s.right.init(arena, env, kFreeverbStereoSpread);
  }
  static void tick(State& s, const float* in, float* out, const Env&) {
    float xl = in[0], xr = in[1];
    float feedback = 0.7f + 0.28f * param<ReverbPair>(in, 2);
    float damp = 0.4f * param<ReverbPair>(in, 3);
    float mix = param<ReverbPair>(in, 4);
    const float feedbacks[8] = {feedback, feedback, feedback, feedback,
                                feedback, feedback, feedback, feedback};
    float input = (xl + xr) * 0.015f;
    out[0] = (1.0f - mix) * xl + mix * s.left.run(input, feedbacks, damp);
    out[1] = (1.0f - mix) * xr + mix * s.right.run(input, feedbacks, damp);
  }
};

/// `reverb_stereo` (§7.5): the stereo Freeverb by decay time, a two-output kernel. Comb i's
/// feedback is 10^(−3·d/time), d its delay in seconds, so that it decays 60 dB in `time`
/// seconds; the combs' lowpass coefficient is 0.2. The feedbacks are recomputed only when
/// `time` changes (exp2Approx: no libm).
struct ReverbStereo {
  static constexpr float cost = 240;
  struct State {
    FreeverbTank left, right;
    float feedback[2][8];
    float time; ///< the time the feedbacks are for; 0 before the first tick
  };
  static uint64_t arenaBytes(const Env& env, const InitArgs&) {
    return ReverbPair::arenaBytes(env, {});
  }
  static void init(State& s, const Env& env, uint32_t, const InitArgs& args) {
    ArenaCursor arena{static_cast<unsigned char*>(args.arena)};
    s.left.init(arena, env, 0);
    s.right.init(arena, env, kFreeverbStereoSpread);
    s.time = 0.0f; // the port's range starts above 0: the first tick computes the feedbacks
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float xl = in[0], xr = in[1];
    float wet = param<ReverbStereo>(in, 2);
    float time = param<ReverbStereo>(in, 3);
    if (time != s.time) {
      s.time = time;
      // 10^(−3·d/time) = 2^(−3·log2(10)·d/time), d = samples / sr.
      float perSample = -3.0f * 3.32192809489f * env.invSampleRate / time;
      for (unsigned i = 0; i < 8; ++i) {
        s.feedback[0][i] = exp2Approx(perSample * static_cast<float>(s.left.combs[i].size));
        s.feedback[1][i] = exp2Approx(perSample * static_cast<float>(s.right.combs[i].size));
      }
    }
    float input = (xl + xr) * 0.015f;
    out[0] = (1.0f - wet) * xl + wet * s.left.run(input, s.feedback[0], 0.2f);
    out[1] = (1.0f - wet) * xr + wet * s.right.run(input, s.feedback[1], 0.2f);
  }
};

} // namespace phonon::nodes
