// `freeze` (LANGUAGE §7.5): a spectral freeze on an STFT of 2048 samples, hop 512, Hann, with
// Convolve.h's FFT. Not a Block.h block node: that adapter buffers port 0 only, and freeze
// needs each sample's trigger (the capture happens at the first hop after its rising edge) and
// passes the input through undelayed while not frozen; so its tick runs the hop itself, every
// 512th sample.
#pragma once

#include "Convolve.h"
#include "DelayEffects.h"

namespace phonon::nodes {

struct Freeze {
  static constexpr float cost = 300;
  static constexpr uint32_t kSize = 2048;
  static constexpr uint32_t kHop = 512;
  static constexpr uint32_t kBins = kSize / 2 + 1;
  /// Σ over the hops of the analysis and synthesis windows' product, Hann² at a quarter
  /// overlap: 3/2 everywhere.
  static constexpr float kOverlapGain = 1.5f;

  struct State {
    Fft fft;
    float* history;   ///< the last kSize inputs, a ring; the next one goes to `write`
    float* window;    ///< Hann, sin²(πi/kSize)
    float* magnitude; ///< the captured |X_k|, scaled for the resynthesis
    float* re;
    float* im;
    float* overlap; ///< the resynthesis' overlap-add, a ring read at `read`
    uint32_t write, read, hopFill;
    uint32_t random; ///< xorshift32: the phases
    bool high;       ///< the trigger is above 0.5
    bool capture;    ///< a rising edge waits for the next hop
    bool frozen;     ///< the output is the resynthesis
  };

  static uint64_t arenaBytes(const Env&, const InitArgs&) {
    return Fft::arenaBytes(kSize) + 5 * lineBytes(kSize) + lineBytes(kBins);
  }
  static void init(State& s, const Env&, uint32_t seed, const InitArgs& args) {
    ArenaCursor arena{static_cast<unsigned char*>(args.arena)};
    s.fft.init(arena, kSize);
    s.history = arena.take(kSize);
    s.window = arena.take(kSize);
    s.magnitude = arena.take(kBins);
    s.re = arena.take(kSize);
    s.im = arena.take(kSize);
    s.overlap = arena.take(kSize);
    for (uint32_t i = 0; i < kSize; ++i)
      s.window[i] = hannAt(static_cast<float>(i) / static_cast<float>(kSize));
    s.write = s.read = s.hopFill = 0;
    s.random = seed != 0 ? seed : 0x9e3779b9u;
    s.high = s.capture = s.frozen = false;
  }

  static float uniform(State& s) {
    s.random ^= s.random << 13;
    s.random ^= s.random >> 17;
    s.random ^= s.random << 5;
    return static_cast<float>(s.random >> 8) * (1.0f / 16777216.0f);
  }

  /// The magnitudes of the last kSize inputs, Hann-windowed; with the inverse FFT's 1/n, the
  /// synthesis window and the overlap's 3/2 folded in. sqrt: IEEE, one instruction, no libm.
  static void analyse(State& s) {
    for (uint32_t i = 0; i < kSize; ++i) {
      uint32_t at = (s.write + i) & (kSize - 1); // oldest first
      s.re[i] = s.history[at] * s.window[i];
      s.im[i] = 0.0f;
    }
    s.fft.forward(s.re, s.im);
    const float scale = 1.0f / (static_cast<float>(kSize) * kOverlapGain);
    for (uint32_t k = 0; k < kBins; ++k)
      s.magnitude[k] = std::sqrt(s.re[k] * s.re[k] + s.im[k] * s.im[k]) * scale;
  }

  /// One frame of the captured magnitudes with seeded random phases, windowed, added to the
  /// overlap ring from the next output sample on.
  static void resynthesise(State& s) {
    s.re[0] = s.magnitude[0];
    s.im[0] = 0.0f;
    s.re[kSize / 2] = s.magnitude[kSize / 2];
    s.im[kSize / 2] = 0.0f;
    for (uint32_t k = 1; k < kSize / 2; ++k) {
      float phase = uniform(s);
      float c = sinTwoPi(wrapPhase(phase + 0.25f)), sn = sinTwoPi(phase);
      s.re[k] = s.magnitude[k] * c;
      s.im[k] = s.magnitude[k] * sn;
      s.re[kSize - k] = s.re[k]; // a real frame: X[n − k] = conj X[k]
      s.im[kSize - k] = -s.im[k];
    }
    s.fft.inverseUnscaled(s.re, s.im);
    for (uint32_t i = 0; i < kSize; ++i) {
      uint32_t at = (s.read + i) & (kSize - 1);
      s.overlap[at] += s.re[i] * s.window[i];
    }
  }

  static void tick(State& s, const float* in, float* out, const Env&) {
    float x = in[0];
    bool high = in[1] > 0.5f; // NaN: low
    s.capture = s.capture || (high && !s.high);
    s.frozen = s.frozen && high;
    s.high = high;
    s.history[s.write] = x;
    s.write = (s.write + 1) & (kSize - 1);
    float resynthesis = s.overlap[s.read];
    s.overlap[s.read] = 0.0f; // consumed: the ring's slot is the sample kSize ahead now
    s.read = (s.read + 1) & (kSize - 1);
    out[0] = s.frozen ? resynthesis : x;
    if (++s.hopFill < kHop) return;
    s.hopFill = 0;
    if (s.capture && high) {
      analyse(s);
      for (uint32_t i = 0; i < kSize; ++i) s.overlap[i] = 0.0f;
      s.frozen = true;
    }
    s.capture = false;
    if (s.frozen) resynthesise(s);
  }
};

} // namespace phonon::nodes
