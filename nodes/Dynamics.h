// Dynamics (LANGUAGE §7.6): gain computers on peak levels in dBFS with one-pole attack/release
// smoothing of the gain (coefficient e^(−1/(time·sr))), hard knee; a transient shaper on two
// pairs of envelope followers; a look-ahead limiter. Levels and gains go through log2Approx and
// exp2Approx (no libm). Every node here bounds the gain it computes, so extreme parameters give
// silence or a bounded boost, never ∞ or NaN.
#pragma once

#include "DelayLines.h"
#include "NodeTable.h"
#include "phonon/nodes/FastMath.h"

namespace phonon::nodes {

constexpr float kDbPerOctave = 6.02059991f;   // 20·log10 2: dB = kDbPerOctave·log2(level)
constexpr float kOctavesPerDb = 0.166096405f; // log2(10)/20: level = 2^(dB·kOctavesPerDb)
/// No reduction beyond this: at 770 dB the gain is already exactly 0, and a bounded reduction
/// keeps the smoothing's arithmetic finite whatever the threshold and ratio.
constexpr float kMaxReductionDb = 1000.0f;
/// No boost beyond this (makeup, a transient shaper's gains): a full-scale input stays finite.
constexpr float kMaxBoostDb = 120.0f;

/// |x| for a detector: NaN reads as silence and ∞ as 1e30, so no level is NaN or ∞.
inline float detectorMagnitude(float x) {
  float a = std::fabs(x);
  a = a < 1e30f ? a : 1e30f;
  return x == x ? a : 0.0f;
}

/// The peak level of x in dBFS (silence reads as about −759 dB).
inline float levelDb(float x) {
  return kDbPerOctave * log2Approx(detectorMagnitude(x));
}

/// The gain of `db` decibels, db ≤ kMaxBoostDb.
inline float gainOfDb(float db) {
  return exp2Approx(std::fmin(db, kMaxBoostDb) * kOctavesPerDb);
}

/// e^(−1/(seconds·sr)), the one-pole coefficient of a time constant; 0 (follow at once) for a
/// time of 0 or less.
inline float onePoleCoefficient(float seconds, const Env& env) {
  float samples = std::fmax(seconds, 0.0f) * env.sampleRate;
  return exp2Approx(-1.44269504f / samples); // e^y = 2^(y·log2 e); −∞ at 0 gives 0
}

/// A gain reduction in dB smoothed towards each sample's target: with `attack`'s coefficient
/// when the level rises (the signal got louder), `release`'s when it falls. For a compressor a
/// louder signal means more reduction; for an expander, less.
struct SmoothedReduction {
  float db; ///< ≥ 0

  void follow(float target, bool louder, float attack, float release) {
    float c = louder ? attack : release;
    db = target + c * (db - target);
    db = db < 1e-12f ? 0.0f : db; // a decay towards 0 never reaches subnormals
  }
};

/// The compressor's gain computer: (L − thr)·(1 − 1/ratio) above the threshold, 0 below (a
/// ratio below 1 counts as 1: no compression).
inline float compressionDb(float level, float threshold, float ratio) {
  float over = level - threshold;
  float slope = 1.0f - 1.0f / std::fmax(ratio, 1.0f);
  return over > 0.0f ? std::fmin(over * slope, kMaxReductionDb) : 0.0f;
}

/// The compressor and the sidechain compressor: the detector reads port `Detector`, the gain
/// applies to port 0; the remaining ports (threshold, ratio, attack, release) start at `First`.
template <class N, unsigned Detector, unsigned First> struct CompressorCore {
  static float tick(SmoothedReduction& gr, const float* in, const Env& env) {
    float target =
        compressionDb(levelDb(in[Detector]), param<N>(in, First), param<N>(in, First + 1));
    gr.follow(target, target > gr.db, onePoleCoefficient(param<N>(in, First + 2), env),
              onePoleCoefficient(param<N>(in, First + 3), env));
    return gr.db;
  }
};

/// `compressor in threshold ratio attack release makeup`: out = in × 10^((makeup − gr)/20).
struct Compressor {
  static constexpr float cost = 40;
  using State = SmoothedReduction;
  static void init(State& s, const Env&, uint32_t) { s.db = 0.0f; }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float gr = CompressorCore<Compressor, 0, 1>::tick(s, in, env);
    out[0] = in[0] * gainOfDb(param<Compressor>(in, 5) - gr);
  }
};

/// `sidechain_compressor in sidechain threshold ratio attack release`: a compressor whose
/// detector reads `sidechain` (no makeup).
struct SidechainCompressor {
  static constexpr float cost = 40;
  using State = SmoothedReduction;
  static void init(State& s, const Env&, uint32_t) { s.db = 0.0f; }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float gr = CompressorCore<SidechainCompressor, 1, 2>::tick(s, in, env);
    out[0] = in[0] * gainOfDb(-gr);
  }
};

/// `expander in threshold ratio attack release`: downward, (thr − L)·(ratio − 1) below the
/// threshold (a ratio below 1 counts as 1: no expansion). Attack is the time the gain takes to
/// open when the signal gets louder, release the time it takes to close.
struct Expander {
  static constexpr float cost = 40;
  using State = SmoothedReduction;
  static void init(State& s, const Env&, uint32_t) { s.db = 0.0f; }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float under = param<Expander>(in, 1) - levelDb(in[0]);
    float slope = std::fmax(param<Expander>(in, 2), 1.0f) - 1.0f;
    float target = under > 0.0f ? std::fmin(under * slope, kMaxReductionDb) : 0.0f;
    s.follow(target, target < s.db, onePoleCoefficient(param<Expander>(in, 3), env),
             onePoleCoefficient(param<Expander>(in, 4), env));
    out[0] = in[0] * gainOfDb(-s.db);
  }
};

/// A peak envelope follower (LANGUAGE §7.9 `peak_follower`): y moves toward e = |x| by
/// (1 − c)·(e − y), c the attack coefficient when e > y, the release one otherwise.
inline float followPeak(float& y, float x, float attack, float release) {
  float e = detectorMagnitude(x);
  float c = e > y ? attack : release;
  y = e + c * (y - e);
  y = y < 1e-30f ? 0.0f : y; // a decay to silence never reaches subnormals
  return y;
}

/// `transient_shaper in attack_db sustain_db`: fast (1 ms / 50 ms) and slow (20 ms / 200 ms)
/// peak followers; d = clamp(20·log10(fast/slow)/6, 0, 1) is 1 on a transient (the fast one
/// 6 dB above the slow one) and 0 in the sustain; gain in dB attack_db·d + sustain_db·(1 − d).
struct TransientShaper {
  static constexpr float cost = 40;
  struct State {
    float fast, slow;
    float fastAttack, fastRelease, slowAttack, slowRelease; ///< one-pole coefficients
  };
  static void init(State& s, const Env& env, uint32_t) {
    s.fast = s.slow = 0.0f;
    s.fastAttack = onePoleCoefficient(0.001f, env);
    s.fastRelease = onePoleCoefficient(0.05f, env);
    s.slowAttack = onePoleCoefficient(0.02f, env);
    s.slowRelease = onePoleCoefficient(0.2f, env);
  }
  static void tick(State& s, const float* in, float* out, const Env&) {
    float x = in[0];
    float fast = followPeak(s.fast, x, s.fastAttack, s.fastRelease);
    float slow = followPeak(s.slow, x, s.slowAttack, s.slowRelease);
    float db = kDbPerOctave * (log2Approx(fast) - log2Approx(slow));
    float d = std::fmin(std::fmax(db * (1.0f / 6.0f), 0.0f), 1.0f);
    float gain = param<TransientShaper>(in, 1) * d + param<TransientShaper>(in, 2) * (1.0f - d);
    out[0] = x * gainOfDb(gain);
  }
};

/// The longest look-ahead of `limiter` (its attack is clamped to it): the delay line and the
/// window of peaks are sized for it at init.
constexpr float kLimiterMaxLookahead = 0.5f;

/// `limiter in ceiling attack release`: the input is delayed by the look-ahead D = attack·sr
/// (rounded); the gain needed for the loudest sample of the D + 1 samples ahead (ceiling/peak,
/// at most 1) is known D samples before that sample leaves the delay. The gain falls towards it
/// with a one-pole of time constant D/5, so it is within e^−5 (0.7 %) of it when the peak
/// leaves, and rises back with the release's one-pole; a final clamp to ±ceiling catches that
/// remainder, so |y| ≤ ceiling always. The window's peak is a monotonic deque (amortised O(1)).
struct Limiter {
  static constexpr float cost = 30;
  static constexpr bool kArenaBanks = true; // its bank beats separate kernels (NodeArenaBanks)
  struct State {
    DelayLine line;        ///< the input, D samples deep
    uint32_t* peakAge;     ///< the deque's sample numbers, oldest first
    float* peakValue;      ///< and their magnitudes, decreasing from the front
    uint32_t capacity;     ///< of the deque
    uint32_t head, count;  ///< the deque's front slot and its length
    uint32_t sample;       ///< this sample's number (wraps; only differences are read)
    uint32_t maxLookahead; ///< in samples
    float gain;
  };
  static uint32_t lookaheadSamples(const Env& env) {
    return static_cast<uint32_t>(kLimiterMaxLookahead * env.sampleRate) + 1;
  }
  static uint64_t arenaBytes(const Env& env, const InitArgs&) {
    uint32_t n = lookaheadSamples(env);
    return lineBytes(n) + 2 * lineBytes(n + 2);
  }
  static void init(State& s, const Env& env, uint32_t, const InitArgs& args) {
    ArenaCursor arena{static_cast<unsigned char*>(args.arena)};
    uint32_t n = lookaheadSamples(env);
    s.line.attach(arena, n);
    s.peakAge = reinterpret_cast<uint32_t*>(arena.take(n + 2));
    s.peakValue = arena.take(n + 2);
    s.capacity = n + 2;
    s.head = s.count = s.sample = 0;
    s.maxLookahead = n;
    s.gain = 1.0f;
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float x = in[0] == in[0] ? in[0] : 0.0f;
    float ceilingIn = param<Limiter>(in, 1);
    float ceiling = ceilingIn > 0.0f ? ceilingIn : 0.0f;
    float attack = std::fmin(std::fmax(param<Limiter>(in, 2), 0.0f), kLimiterMaxLookahead);
    auto lookahead = static_cast<uint32_t>(attack * env.sampleRate + 0.5f);
    lookahead = lookahead < s.maxLookahead ? lookahead : s.maxLookahead;
    // The deque: drop the peaks this one hides, push it, drop those that left the window.
    float a = detectorMagnitude(x);
    while (s.count && s.peakValue[(s.head + s.count - 1) % s.capacity] <= a) --s.count;
    uint32_t back = (s.head + s.count) % s.capacity;
    s.peakAge[back] = s.sample;
    s.peakValue[back] = a;
    ++s.count;
    while (s.sample - s.peakAge[s.head] > lookahead) {
      s.head = (s.head + 1) % s.capacity;
      --s.count;
    }
    float peak = s.peakValue[s.head];
    float needed = peak > ceiling ? ceiling / peak : 1.0f;
    // The attack's time constant is a fifth of the look-ahead (0 samples: at once).
    float attackC = exp2Approx(-1.44269504f * 5.0f / static_cast<float>(lookahead));
    float c = needed < s.gain ? attackC : onePoleCoefficient(param<Limiter>(in, 3), env);
    s.gain = needed + c * (s.gain - needed);
    s.gain = s.gain < 1e-30f ? 0.0f : s.gain;
    float delayed = lookahead == 0 ? x : s.line.at(lookahead);
    s.line.push(x);
    ++s.sample;
    float y = delayed * s.gain;
    // Comparisons, not fmin/fmax: their choice between −0 and +0 differs between the native
    // code and the JIT's, and the engines must agree to the bit.
    out[0] = y > ceiling ? ceiling : y < -ceiling ? -ceiling : y;
  }
};

} // namespace phonon::nodes
