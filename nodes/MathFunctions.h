// The math and utility nodes of LANGUAGE §7.8 (and `gain` §7.7, `mtof`/`ftom` §7.2): pure
// functions of one sample. Their operands are signal ports (a stereo operand runs per channel,
// NaN passes through as in `+`); their parameters (`q`, `cond`, `t` …) are sanitised by
// param<>. On numbers sema folds them with these very kernels; on pattern values `abs`, `sqrt`,
// `exp` … map the values instead (runtime/pattern/Ops.cpp).
#pragma once

#include "Arithmetic.h"
#include "NodeTable.h"

namespace phonon::nodes {

/// A pure node of one sample: out = Self::apply(in).
template <class Self> struct PureKernel {
  static constexpr float cost = 2;
  struct State {};
  static void init(State&, const Env&, uint32_t) {}
  static void tick(State&, const float* in, float* out, const Env&) { out[0] = Self::apply(in); }
};

struct Amp : PureKernel<Amp> {
  static float apply(const float* in) { return in[0] * param<Amp>(in, 1); }
};

struct Gain : PureKernel<Gain> {
  static float apply(const float* in) { return in[0] * param<Gain>(in, 1); }
};

// fmin/fmax: a NaN operand gives the other one.
struct Min : PureKernel<Min> {
  static float apply(const float* in) { return std::fmin(in[0], in[1]); }
};

struct Max : PureKernel<Max> {
  static float apply(const float* in) { return std::fmax(in[0], in[1]); }
};

/// lo + ((x − lo) mod (hi − lo)), floored (the `%` operator's mod: 0 where hi = lo, so lo).
/// With lo < hi a rounding up to hi itself gives lo: the interval is [lo, hi).
struct Wrap : PureKernel<Wrap> {
  static float apply(const float* in) {
    float lo = param<Wrap>(in, 1), hi = param<Wrap>(in, 2);
    float y = lo + Mod::apply(in[0] - lo, hi - lo);
    return lo < hi && y >= hi ? lo : y;
  }
};

/// Reflection at lo and hi until inside: a triangle of period 2(hi − lo) in closed form. Bounds
/// given the wrong way round are swapped; equal bounds give lo.
struct Fold : PureKernel<Fold> {
  static float apply(const float* in) {
    float a = param<Fold>(in, 1), b = param<Fold>(in, 2);
    float lo = std::fmin(a, b), hi = std::fmax(a, b);
    float width = hi - lo;
    if (!(width > 0.0f)) return lo;
    float m = Mod::apply(in[0] - lo, width + width); // [0, 2·width)
    float y = lo + (m > width ? (width + width) - m : m);
    return std::fmin(std::fmax(y, lo), hi);
  }
};

struct Abs : PureKernel<Abs> {
  static float apply(const float* in) { return std::fabs(in[0]); }
};

/// −1, 0 or 1 (0 for NaN).
struct Sign : PureKernel<Sign> {
  static float apply(const float* in) { return in[0] > 0.0f ? 1.0f : in[0] < 0.0f ? -1.0f : 0.0f; }
};

/// √max(x, 0): IEEE square root, correctly rounded (an instruction, not a libm series).
struct Sqrt : PureKernel<Sqrt> {
  static float apply(const float* in) { return std::sqrt(std::fmax(in[0], 0.0f)); }
};

struct Exp : PureKernel<Exp> {
  static constexpr float cost = 10;
  static float apply(const float* in) { return expApprox(in[0]); }
};

/// ln max(x, 1e-30) (NaN gives ln 1e-30 too: fmax takes the number).
struct Log : PureKernel<Log> {
  static constexpr float cost = 10;
  static float apply(const float* in) { return lnApprox(std::fmax(in[0], 1e-30f)); }
};

struct Lerp : PureKernel<Lerp> {
  static float apply(const float* in) { return in[0] + (in[1] - in[0]) * param<Lerp>(in, 2); }
};

/// lo + (hi − lo)·(x + 1)/2: a bipolar signal mapped onto [lo, hi] (LANGUAGE §7.8).
struct Range : PureKernel<Range> {
  static float apply(const float* in) {
    float lo = param<Range>(in, 0), hi = param<Range>(in, 1);
    return lo + (hi - lo) * ((in[2] + 1.0f) * 0.5f);
  }
};

struct Xfade : PureKernel<Xfade> {
  static float apply(const float* in) {
    float pos = param<Xfade>(in, 2);
    return (1.0f - pos) * in[0] + pos * in[1];
  }
};

struct If : PureKernel<If> {
  static float apply(const float* in) { return param<If>(in, 0) > 0.5f ? in[1] : in[2]; }
};

/// round(x·q)/q, ties to even; q = 0 gives 0 (a division by zero, LANGUAGE §3.7). Where
/// |x·q| ≥ 2²³ (or is infinite) x·q is already whole and x is returned as it is.
struct Quantize : PureKernel<Quantize> {
  static float apply(const float* in) {
    float q = param<Quantize>(in, 0), x = in[1];
    if (q == 0.0f) return 0.0f;
    float scaled = x * q;
    return std::fabs(scaled) >= 8388608.0f ? x : roundHalfEven(scaled) / q;
  }
};

/// 440·2^((m − 69)/12).
struct Mtof : PureKernel<Mtof> {
  static constexpr float cost = 8;
  static float apply(const float* in) { return 440.0f * exp2Approx((in[0] - 69.0f) / 12.0f); }
};

/// 69 + 12·log₂(f/440) of max(f, 1e-30) (12/ln 2 = 17.3123405).
struct Ftom : PureKernel<Ftom> {
  static constexpr float cost = 10;
  static float apply(const float* in) {
    return 69.0f + 17.3123405f * lnApprox(std::fmax(in[0], 1e-30f) / 440.0f);
  }
};

} // namespace phonon::nodes
