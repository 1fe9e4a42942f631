// Plucked strings (LANGUAGE §7.1): `pluck` (Karplus–Strong) and `waveguide`. Their loops are
// delay lines from the arena, long enough for the lowest frequency they play (kStringLowestHz);
// the loop length follows `freq` sample by sample, so a pattern or a glide retunes the string.
#pragma once

#include "DelayLines.h"
#include "NodeTable.h"
#include "Noise.h"

namespace phonon::nodes {

/// The lowest frequency a string plays: a lower (or zero) `freq` plays this one.
constexpr float kStringLowestHz = 10.0f;

/// Samples of a loop of sr/f samples for every f ≥ kStringLowestHz.
inline uint32_t stringLoopSamples(const Env& env, float divisions) {
  return static_cast<uint32_t>(env.sampleRate / (divisions * kStringLowestHz)) + 2;
}

/// round(sr/(divisions·f)) clamped to [2, longest].
inline uint32_t stringLength(float f, const Env& env, float divisions, uint32_t longest) {
  float samples = env.sampleRate / (divisions * std::fabs(f)); // +∞ at 0 Hz
  samples = std::fmin(std::fmax(samples, 2.0f), static_cast<float>(longest));
  return static_cast<uint32_t>(samples + 0.5f) > longest ? longest
                                                         : static_cast<uint32_t>(samples + 0.5f);
}

/// Values below this (in magnitude) in a decaying loop are flushed to 0: no denormals.
constexpr float kStringFloor = 1e-20f;
inline float flushTiny(float v) {
  return std::fabs(v) < kStringFloor ? 0.0f : v;
}

/// `pluck`: y[n] = seeded white noise for the first N samples, then
/// (1 − 0.01·damping)·(y[n − N] + y[n − N + 1])/2, N = round(sr/freq): the loop of §7.1 read as
/// the history of its output (buf[i] is y[n − N] when it is played). Averaging with the sample
/// played next makes the loop N − ½ samples long: it sounds at sr/(N − ½).
struct Pluck {
  static constexpr float cost = 12;
  struct State {
    DelayLine history;
    uint32_t longest; ///< the longest loop, history.size
    uint32_t played;  ///< samples played, saturating: the first N are the noise burst
    uint32_t noise;
  };
  static uint64_t arenaBytes(const Env& env, const InitArgs&) {
    return lineBytes(stringLoopSamples(env, 1.0f));
  }
  static void init(State& s, const Env& env, uint32_t seed, const InitArgs& args) {
    ArenaCursor arena{static_cast<unsigned char*>(args.arena)};
    s.longest = stringLoopSamples(env, 1.0f);
    s.history.attach(arena, s.longest);
    s.played = 0;
    s.noise = whiteSeed(seed);
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    uint32_t n = stringLength(param<Pluck>(in, 0), env, 1.0f, s.longest);
    float loss = 1.0f - 0.01f * param<Pluck>(in, 1);
    float y = s.played < n ? whiteNext(s.noise)
                           : flushTiny(loss * 0.5f * (s.history.at(n) + s.history.at(n - 1)));
    s.played = s.played < n ? s.played + 1 : s.played;
    s.history.push(y);
    out[0] = y;
  }
};

/// `waveguide`: a string of M = round(sr/(2·freq)) points as two delay lines travelling in
/// opposite directions (total length sr/freq). At the start both hold half a triangle of height 1
/// peaking at ⅓ of the string. Each end reflects inverted; the nut end through `pluck`'s loss
/// filter (1 − 0.01·damping)·(x[n] + x[n − 1])/2, so one round trip loses what one `pluck`
/// period does; a round trip is 2M + ½ samples. The output is the displacement (the sum of both
/// lines) at `pickup`·(M − 1).
struct Waveguide {
  static constexpr float cost = 20;
  struct State {
    DelayLine right; ///< travelling from the nut (position 0) to the bridge (M − 1)
    DelayLine left;  ///< travelling back; both advance together
    uint32_t longest;
    float lastAtNut; ///< the loss filter's previous input
    bool excited;    ///< the pluck is laid on the string at the first tick, when M is known
  };
  static uint64_t arenaBytes(const Env& env, const InitArgs&) {
    return 2 * lineBytes(stringLoopSamples(env, 2.0f));
  }
  static void init(State& s, const Env& env, uint32_t, const InitArgs& args) {
    ArenaCursor arena{static_cast<unsigned char*>(args.arena)};
    s.longest = stringLoopSamples(env, 2.0f);
    s.right.attach(arena, s.longest);
    s.left.attach(arena, s.longest);
    s.lastAtNut = 0.0f;
    s.excited = false;
  }
  /// Lays half the triangular pluck on each line (both write indices are 0 here): position x of
  /// `right` is the sample pushed x + 1 ticks ago, of `left` the one pushed M − x ticks ago.
  static void excite(State& s, uint32_t m) {
    float peak = static_cast<float>(m - 1) / 3.0f;
    float last = static_cast<float>(m - 1);
    for (uint32_t x = 0; x < m; ++x) {
      float position = static_cast<float>(x);
      float shape = position <= peak ? position / peak : (last - position) / (last - peak);
      s.right.data[s.longest - 1 - x] = 0.5f * shape;
      s.left.data[s.longest - m + x] = 0.5f * shape;
    }
    s.excited = true;
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    uint32_t m = stringLength(param<Waveguide>(in, 0), env, 2.0f, s.longest);
    if (!s.excited) excite(s, m);
    float loss = 1.0f - 0.01f * param<Waveguide>(in, 1);
    auto pickup = static_cast<uint32_t>(param<Waveguide>(in, 2) * static_cast<float>(m - 1) + 0.5f);
    pickup = pickup < m ? pickup : m - 1;
    out[0] = s.right.at(pickup + 1) + s.left.at(m - pickup);
    float atBridge = s.right.at(m);
    float atNut = s.left.at(m);
    float reflected = flushTiny(loss * 0.5f * (atNut + s.lastAtNut));
    s.lastAtNut = atNut;
    s.right.push(-reflected);
    s.left.push(flushTiny(-atBridge));
  }
};

} // namespace phonon::nodes
