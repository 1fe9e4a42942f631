// `convolve` (LANGUAGE §7.5): uniformly partitioned FFT convolution, overlap-save, with a
// sample response (the file port's samples, loaded by the host at init) or the built-in one.
// A block node (Block.h): partitions of kBlock = 512 samples, FFTs of 1024, latency 512
// samples.
#pragma once

#include "Block.h"
#include "DelayLines.h"

namespace phonon::nodes {

// ---- radix-2 FFT ------------------------------------------------------------------------------

/// An in-place complex FFT of size n (a power of two), split real and imaginary arrays, with
/// twiddles computed once (no libm): tw[k] = e^(−2πik/n), k < n/2.
struct Fft {
  uint32_t n;
  float* twRe; ///< n/2 values
  float* twIm;

  static uint64_t arenaBytes(uint32_t n) { return 2 * lineBytes(n / 2); }
  void init(ArenaCursor& arena, uint32_t size) {
    n = size;
    twRe = arena.take(n / 2);
    twIm = arena.take(n / 2);
    // e^(−2πik/n) = cos πx − i·sin πx with x = 2k/n in [0, 1); sinCosPi holds for x ≤ ½, and
    // beyond, cos πx = −cos π(1 − x), sin πx = sin π(1 − x).
    for (uint32_t k = 0; k < n / 2; ++k) {
      bool upper = 4 * k > n;
      uint32_t m = upper ? n / 2 - k : k;
      SinCos sc = sinCosPi(static_cast<float>(2 * m) / static_cast<float>(n));
      twRe[k] = upper ? -sc.cos : sc.cos;
      twIm[k] = -sc.sin;
    }
  }
  /// X[k] = Σ x[j]·e^(−2πijk/n), in place.
  void forward(float* re, float* im) const {
    for (uint32_t i = 1, j = 0; i < n; ++i) { // bit-reversal permutation
      uint32_t bit = n >> 1;
      for (; j & bit; bit >>= 1) j ^= bit;
      j ^= bit;
      if (i < j) {
        float t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    for (uint32_t len = 2; len <= n; len <<= 1) {
      uint32_t half = len / 2, stride = n / len;
      for (uint32_t start = 0; start < n; start += len)
        for (uint32_t k = 0; k < half; ++k) {
          float wr = twRe[k * stride], wi = twIm[k * stride];
          uint32_t a = start + k, b = a + half;
          float br = re[b] * wr - im[b] * wi;
          float bi = re[b] * wi + im[b] * wr;
          re[b] = re[a] - br;
          im[b] = im[a] - bi;
          re[a] = re[a] + br;
          im[a] = im[a] + bi;
        }
    }
  }
  /// n·x from X: the forward transform of the conjugate, conjugated.
  void inverseUnscaled(float* re, float* im) const {
    for (uint32_t i = 0; i < n; ++i) im[i] = -im[i];
    forward(re, im);
    for (uint32_t i = 0; i < n; ++i) im[i] = -im[i];
  }
};

// ---- convolve (§7.5) --------------------------------------------------------------------------

/// The built-in response: kConvolveResponseSeconds of the node's seeded white noise (Noise's
/// xorshift, uniform in [−1, 1)) times an exponential decay of −60 dB at its end,
/// 10^(−3·i/length), then scaled so that its energy Σh² is 1 (white noise keeps its power).
constexpr float kConvolveResponseSeconds = 1.5f;

inline uint32_t convolveResponseLength(const Env& env) {
  auto n = static_cast<uint32_t>(kConvolveResponseSeconds * env.sampleRate);
  return n < 1 ? 1 : n;
}

/// The built-in response's samples before normalisation, one at a time.
struct ConvolveResponseGenerator {
  uint32_t x;
  float perSample; ///< log2 of the decay per sample
  uint32_t i = 0;
  ConvolveResponseGenerator(uint32_t seed, uint32_t length)
      : x(seed != 0 ? seed : 0x9e3779b9u),
        perSample(-3.0f * 3.32192809489f / static_cast<float>(length)) {}
  float next() {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    float noise = static_cast<float>(x >> 8) * (1.0f / 8388608.0f) - 1.0f;
    return noise * exp2Approx(perSample * static_cast<float>(i++));
  }
};

/// The built-in response as `convolve` uses it (normalised), `length` samples into `out`; the
/// tests compare the node with a direct convolution by it.
inline void convolveBuiltInResponse(uint32_t seed, uint32_t length, float* out) {
  ConvolveResponseGenerator gen(seed, length);
  double energy = 0;
  for (uint32_t i = 0; i < length; ++i) {
    out[i] = gen.next();
    energy += static_cast<double>(out[i]) * out[i];
  }
  // sqrt is correctly rounded (IEEE 754), one instruction: the same bits in every engine.
  float gain = static_cast<float>(1.0 / std::sqrt(energy));
  for (uint32_t i = 0; i < length; ++i) out[i] *= gain;
}

struct Convolve {
  static constexpr float cost = 1200;
  static constexpr uint32_t kBlock = 512;
  static constexpr uint32_t kFftSize = 2 * kBlock;
  static constexpr uint32_t kBins = kBlock + 1; ///< 0 … n/2: a real signal's spectrum

  struct State {
    Fft fft;
    float* previous; ///< the previous input block (overlap-save: the FFT sees two blocks)
    float* re;       ///< FFT work, kFftSize each
    float* im;
    float* accRe; ///< Σ of the partitions' products, kBins each
    float* accIm;
    float* responseRe; ///< partition p's spectrum at p·kBins, scaled by 1/(n·√energy)
    float* responseIm;
    float* inputRe; ///< the last `partitions` input spectra, a ring; newest at `newest`
    float* inputIm;
    uint32_t partitions;
    uint32_t newest;
  };

  /// The sample response a file port hands over (mono, at the engine rate), or null: the
  /// built-in one.
  static const ConstArg* fileResponse(const InitArgs& args) {
    return args.numArgs > 1 && args.args[1].count != 0 ? &args.args[1] : nullptr;
  }
  static uint32_t responseLength(const Env& env, const InitArgs& args) {
    const ConstArg* file = fileResponse(args);
    return file ? file->count : convolveResponseLength(env);
  }
  static uint32_t partitionsFor(const Env& env, const InitArgs& args) {
    return (responseLength(env, args) + kBlock - 1) / kBlock;
  }
  static uint64_t arenaBytes(const Env& env, const InitArgs& args) {
    uint64_t spectra = lineBytes(partitionsFor(env, args) * kBins);
    return Fft::arenaBytes(kFftSize) + lineBytes(kBlock) + 2 * lineBytes(kFftSize) +
           2 * lineBytes(kBins) + 4 * spectra;
  }
  static void init(State& s, const Env& env, uint32_t seed, const InitArgs& args) {
    ArenaCursor arena{static_cast<unsigned char*>(args.arena)};
    s.fft.init(arena, kFftSize);
    s.previous = arena.take(kBlock);
    s.re = arena.take(kFftSize);
    s.im = arena.take(kFftSize);
    s.accRe = arena.take(kBins);
    s.accIm = arena.take(kBins);
    s.partitions = partitionsFor(env, args);
    s.responseRe = arena.take(s.partitions * kBins);
    s.responseIm = arena.take(s.partitions * kBins);
    s.inputRe = arena.take(s.partitions * kBins); // the arena is zero-filled: silence before
    s.inputIm = arena.take(s.partitions * kBins);
    s.newest = 0;
    // Each partition of the response, zero-padded to the FFT size, transformed.
    const ConstArg* file = fileResponse(args);
    uint32_t length = responseLength(env, args);
    ConvolveResponseGenerator gen(seed, length);
    double energy = 0;
    for (uint32_t p = 0; p < s.partitions; ++p) {
      for (uint32_t i = 0; i < kFftSize; ++i) {
        uint32_t at = p * kBlock + i;
        float h = i >= kBlock || at >= length ? 0.0f : file ? file->items[at] : gen.next();
        energy += static_cast<double>(h) * h;
        s.re[i] = h;
        s.im[i] = 0.0f;
      }
      s.fft.forward(s.re, s.im);
      for (uint32_t k = 0; k < kBins; ++k) {
        s.responseRe[p * kBins + k] = s.re[k];
        s.responseIm[p * kBins + k] = s.im[k];
      }
    }
    // The built-in response normalised to energy 1 (convolveBuiltInResponse), a sample as it
    // was recorded; and the inverse FFT's 1/n folded in.
    float gain = file ? 1.0f / static_cast<float>(kFftSize)
                      : static_cast<float>(1.0 / (std::sqrt(energy) * kFftSize));
    for (uint32_t i = 0; i < s.partitions * kBins; ++i) {
      s.responseRe[i] *= gain;
      s.responseIm[i] *= gain;
    }
  }

  /// One block, overlap-save: the spectrum of [previous block, this block] joins the ring, the
  /// output spectrum is Σ_p X(now − p)·H_p, and the last kBlock samples of its inverse are the
  /// linear convolution's output for this block.
  static void block(State& s, const float* in, float* out, const Env&) {
    for (uint32_t i = 0; i < kBlock; ++i) {
      s.re[i] = s.previous[i];
      s.re[kBlock + i] = in[i];
      s.previous[i] = in[i];
    }
    for (uint32_t i = 0; i < kFftSize; ++i) s.im[i] = 0.0f;
    s.fft.forward(s.re, s.im);
    s.newest = s.newest + 1 == s.partitions ? 0 : s.newest + 1;
    float* xr = s.inputRe + s.newest * kBins;
    float* xi = s.inputIm + s.newest * kBins;
    for (uint32_t k = 0; k < kBins; ++k) {
      xr[k] = s.re[k];
      xi[k] = s.im[k];
      s.accRe[k] = 0.0f;
      s.accIm[k] = 0.0f;
    }
    uint32_t slot = s.newest;
    for (uint32_t p = 0; p < s.partitions; ++p) {
      const float* ar = s.inputRe + slot * kBins;
      const float* ai = s.inputIm + slot * kBins;
      const float* hr = s.responseRe + p * kBins;
      const float* hi = s.responseIm + p * kBins;
      for (uint32_t k = 0; k < kBins; ++k) {
        s.accRe[k] += ar[k] * hr[k] - ai[k] * hi[k];
        s.accIm[k] += ar[k] * hi[k] + ai[k] * hr[k];
      }
      slot = slot == 0 ? s.partitions - 1 : slot - 1;
    }
    // The full spectrum of a real signal: X[n − k] = conj X[k].
    for (uint32_t k = 0; k < kBins; ++k) {
      s.re[k] = s.accRe[k];
      s.im[k] = s.accIm[k];
    }
    for (uint32_t k = 1; k < kBlock; ++k) {
      s.re[kFftSize - k] = s.accRe[k];
      s.im[kFftSize - k] = -s.accIm[k];
    }
    s.fft.inverseUnscaled(s.re, s.im);
    for (uint32_t i = 0; i < kBlock; ++i) out[i] = s.re[kBlock + i];
  }

  /// out = (1 − mix)·x + mix·wet: the dry input is not delayed, the wet is kBlock late.
  static float output(const float* in, float wet) {
    float mix = param<Convolve>(in, 2);
    return (1.0f - mix) * in[0] + mix * wet;
  }
};

} // namespace phonon::nodes
