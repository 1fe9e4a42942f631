// Analysis (LANGUAGE §7.9): levels and followers of a signal, the nodes that turn crossings into
// states (`schmidt`), held values (`latch`) and times (`timer`), and `tap`, which copies its
// input into a buffer the host writes to a file. A crossing is read against the previous
// sample, which starts at 0: an input above 0.5 on the first sample crosses there.
#pragma once

#include "DelayLines.h"
#include "Dynamics.h"
#include "NodeTable.h"

namespace phonon::nodes {

/// √(mean of x² over the last `window` seconds), window clamped to [1 ms, 1 s] by the row. The
/// squares are kept in a ring of 1 s and summed in double precision as they enter and leave the
/// window (samples before the start count as 0); a change of window adds or removes the squares
/// between the two lengths. Each time the ring wraps the sum is recomputed from the ring, so no
/// rounding accumulates: silence after a loud passage reads exactly 0.
struct RmsWindow {
  DelayLine squares;
  double sum;     ///< of the last `count` squares
  uint32_t count; ///< in [1, squares.size − 1] once running

  static uint32_t ringSamples(const Env& env) {
    return static_cast<uint32_t>(env.sampleRate) + 2; // 1 s, and the length one past it
  }
  void attach(ArenaCursor& arena, const Env& env) {
    squares.attach(arena, ringSamples(env));
    sum = 0.0;
    count = 0;
  }
  float next(float x, float seconds, const Env& env) {
    float sq = x * x;
    sq = sq < 1e30f ? sq : (x == x ? 1e30f : 0.0f); // ∞ and NaN: bounded, silent
    auto target = static_cast<uint32_t>(seconds * env.sampleRate + 0.5f);
    target = target < 1 ? 1 : target > squares.size - 1 ? squares.size - 1 : target;
    squares.push(sq);
    sum += static_cast<double>(sq);
    ++count; // at(1) … at(count) are the window, the newest first
    while (count > target) sum -= static_cast<double>(squares.at(count--));
    while (count < target) sum += static_cast<double>(squares.at(++count));
    if (squares.write == 0) {
      sum = 0.0;
      for (uint32_t age = count; age >= 1; --age) sum += static_cast<double>(squares.at(age));
    }
    double mean = sum > 0.0 ? sum / static_cast<double>(count) : 0.0;
    return static_cast<float>(std::sqrt(mean));
  }
};

/// `rms in window`.
struct Rms {
  static constexpr float cost = 12;
  static constexpr bool kArenaBanks = true; // its bank beats separate kernels (NodeArenaBanks)
  using State = RmsWindow;
  static uint64_t arenaBytes(const Env& env, const InitArgs&) {
    return lineBytes(RmsWindow::ringSamples(env));
  }
  static void init(State& s, const Env& env, uint32_t, const InitArgs& args) {
    ArenaCursor arena{static_cast<unsigned char*>(args.arena)};
    s.attach(arena, env);
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    out[0] = s.next(in[0], param<Rms>(in, 1), env);
  }
};

/// `peak_follower in attack release`: followPeak with the coefficients of the two times (each
/// sample y moves 1 − e^(−1/(t·sr)) of the way to |x|).
struct PeakFollower {
  static constexpr float cost = 20;
  struct State {
    float level;
  };
  static void init(State& s, const Env&, uint32_t) { s.level = 0.0f; }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    out[0] = followPeak(s.level, in[0], onePoleCoefficient(param<PeakFollower>(in, 1), env),
                        onePoleCoefficient(param<PeakFollower>(in, 2), env));
  }
};

/// `amp_follower in attack release window`: `rms in window`, then `peak_follower` of that.
struct AmpFollower {
  static constexpr float cost = 32;
  static constexpr bool kArenaBanks = true; // its bank beats separate kernels (NodeArenaBanks)
  struct State {
    RmsWindow rms;
    float level;
  };
  static uint64_t arenaBytes(const Env& env, const InitArgs&) {
    return lineBytes(RmsWindow::ringSamples(env));
  }
  static void init(State& s, const Env& env, uint32_t, const InitArgs& args) {
    ArenaCursor arena{static_cast<unsigned char*>(args.arena)};
    s.rms.attach(arena, env);
    s.level = 0.0f;
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float r = s.rms.next(in[0], param<AmpFollower>(in, 3), env);
    out[0] = followPeak(s.level, r, onePoleCoefficient(param<AmpFollower>(in, 1), env),
                        onePoleCoefficient(param<AmpFollower>(in, 2), env));
  }
};

/// `schmidt in hi lo`: 1 from the sample x rises above hi, 0 from the sample it falls below lo,
/// otherwise unchanged; starts 0.
struct Schmidt {
  static constexpr float cost = 3;
  struct State {
    float on;
  };
  static void init(State& s, const Env&, uint32_t) { s.on = 0.0f; }
  static void tick(State& s, const float* in, float* out, const Env&) {
    float x = in[0];
    s.on = x > param<Schmidt>(in, 1) ? 1.0f : x < param<Schmidt>(in, 2) ? 0.0f : s.on;
    out[0] = s.on;
  }
};

/// `latch in trig`: on each sample where trig rises above 0.5 (from at most 0.5 on the sample
/// before), takes x and holds it; starts 0.
struct Latch {
  static constexpr float cost = 3;
  struct State {
    float held;
    float previousTrig;
  };
  static void init(State& s, const Env&, uint32_t) { s.held = s.previousTrig = 0.0f; }
  static void tick(State& s, const float* in, float* out, const Env&) {
    float trig = in[1];
    bool rising = trig > 0.5f && !(s.previousTrig > 0.5f);
    s.previousTrig = trig;
    s.held = rising ? in[0] : s.held;
    out[0] = s.held;
  }
};

/// `timer in`: seconds since the last sample where `in` rose above 0.5 (0 on that sample), or
/// since the start before the first. Counted in samples (exact in a double up to 2⁵³).
struct Timer {
  static constexpr float cost = 4;
  struct State {
    double samples;
    float previous;
  };
  static void init(State& s, const Env&, uint32_t) {
    s.samples = 0.0;
    s.previous = 0.0f;
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float x = in[0];
    bool rising = x > 0.5f && !(s.previous > 0.5f);
    s.previous = x;
    s.samples = rising ? 0.0 : s.samples;
    out[0] = static_cast<float>(s.samples / static_cast<double>(env.sampleRate));
    s.samples += 1.0;
  }
};

/// The buffer an output file port (`tap`'s `file`, PortOutputFile) receives at init: the
/// host's zero-filled buffer of frames × `channels` interleaved samples, which it writes to the
/// file after a render. The ConstArg is read-only for the samples of a file the node reads;
/// here the host hands over memory it owns for the node to fill. Null before the host has
/// one (a sweep that runs the node without files): the node then only passes through.
struct TapBuffer {
  float* samples;
  uint32_t frames;
  uint32_t written;

  void init(const InitArgs& args, uint32_t port, uint32_t channels) {
    const ConstArg* out = port < args.numArgs ? &args.args[port] : nullptr;
    samples = out && out->items ? const_cast<float*>(out->items) : nullptr;
    frames = samples ? out->count / channels : 0;
    written = 0;
  }
};

/// `tap in file seconds!` (§7.9): out = in, unchanged; the first frames of the input (as many
/// as the host's buffer holds, round(seconds·sr)) are copied into the buffer, after which it
/// only passes through. No I/O and no allocation here: the host writes the file.
struct Tap {
  static constexpr float cost = 2;
  struct State {
    TapBuffer buffer;
  };
  static void init(State& s, const Env&, uint32_t, const InitArgs& args) {
    s.buffer.init(args, 1, 1);
  }
  static void tick(State& s, const float* in, float* out, const Env&) {
    float x = in[0];
    TapBuffer& b = s.buffer;
    if (b.written < b.frames) b.samples[b.written++] = x;
    out[0] = x;
  }
};

/// `tap` on a stereo input (the `tap_pair` row, ports l, r, file, seconds): both channels into
/// one buffer, interleaved left, right, so that the file has two channels.
struct TapPair {
  static constexpr float cost = 4;
  struct State {
    TapBuffer buffer;
  };
  static void init(State& s, const Env&, uint32_t, const InitArgs& args) {
    s.buffer.init(args, 2, 2);
  }
  static void tick(State& s, const float* in, float* out, const Env&) {
    float l = in[0], r = in[1];
    TapBuffer& b = s.buffer;
    if (b.written < b.frames) {
      b.samples[2 * b.written] = l;
      b.samples[2 * b.written + 1] = r;
      ++b.written;
    }
    out[0] = l;
    out[1] = r;
  }
};

} // namespace phonon::nodes
