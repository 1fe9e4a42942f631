// The §7.5 effects built on a delay line read at moving or several times: `multitap`,
// `pingpong` (two outputs from one state, a Pair row), `tapedelay`, `pitch_shift` and
// `granular`. Their lines come from the patch's arena at init (DelayLines.h), sized from the
// sample rate and the ports' ranges; nothing allocates in tick.
#pragma once

#include "DelayLines.h"

namespace phonon::nodes {

/// The value of constant port `i` as init receives it, or `fallback` when it is not constant.
inline float constArg(const InitArgs& args, uint32_t i, float fallback) {
  return args.numArgs > i && args.args[i].count != 0 ? args.args[i].items[0] : fallback;
}

/// x clamped to [lo, hi]; a NaN x gives lo.
inline float clampTo(float x, float lo, float hi) {
  return std::fmin(std::fmax(x, lo), hi);
}

/// sin²(πφ) for φ in [0, 1): the Hann window at phase φ (sin πφ = sin π(1 − φ)).
inline float hannAt(float phase) {
  float folded = phase > 0.5f ? 1.0f - phase : phase;
  float s = sinCosPi(folded).sin;
  return s * s;
}

// ---- multitap (§7.5) --------------------------------------------------------------------------

/// wet = Σ_{j=1..taps} fb^(j−1)·x[n − j·time]: `taps` reads of one 4 s line, the last one at
/// most 4 s back (each read clamped to [1 sample, 4 s], fractional times read linearly).
struct Multitap {
  static constexpr float cost = 40;
  static constexpr uint32_t kMaxTaps = 16;
  struct State {
    DelayLine line;
    float maxDelay;
    uint32_t taps;
  };
  static uint64_t arenaBytes(const Env& env, const InitArgs&) {
    return lineBytes(delayLineSamples(kDelayMaxSeconds, env));
  }
  static void init(State& s, const Env& env, uint32_t, const InitArgs& args) {
    ArenaCursor arena{static_cast<unsigned char*>(args.arena)};
    s.line.attach(arena, delayLineSamples(kDelayMaxSeconds, env));
    s.maxDelay = kDelayMaxSeconds * env.sampleRate;
    // The port's range is [1, 16]; a constant arrives unclamped at init.
    float taps = clampTo(constArg(args, 2, 4.0f), 1.0f, static_cast<float>(kMaxTaps));
    s.taps = static_cast<uint32_t>(taps + 0.5f);
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float x = in[0];
    float spacing = param<Multitap>(in, 1) * env.sampleRate;
    float fb = param<Multitap>(in, 3);
    float mix = param<Multitap>(in, 4);
    float wet = 0.0f, gain = 1.0f;
    for (uint32_t j = 1; j <= s.taps; ++j) {
      float delay = clampTo(static_cast<float>(j) * spacing, 1.0f, s.maxDelay);
      wet += gain * s.line.read(delay);
      gain *= fb;
    }
    s.line.push(x);
    out[0] = (1.0f - mix) * x + mix * wet;
  }
};

// ---- pingpong (§7.5): a Pair row ---------------------------------------------------------------

/// Two cross-fed delay lines of `time`: the input (L + R)/2 enters the start_ch line (0 left,
/// 1 right), each line writes its input plus fb times the other line's output, so echoes
/// alternate between the channels. The wet pair is narrowed by `width` (M = (dL + dR)/2,
/// S = (dL − dR)/2·width, wet L = M + S, wet R = M − S); out = (1 − mix)·x + mix·wet per channel.
struct Pingpong {
  static constexpr float cost = 30;
  struct State {
    DelayLine left, right;
    float maxDelay;
    float inLeft, inRight; ///< 1 and 0 for start_ch 0, 0 and 1 for start_ch 1
  };
  static uint64_t arenaBytes(const Env& env, const InitArgs&) {
    return 2 * lineBytes(delayLineSamples(kDelayMaxSeconds, env));
  }
  static void init(State& s, const Env& env, uint32_t, const InitArgs& args) {
    ArenaCursor arena{static_cast<unsigned char*>(args.arena)};
    s.left.attach(arena, delayLineSamples(kDelayMaxSeconds, env));
    s.right.attach(arena, delayLineSamples(kDelayMaxSeconds, env));
    s.maxDelay = kDelayMaxSeconds * env.sampleRate;
    bool right = constArg(args, 5, 0.0f) >= 0.5f; // port 5: start_ch (after l, r, time …)
    s.inLeft = right ? 0.0f : 1.0f;
    s.inRight = right ? 1.0f : 0.0f;
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float xl = in[0], xr = in[1];
    float delay = clampTo(param<Pingpong>(in, 2) * env.sampleRate, 1.0f, s.maxDelay);
    float fb = param<Pingpong>(in, 3);
    float width = param<Pingpong>(in, 4);
    float mix = param<Pingpong>(in, 6);
    float dl = s.left.read(delay), dr = s.right.read(delay);
    float x = (xl + xr) * 0.5f;
    s.left.push(s.inLeft * x + fb * dr);
    s.right.push(s.inRight * x + fb * dl);
    float mid = (dl + dr) * 0.5f, side = (dl - dr) * 0.5f * width;
    out[0] = (1.0f - mix) * xl + mix * (mid + side);
    out[1] = (1.0f - mix) * xr + mix * (mid - side);
  }
};

// ---- tapedelay (§7.5) -------------------------------------------------------------------------

/// The corner of the tape delay's feedback lowpass (§7.5).
constexpr float kTapeLowpassHz = 5000.0f;

/// `delay` read at time·(1 + wow_depth·sin 2π·wow_rate·t + 0.1·flutter_depth·sin
/// 2π·flutter_rate·t) (clamped to [1 sample, 4 s]); the feedback fb·d passes a 5 kHz one-pole
/// lowpass, and w = x + fb·lp is written as (1 − sat)·w + sat·tanh w.
struct TapeDelay {
  static constexpr float cost = 50;
  static constexpr bool kArenaBanks = true; // its bank beats separate kernels (NodeArenaBanks)
  struct State {
    DelayLine line;
    float maxDelay;
    float wowPhase, flutterPhase;
    float lowpass;     ///< the feedback lowpass's memory
    float lowpassCoef; ///< 1 − e^(−2π·5 kHz/sr)
  };
  static uint64_t arenaBytes(const Env& env, const InitArgs&) {
    return lineBytes(delayLineSamples(kDelayMaxSeconds, env));
  }
  static void init(State& s, const Env& env, uint32_t, const InitArgs& args) {
    ArenaCursor arena{static_cast<unsigned char*>(args.arena)};
    s.line.attach(arena, delayLineSamples(kDelayMaxSeconds, env));
    s.maxDelay = kDelayMaxSeconds * env.sampleRate;
    s.wowPhase = s.flutterPhase = s.lowpass = 0.0f;
    // e^(−2π·fc/sr) = 2^(−2π·fc/(sr·ln 2)).
    s.lowpassCoef = 1.0f - exp2Approx(-kTwoPi * kTapeLowpassHz * env.invSampleRate * 1.44269504f);
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float x = in[0];
    float time = param<TapeDelay>(in, 1);
    float fb = param<TapeDelay>(in, 2);
    float wowRate = param<TapeDelay>(in, 3), wowDepth = param<TapeDelay>(in, 4);
    float flutterRate = param<TapeDelay>(in, 5), flutterDepth = param<TapeDelay>(in, 6);
    float saturation = param<TapeDelay>(in, 7);
    float mix = param<TapeDelay>(in, 8);
    float modulation =
        1.0f + wowDepth * sinTwoPi(s.wowPhase) + 0.1f * flutterDepth * sinTwoPi(s.flutterPhase);
    float delay = clampTo(time * env.sampleRate * modulation, 1.0f, s.maxDelay);
    s.wowPhase = wrapPhase(s.wowPhase + wowRate * env.invSampleRate);
    s.flutterPhase = wrapPhase(s.flutterPhase + flutterRate * env.invSampleRate);
    float d = s.line.read(delay);
    s.lowpass += s.lowpassCoef * (d - s.lowpass);
    float w = x + fb * s.lowpass;
    s.line.push((1.0f - saturation) * w + saturation * tanhApprox(w));
    out[0] = (1.0f - mix) * x + mix * d;
  }
};

// ---- pitch_shift (§7.5) -----------------------------------------------------------------------

/// The grain of `pitch_shift` (§7.5).
constexpr float kPitchShiftGrainSeconds = 0.05f;

/// Two taps of one line whose delays sweep a 50 ms grain at the rate 1 − ratio (ratio =
/// 2^(st/12)): a delay falling by (ratio − 1) samples per sample plays the input `ratio` times
/// faster. The taps are half a grain apart and Hann-weighted, sin²(πφ) and cos²(πφ), so each
/// tap's jump back to the other end of the grain happens at its weight 0 and the weights sum
/// to 1.
struct PitchShift {
  static constexpr float cost = 40;
  static constexpr bool kArenaBanks = true; // its bank beats separate kernels (NodeArenaBanks)
  struct State {
    DelayLine line;
    float grain; ///< samples
    float phase; ///< φ in [0, 1): tap 1 at 1 + φ·grain, tap 2 half a grain on
  };
  static uint32_t grainSamples(const Env& env) {
    return static_cast<uint32_t>(kPitchShiftGrainSeconds * env.sampleRate) + 1;
  }
  static uint64_t arenaBytes(const Env& env, const InitArgs&) {
    return lineBytes(grainSamples(env) + 3);
  }
  static void init(State& s, const Env& env, uint32_t, const InitArgs& args) {
    ArenaCursor arena{static_cast<unsigned char*>(args.arena)};
    s.line.attach(arena, grainSamples(env) + 3);
    s.grain = static_cast<float>(grainSamples(env));
    s.phase = 0.0f;
  }
  static void tick(State& s, const float* in, float* out, const Env&) {
    float ratio = exp2Approx(param<PitchShift>(in, 1) * (1.0f / 12.0f));
    float second = s.phase < 0.5f ? s.phase + 0.5f : s.phase - 0.5f;
    float a = s.line.read(1.0f + s.phase * s.grain);
    float b = s.line.read(1.0f + second * s.grain);
    float weight = hannAt(s.phase); // tap 2's weight is cos²(πφ) = 1 − sin²(πφ)
    out[0] = weight * a + (1.0f - weight) * b;
    s.line.push(in[0]);
    s.phase = wrapPhase(s.phase + (1.0f - ratio) / s.grain);
  }
};

// ---- granular (§7.5) --------------------------------------------------------------------------

/// How much `granular` records (§7.5) and how many grains may sound at once (a grain that would
/// start while all are sounding is skipped: 50 ms grains at density 20 are one at a time).
constexpr float kGranularSeconds = 2.0f;
constexpr uint32_t kGranularMaxGrains = 64;

/// Records the input into a 2 s ring; every 1/density s (the first at the first sample) a grain
/// of grain_ms starts at a seeded uniform position in the last 2 s (kept far enough back that
/// its read never overtakes the write at `pitch`), Hann-windowed, read at rate `pitch` (linear
/// interpolation); the output is the sum of the sounding grains.
struct Granular {
  static constexpr float cost = 150;
  struct Grain {
    float ago;   ///< read position, samples before the newest input
    float phase; ///< window phase in [0, 1); < 0: the slot is free
    float step;  ///< window phase per sample, 1/length
  };
  struct State {
    DelayLine line;
    float spawnPhase; ///< a grain starts when it reaches 1
    uint32_t random;  ///< xorshift32
    Grain grains[kGranularMaxGrains];
  };
  static uint32_t ringSamples(const Env& env) { return delayLineSamples(kGranularSeconds, env); }
  static uint64_t arenaBytes(const Env& env, const InitArgs&) {
    return lineBytes(ringSamples(env));
  }
  static void init(State& s, const Env& env, uint32_t seed, const InitArgs& args) {
    ArenaCursor arena{static_cast<unsigned char*>(args.arena)};
    s.line.attach(arena, ringSamples(env));
    s.spawnPhase = 1.0f;
    s.random = seed != 0 ? seed : 0x9e3779b9u;
    for (Grain& g : s.grains) g = {1.0f, -1.0f, 0.0f};
  }
  /// Uniform in [0, 1).
  static float uniform(State& s) {
    s.random ^= s.random << 13;
    s.random ^= s.random >> 17;
    s.random ^= s.random << 5;
    return static_cast<float>(s.random >> 8) * (1.0f / 16777216.0f);
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    s.line.push(in[0]);
    float length = param<Granular>(in, 1) * 0.001f * env.sampleRate; // samples
    float density = param<Granular>(in, 2);
    float pitch = param<Granular>(in, 3);
    // The farthest a read may be: the line's oldest sample that still has one older beside it.
    float farthest = static_cast<float>(s.line.size) - 2.0f;
    if (s.spawnPhase >= 1.0f) {
      s.spawnPhase -= 1.0f;
      // The read moves by (1 − pitch) per sample: start far enough back that it stays in the
      // ring over the grain's length.
      float drift = (1.0f - pitch) * length;
      float nearest = clampTo(1.0f - (drift < 0.0f ? drift : 0.0f), 1.0f, farthest);
      float oldest = clampTo(farthest - (drift > 0.0f ? drift : 0.0f), nearest, farthest);
      float start = nearest + uniform(s) * (oldest - nearest);
      for (Grain& g : s.grains)
        if (g.phase < 0.0f) {
          g = {start, 0.0f, 1.0f / (length < 1.0f ? 1.0f : length)};
          break;
        }
    }
    // At most one grain starts per sample (density ≤ 1000 Hz): never more than 2 pending.
    s.spawnPhase = std::fmin(s.spawnPhase + density * env.invSampleRate, 2.0f);
    float sum = 0.0f;
    for (Grain& g : s.grains) {
      if (g.phase < 0.0f) continue;
      sum += hannAt(g.phase) * s.line.read(clampTo(g.ago, 1.0f, farthest));
      g.ago += 1.0f - pitch;
      g.phase += g.step;
      if (g.phase >= 1.0f) g.phase = -1.0f;
    }
    out[0] = sum;
  }
};

} // namespace phonon::nodes
