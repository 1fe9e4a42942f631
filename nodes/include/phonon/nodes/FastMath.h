// Elementary functions for node kernels, in plain float arithmetic (no libm call, no table).
//
// Node code calls no libm (DESIGN §4): a libm call is opaque to the vectoriser, and the JIT and
// the interpreter could link different libms. These are polynomials or ratios of polynomials
// with a handful of coefficients and no data-dependent branch (only selects), so LLVM can run
// them in SIMD lanes, and both engines compute the same bits (`-ffp-contract=off`). Each one's
// error against double-precision libm is bounded by a unit test (test/unit/NodesTest.cpp).
#pragma once

#include <bit>
#include <cstdint>

namespace phonon::nodes {

/// sin πx and cos πx for x in [0, ½], each within a relative 1.5e-7 of the exact value for
/// x ≥ 1e-20 (below, the products are subnormal); exactly (0, 1) at 0 and (1, 0) at ½. The
/// biquads need sin and cos of w0/2 = π·f/sr with f ≤ 0.49·sr, and relative accuracy at both
/// ends: 1 − cos w0 = 2 sin²(w0/2) sets a low-pass's gain near 0 Hz, 1 + cos w0 = 2 cos²(w0/2) a
/// high-pass's near sr/2. The work is on u = min(x, ½ − x) in [0, ¼] (½ − x is exact for x ≥ ¼),
/// where sin πu and cos πu are Taylor polynomials (to u⁹ and u¹⁰, truncation below 3e-9 at
/// u = ¼); beyond ¼ they swap (sin πx = cos π(½ − x)).
struct SinCos {
  float sin, cos;
};
inline SinCos sinCosPi(float x) {
  float reflected = 0.5f - x;
  bool far = x > 0.25f;
  float u = far ? reflected : x;
  float u2 = u * u;
  float s = 0.0821458866f;   //  π⁹/9!
  s = s * u2 - 0.599264529f; // −π⁷/7!
  s = s * u2 + 2.55016404f;  //  π⁵/5!
  s = s * u2 - 5.16771278f;  // −π³/3!
  s = s * u2 + 3.14159265f;  //  π
  s = s * u;                 // sin πu
  float c = -0.0258068914f;  // −π¹⁰/10!
  c = c * u2 + 0.235330630f; //  π⁸/8!
  c = c * u2 - 1.33526277f;  // −π⁶/6!
  c = c * u2 + 4.05871213f;  //  π⁴/4!
  c = c * u2 - 4.93480220f;  // −π²/2!
  c = c * u2 + 1.0f;         // cos πu
  // Two scalar selects, not a select of the pair: that one becomes a <2 x float> select, which
  // keeps the loop vectorizer off a SIMD bank's lane loop.
  return {far ? c : s, far ? s : c};
}

/// tan(πx) for x in [0, ½], within a relative 2.5e-7 (2 ulp) of the exact value for x ≥ 1e-20
/// (below, the products are subnormal); +∞ at ½. The filters need tan(π·fc/sr) with
/// 10 Hz ≤ fc ≤ 0.49·sr. Monotone up to rounding (a step back is at most 3 ulp). Near the pole the
/// relative error stays bounded because both factors of sinCosPi are accurate there: the result
/// is one division, s/c.
inline float tanPi(float x) {
  SinCos sc = sinCosPi(x);
  return sc.sin / sc.cos;
}

/// 2^x for x in [−127, 128] and n = round(x) (halves up): x = n + f with f in [−½, ½]
/// (exact); 2^f is its Taylor polynomial to f⁷ (truncation below 6e-9) and 2^n is put into
/// the exponent field. exp2Approx's and exp2ApproxNonNegative's common part.
inline float exp2Split(float x, int32_t n) {
  float f = x - static_cast<float>(n);
  float p = 1.52527338e-05f;   // (ln 2)⁷/7!
  p = p * f + 1.54035304e-04f; // (ln 2)⁶/6!
  p = p * f + 1.33335581e-03f; // (ln 2)⁵/5!
  p = p * f + 9.61812911e-03f; // (ln 2)⁴/4!
  p = p * f + 5.55041087e-02f; // (ln 2)³/3!
  p = p * f + 0.240226507f;    // (ln 2)²/2!
  p = p * f + 0.693147181f;    //  ln 2
  p = p * f + 1.0f;
  // n + 127 in [0, 255]: 0 is the float 0, 255 is +∞.
  float scale = std::bit_cast<float>(static_cast<uint32_t>(n + 127) << 23);
  return p * scale;
}

/// 2^x within a relative 1.4e-7 for x in [−126.5, 127.5), exact at integers; 0 below (no
/// subnormals: the engines flush them anyway), +∞ above, NaN for NaN. Monotone up to rounding
/// (a step back is at most 1 ulp). x is clamped to [−127, 128] and split at round(x)
/// (exp2Split).
inline float exp2Approx(float x) {
  bool nan = x != x;
  float clamped = x < -127.0f ? -127.0f : x > 128.0f ? 128.0f : x;
  clamped = nan ? 0.0f : clamped;
  float t = clamped + 0.5f;
  int32_t n = static_cast<int32_t>(t); // truncation; floor below
  n -= static_cast<float>(n) > t ? 1 : 0;
  return nan ? x : exp2Split(clamped, n);
}

/// exp2Approx(x) for x ≥ 0 (−0 and NaN included), the same bits in fewer operations: nothing
/// to clamp below, and x + ½ ≥ ½ rounds down by truncation. tanhApprox's e^{2|x|}, which a
/// bank of tanh lanes (W5) computes for every lane and sample.
inline float exp2ApproxNonNegative(float x) {
  bool nan = x != x;
  float clamped = x > 128.0f ? 128.0f : x;
  clamped = nan ? 0.0f : clamped;
  return nan ? x : exp2Split(clamped, static_cast<int32_t>(clamped + 0.5f));
}

/// log2(x) for x > 0, within 1.5e-7 + 6e-8·|log2 x| of the exact value (a level in dB, 6.02·log2
/// x, within 1e-6 dB near 0 dBFS); exact at powers of two. Below the smallest normal float
/// (0, negatives, subnormals) it is −126, at +∞ 128 (the dynamics read silence as a very low
/// level, never −∞), NaN for NaN. x = 2^e·m with m in [√½, √2) taken from the bits; ln m =
/// 2·atanh s = 2(s + s³/3 + … + s⁹/9) with s = (m − 1)/(m + 1), |s| ≤ 0.172 (truncation 1e-9).
inline float log2Approx(float x) {
  bool nan = x != x;
  float clamped = x < 1.17549435e-38f ? 1.17549435e-38f : x > 3.40282347e38f ? 3.40282347e38f : x;
  clamped = nan ? 1.0f : clamped;
  uint32_t bits = std::bit_cast<uint32_t>(clamped);
  int32_t e = static_cast<int32_t>(bits >> 23) - 127;
  float m = std::bit_cast<float>((bits & 0x7fffffu) | 0x3f800000u); // [1, 2)
  bool high = m > 1.41421356f;
  m = high ? m * 0.5f : m; // exact
  e += high ? 1 : 0;
  float s = (m - 1.0f) / (m + 1.0f); // m − 1 exact (Sterbenz)
  float s2 = s * s;
  float p = 0.320598898f;    // 2/(9 ln 2)
  p = p * s2 + 0.412198583f; // 2/(7 ln 2)
  p = p * s2 + 0.577078016f; // 2/(5 ln 2)
  p = p * s2 + 0.961796694f; // 2/(3 ln 2)
  p = p * s2 + 2.88539008f;  // 2/ln 2
  float r = static_cast<float>(e) + s * p;
  return nan ? x : r;
}

/// e^x within a relative 2e-7 for x in [−87.3, 88.7] (e^x a normal float); 0 below (no
/// subnormals), +∞ above, NaN for NaN. Cody–Waite: n = round(x·log₂e), r = x − n·ln 2 with ln 2
/// split in two (n·ln2Hi is exact for |n| < 2⁹), so r in [−0.35, 0.35] keeps x's precision; e^r
/// is its Taylor polynomial to r⁷ (truncation below 6e-9) and 2ⁿ two exponent-field factors
/// (n = 128 happens just below FLT_MAX).
inline float expApprox(float x) {
  bool nan = x != x;
  float c = x < -88.0f ? -88.0f : x > 89.0f ? 89.0f : x;
  c = nan ? 0.0f : c;
  float t = c * 1.44269504f + 0.5f;
  int32_t n = static_cast<int32_t>(t); // truncation; floor below
  n -= static_cast<float>(n) > t ? 1 : 0;
  float fn = static_cast<float>(n);
  float r = (c - fn * 0.693145751953125f) - fn * 1.42860677e-6f;
  float p = 1.98412698e-4f;   // 1/7!
  p = p * r + 1.38888889e-3f; // 1/6!
  p = p * r + 8.33333333e-3f; // 1/5!
  p = p * r + 4.16666667e-2f; // 1/4!
  p = p * r + 0.166666667f;   // 1/3!
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  int32_t half = n / 2; // n in [−127, 129]: both factors normal
  float scaleA = std::bit_cast<float>(static_cast<uint32_t>(half + 127) << 23);
  float scaleB = std::bit_cast<float>(static_cast<uint32_t>(n - half + 127) << 23);
  float y = p * scaleA * scaleB;
  y = y < 1.17549435e-38f ? 0.0f : y;
  return nan ? x : y;
}

/// ln x for x > 0, within 1.5e-7 absolute for x in [½, 2] and a relative 2e-7 elsewhere
/// (exactly 0 at 1); −∞ at 0, NaN below 0 or for NaN, +∞ at +∞. x = 2^e·m with m in
/// [√½, √2) from the bits (a subnormal x is scaled by 2²⁵ first); ln m = 2·atanh s with
/// s = (m − 1)/(m + 1), |s| ≤ 0.172, its odd series to s⁹ (truncation below 3e-10); e·ln 2 in
/// two parts so that ln x near 1 keeps its precision.
inline float lnApprox(float x) {
  bool tiny = x < 1.17549435e-38f;
  float scaled = tiny ? x * 33554432.0f : x; // 2^25
  uint32_t bits = std::bit_cast<uint32_t>(scaled);
  int32_t e = static_cast<int32_t>((bits >> 23) & 0xffu) - (tiny ? 152 : 127);
  float m = std::bit_cast<float>((bits & 0x007fffffu) | 0x3f800000u); // [1, 2)
  bool high = m > 1.41421356f;
  m = high ? m * 0.5f : m;
  e += high ? 1 : 0;
  float s = (m - 1.0f) / (m + 1.0f);
  float s2 = s * s;
  float q = 0.111111111f;    // 1/9
  q = q * s2 + 0.142857143f; // 1/7
  q = q * s2 + 0.2f;
  q = q * s2 + 0.333333333f;
  float twoS = s + s;
  float lnM = twoS + twoS * (q * s2);
  float fe = static_cast<float>(e);
  float y = fe * 0.693145751953125f + (lnM + fe * 1.42860677e-6f);
  float inf = std::bit_cast<float>(0x7f800000u);
  y = x == inf ? inf : y;
  y = x == 0.0f ? -inf : y;
  return x < 0.0f || x != x ? std::bit_cast<float>(0x7fc00000u) : y;
}

/// tanh(x) for every x, within 1.2e-7 of the exact value; odd, exactly x for tiny x, exactly ±1
/// from |x| ≈ 9 (where tanh x rounds to ±1 in float anyway), NaN for NaN. Below |x| = 0.625 it
/// is the convergent x(1 + x²/9 + x⁴/945)/(1 + 4x²/9 + x⁴/63) of Lambert's continued fraction
/// tanh x = x/(1 + x²/(3 + x²/(5 + …))) (truncation below 5e-10), above it 1 − 2/(e^{2|x|} + 1)
/// with exp2Approx (accurate where the result is away from 0, and it saturates by rounding).
/// Monotone up to rounding: a step to the next float never goes back by more than 2 ulp.
/// Both forms share one division (their numerators and denominators selected first): the
/// vector code computes both forms, and a division costs as much as the rest together.
inline float tanhApprox(float x) {
  float a = x < 0.0f ? -x : x;
  float y = a * a;
  bool nearZero = a < 0.625f;
  float p = (y * (1.0f / 945.0f) + (1.0f / 9.0f)) * y + 1.0f;
  float q = (y * (1.0f / 63.0f) + (4.0f / 9.0f)) * y + 1.0f;
  float expTwoA = exp2ApproxNonNegative(a * 2.88539008f); // e^{2a} = 2^{2a/ln 2}, a ≥ 0
  float ratio = (nearZero ? a * p : 2.0f) / (nearZero ? q : expTwoA + 1.0f);
  float r = nearZero ? ratio : 1.0f - ratio; // a·p/q, or 1 − 2/(e^{2a} + 1)
  return x < 0.0f ? -r : r;
}

/// e^y − 1 for y ≤ 0, within a relative 2.5e-7 of the exact value, exactly 0 at 0, −1 below
/// about −88. Near 0, where e^y − 1 cancels, it is the Taylor polynomial to y⁸ (|y| < ½,
/// truncation below 3e-9 relative); below −½ it is exp2Approx(y/ln 2) − 1, at most −0.39.
/// `curve` needs the ratio (e^{cp} − 1)/(e^c − 1) accurate for every curvature c.
inline float expm1NegativeApprox(float y) {
  float p = 1.0f / 40320.0f;
  p = p * y + 1.0f / 5040.0f;
  p = p * y + 1.0f / 720.0f;
  p = p * y + 1.0f / 120.0f;
  p = p * y + 1.0f / 24.0f;
  p = p * y + 1.0f / 6.0f;
  p = p * y + 0.5f;
  p = p * y + 1.0f;
  float nearZero = y * p;
  float away = exp2Approx(y * 1.44269504f) - 1.0f;
  return y > -0.5f ? nearZero : away;
}

} // namespace phonon::nodes
