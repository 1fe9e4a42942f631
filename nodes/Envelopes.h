// Envelopes (LANGUAGE §7.4): linear segments, times in seconds. `adsr`, `ad` and `env` are
// closed forms of the time since their start (no accumulated increments), so a segment ends on
// the sample its time says and a time given as a pattern or a signal takes effect at once;
// `asr` follows a gate, so it moves from wherever it is by one step per sample. The one-shot
// ramps (`xline`, `curve`, `segments`) are closed forms too; `line` follows the cycle clock and
// `lag` is a one-pole smoother.
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

/// `line start end`: start + (end − start)·(cycle position mod 1), on the pattern clock like
/// `phasor` (the position in double precision, advanced by cps/sr per sample).
struct Line {
  static constexpr float cost = 10;
  struct State {
    double cycle; ///< the cycle position of the next sample; NaN before the first
  };
  static void init(State& s, const Env&, uint32_t) { s.cycle = NAN; }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    if (std::isnan(s.cycle)) s.cycle = env.startCycle;
    double fraction = s.cycle - std::floor(s.cycle);
    float p = static_cast<float>(fraction);
    p = p >= 1.0f ? 0.0f : p; // a position just below a cycle start may round up to 1
    float start = param<Line>(in, 0);
    float end = param<Line>(in, 1);
    out[0] = start + (end - start) * p;
    s.cycle += static_cast<double>(in[2]) / static_cast<double>(env.sampleRate);
  }
};

/// Samples since the instance started, and the fraction p = t/dur (≤ 1) of a one-shot ramp:
/// sample n is at t = n/sr, so a ramp of dur seconds reaches 1 on sample ⌈dur·sr⌉ (up to the
/// rounding of t/dur) and holds it; a zero dur is 1 at once.
struct RampClock {
  double samples; ///< exact up to 2⁵³
  void reset() { samples = 0.0; }
  float next(float dur, const Env& env) {
    float t = static_cast<float>(samples / static_cast<double>(env.sampleRate));
    samples += 1.0;
    float p = std::fmin(t / dur, 1.0f);
    return dur > 0.0f ? p : 1.0f;
  }
};

/// start·(1 − w) + end·w: exactly start at w = 0 and end at w = 1, and no overflow of
/// end − start for levels near the largest float.
inline float between(float start, float end, float w) {
  return start * (1.0f - w) + end * w;
}

/// `xline start end dur`: start·(end/start)^p over dur seconds, then end; linear when start
/// and end do not have the same sign (start·end ≤ 0). The power is 2^(p·log2|end/start|),
/// taken as (start·h)·h with h = 2^(p·(log2|end| − log2|start|)/2), so that no factor
/// overflows between the largest and the smallest float.
struct Xline {
  static constexpr float cost = 30;
  using State = RampClock;
  static void init(State& s, const Env&, uint32_t) { s.reset(); }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float start = param<Xline>(in, 0);
    float end = param<Xline>(in, 1);
    float p = s.next(seconds<Xline>(in, 2), env);
    bool sameSign = (start > 0.0f && end > 0.0f) || (start < 0.0f && end < 0.0f);
    float octaves = log2Approx(std::fabs(end)) - log2Approx(std::fabs(start));
    float h = exp2Approx(0.5f * p * octaves);
    float exponential = (start * h) * h;
    float ramp = sameSign ? exponential : between(start, end, p);
    out[0] = p >= 1.0f ? end : ramp;
  }
};

/// `curve start end dur curve`: start + (end − start)·w with w = (1 − e^{cp})/(1 − e^c),
/// p = t/dur ≤ 1, linear (w = p) at c = 0. Written with a = −|c| ≤ 0 so that nothing overflows
/// or cancels: w = (e^{ap} − 1)/(e^a − 1) for c < 0, and for c > 0 the same ratio times
/// e^{a(1 − p)} (numerator and denominator divided by e^c); e^y − 1 is expm1NegativeApprox,
/// accurate near 0. Below |c| = 1e-6 the shape is p to float precision, and is p.
struct Curve {
  static constexpr float cost = 45;
  using State = RampClock;
  static void init(State& s, const Env&, uint32_t) { s.reset(); }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float start = param<Curve>(in, 0);
    float end = param<Curve>(in, 1);
    float p = s.next(seconds<Curve>(in, 2), env);
    float c = param<Curve>(in, 3);
    float a = -std::fabs(c);
    float ratio = expm1NegativeApprox(a * p) / expm1NegativeApprox(a);
    float rising = exp2Approx(a * (1.0f - p) * 1.44269504f) * ratio; // e^{a(1−p)}·ratio
    float w = c > 0.0f ? rising : ratio;
    w = std::fabs(c) < 1e-6f ? p : w;
    out[0] = p >= 1.0f ? end : between(start, end, w);
  }
};

/// `lag in time`: y ← x + b·(y − x), b = 0.001^(1/(time·sr)) = 2^(−log2(1000)/(time·sr)), so a
/// step is within 0.001 (−60 dB) of its target after time·sr samples; time 0 passes x through.
struct Lag {
  static constexpr float cost = 12;
  struct State {
    float y;
  };
  static void init(State& s, const Env&, uint32_t) { s.y = 0.0f; }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float x = in[0];
    float b = exp2Approx(-9.96578428f / (seconds<Lag>(in, 1) * env.sampleRate));
    s.y = x + b * (s.y - x);
    out[0] = s.y;
  }
};

/// `segments levels times`: from the instance's start, linear from L(i−1) to L(i) over T(i)
/// seconds for i = 1…k, then holds L(k). The levels and the segments' end times (summed in
/// double precision) are copied into the arena at init; a segment of time 0 is a jump.
struct Segments {
  static constexpr float cost = 20;
  struct State {
    double samples;      ///< samples since the start (exact up to 2⁵³)
    const float* levels; ///< L0 … Lk in the arena
    const float* ends;   ///< the seconds at which segments 1 … k end
    uint32_t count;      ///< k, the number of segments
    uint32_t index;      ///< the segment of the last sample, 0-based; k once past the last
  };
  /// k: one segment per time, and one level more (sema rejects other counts; here the shorter
  /// list wins, so no input reads past an arena slice).
  static uint32_t segmentsOf(const InitArgs& args) {
    if (args.numArgs < 2 || args.args[0].count == 0) return 0;
    uint32_t times = args.args[1].count;
    uint32_t levels = args.args[0].count - 1;
    return times < levels ? times : levels;
  }
  static uint64_t arenaBytes(const Env&, const InitArgs& args) {
    return args.numArgs < 2 || args.args[0].count == 0
               ? 0
               : (2 * uint64_t{segmentsOf(args)} + 1) * sizeof(float);
  }
  static void init(State& s, const Env&, uint32_t, const InitArgs& args) {
    s.samples = 0.0;
    s.index = 0;
    s.count = segmentsOf(args);
    s.levels = s.ends = nullptr;
    if (args.arenaSize == 0) return;
    auto* levels = static_cast<float*>(args.arena);
    float* ends = levels + s.count + 1;
    double end = 0.0;
    for (uint32_t i = 0; i <= s.count; ++i) {
      float level = args.args[0].items[i];
      levels[i] = std::isfinite(level) ? level : 0.0f;
    }
    for (uint32_t i = 0; i < s.count; ++i) {
      float time = args.args[1].items[i];
      end += std::isfinite(time) && time > 0.0f ? static_cast<double>(time) : 0.0;
      ends[i] = static_cast<float>(end);
    }
    s.levels = levels;
    s.ends = ends;
  }
  static void tick(State& s, const float*, float* out, const Env& env) {
    if (!s.levels) {
      out[0] = 0.0f;
      return;
    }
    float t = static_cast<float>(s.samples / static_cast<double>(env.sampleRate));
    s.samples += 1.0;
    while (s.index < s.count && t >= s.ends[s.index]) ++s.index;
    if (s.index == s.count) {
      out[0] = s.levels[s.count];
      return;
    }
    float from = s.index == 0 ? 0.0f : s.ends[s.index - 1];
    float w = (t - from) / (s.ends[s.index] - from);
    out[0] = between(s.levels[s.index], s.levels[s.index + 1], w);
  }
};

} // namespace phonon::nodes
