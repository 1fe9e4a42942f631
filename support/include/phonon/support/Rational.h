// Exact rational numbers for musical time and tempo (LANGUAGE §4). 128-bit numerator and
// denominator, always normalised (gcd 1, den > 0); values that fit 64 bits take 64-bit fast
// paths. Every operation checks for overflow: an overflow throws RationalOverflow, never a
// wrong answer. 128 bits leave room for any nesting of transforms the spec defines over more
// than 2^31 cycles (docs/time.md measures why).
#pragma once

#include <cmath>
#include <cstdint>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

namespace phonon {

struct RationalOverflow : std::overflow_error {
  RationalOverflow() : std::overflow_error("rational arithmetic overflowed 128 bits") {}
};

class Rational {
public:
  __extension__ typedef __int128 Int;
  __extension__ typedef unsigned __int128 UInt;

  constexpr Rational() = default;
  constexpr Rational(int64_t n) : num_(n), den_(1) {}
  Rational(int64_t n, int64_t d) {
    if (d > 0)
      *this = small(n, d);
    else
      assign(n, d);
  }
  /// n/d in 128 bits, normalised.
  static Rational wide(Int n, Int d) {
    Rational r;
    r.assign(n, d);
    return r;
  }

  /// The numerator and denominator where they fit 64 bits (literals, tempos and start cycles
  /// always do); RationalOverflow otherwise.
  int64_t num() const { return narrow(num_); }
  int64_t den() const { return narrow(den_); }
  Int wideNum() const { return num_; }
  Int wideDen() const { return den_; }
  bool fits64() const { return fits64(num_) && fits64(den_); }

  double toDouble() const {
    if (fits64()) return static_cast<double>(num_) / static_cast<double>(den_);
    // Whole part and fraction apart, so that the 53-bit rounding of each loses nothing that
    // matters for a time (the fraction keeps its precision however large the cycle).
    auto [q, r] = floorDivide();
    return static_cast<double>(q) + static_cast<double>(r) / static_cast<double>(den_);
  }

  friend Rational operator+(Rational a, Rational b) {
    if (a.fits64() && b.fits64()) {
      // The common case in 64 bits, as before widening; the 128-bit path if it overflows.
      int64_t an = static_cast<int64_t>(a.num_), ad = static_cast<int64_t>(a.den_);
      int64_t bn = static_cast<int64_t>(b.num_), bd = static_cast<int64_t>(b.den_);
      int64_t g = ad == bd ? ad : std::gcd(ad, bd), x, y, n, d;
      if (!__builtin_mul_overflow(an, bd / g, &x) && !__builtin_mul_overflow(bn, ad / g, &y) &&
          !__builtin_add_overflow(x, y, &n) && !__builtin_mul_overflow(ad, bd / g, &d))
        return small(n, d);
    }
    if (a.den_ == 1 && b.den_ == 1) return integer(add(a.num_, b.num_));
    if (a.den_ == b.den_) return wide(add(a.num_, b.num_), a.den_);
    Int g = gcd(a.den_, b.den_);
    Int bd = quot(b.den_, g);
    return wide(add(mul(a.num_, bd), mul(b.num_, quot(a.den_, g))), mul(a.den_, bd));
  }
  friend Rational operator-(Rational a, Rational b) { return a + (-b); }
  friend Rational operator*(Rational a, Rational b) {
    if (a.fits64() && b.fits64() && a.num_ != INT64_MIN && b.num_ != INT64_MIN) {
      int64_t an = static_cast<int64_t>(a.num_), ad = static_cast<int64_t>(a.den_);
      int64_t bn = static_cast<int64_t>(b.num_), bd = static_cast<int64_t>(b.den_);
      int64_t g1 = std::gcd(an, bd), g2 = std::gcd(bn, ad), n, d;
      if (g1 == 0) g1 = 1;
      if (g2 == 0) g2 = 1;
      if (!__builtin_mul_overflow(an / g1, bn / g2, &n) &&
          !__builtin_mul_overflow(ad / g2, bd / g1, &d))
        return small(n, d);
    }
    if (a.den_ == 1 && b.den_ == 1) return integer(mul(a.num_, b.num_));
    Int g1 = gcd(a.num_, b.den_), g2 = gcd(b.num_, a.den_);
    if (g1 == 0) g1 = 1;
    if (g2 == 0) g2 = 1;
    return wide(mul(quot(a.num_, g1), quot(b.num_, g2)), mul(quot(a.den_, g2), quot(b.den_, g1)));
  }
  friend Rational operator/(Rational a, Rational b) {
    if (b.num_ == 0) throw std::domain_error("rational division by zero");
    Rational inverse;
    inverse.num_ = b.num_ < 0 ? -b.den_ : b.den_;
    inverse.den_ = b.num_ < 0 ? -b.num_ : b.num_;
    return a * inverse;
  }
  Rational operator-() const {
    Rational r;
    r.num_ = -num_; // num_ is never the most negative value, so this cannot overflow
    r.den_ = den_;
    return r;
  }
  friend bool operator==(Rational a, Rational b) { return a.num_ == b.num_ && a.den_ == b.den_; }
  friend bool operator<(Rational a, Rational b) { return compare(a, b) < 0; }
  friend bool operator<=(Rational a, Rational b) { return compare(a, b) <= 0; }
  friend bool operator>(Rational a, Rational b) { return compare(a, b) > 0; }
  friend bool operator>=(Rational a, Rational b) { return compare(a, b) >= 0; }

  /// floor(this) as a 64-bit integer (exact for negative values too); RationalOverflow past
  /// 2^63 cycles.
  int64_t floor() const { return narrow(wideFloor()); }
  int64_t ceil() const { return -(-*this).floor(); }
  /// The start of the cycle this time falls in, floor(t), as a Rational.
  Rational sam() const { return integer(wideFloor()); }
  Rational nextSam() const { return integer(add(wideFloor(), 1)); }
  /// The position within the cycle, t − floor(t), in [0, 1).
  Rational cyclePos() const { return *this - sam(); }
  /// floor(this · 2^bits + 1/2) / 2^bits: the nearest point of the dyadic grid of step 2^-bits
  /// (halves round up), for 0 ≤ bits ≤ 62.
  Rational roundToGrid(int bits) const {
    Rational scaled = *this * integer(Int(1) << bits) + Rational(1, 2);
    return wide(scaled.wideFloor(), Int(1) << bits);
  }

  /// The exact value of a decimal literal such as "-2.5e-3" (throws RationalOverflow when it
  /// does not fit 64 bits, std::invalid_argument when it is not a decimal number).
  static Rational parseDecimal(const std::string& text);
  /// The simplest fraction within 1e-15 (relative) of `x`, as Fraction.js and Strudel pick it;
  /// exact for values such as 0.25 and 1/3 written with 16 digits. Throws on non-finite input.
  static Rational fromDouble(double x);

  std::string toString() const {
    return den_ == 1 ? toString(num_) : toString(num_) + "/" + toString(den_);
  }
  /// "n/d", also for integers ("4/1").
  std::string toFractionString() const { return toString(num_) + "/" + toString(den_); }

private:
  static constexpr Int kMin = static_cast<Int>(static_cast<UInt>(1) << 127);

  static bool fits64(Int v) { return v == static_cast<int64_t>(v); }
  static int64_t narrow(Int v) {
    if (!fits64(v)) throw RationalOverflow();
    return static_cast<int64_t>(v);
  }
  /// n/d from 64-bit terms, d > 0 (a 64-bit gcd).
  static Rational small(int64_t n, int64_t d) {
    Rational r;
    if (d == 1) {
      r.num_ = n;
      return r;
    }
    if (n == INT64_MIN) { // std::gcd's |n| would overflow
      r.assign(n, d);
      return r;
    }
    int64_t g = std::gcd(n, d);
    r.num_ = n / g;
    r.den_ = d / g;
    return r;
  }
  static Rational integer(Int n) {
    if (n == kMin) throw RationalOverflow();
    Rational r;
    r.num_ = n;
    return r;
  }
  static Int mul(Int a, Int b) {
    if (fits64(a) && fits64(b)) return a * b; // at most 2^126 in magnitude
    Int r;
    if (__builtin_mul_overflow(a, b, &r)) throw RationalOverflow();
    return r;
  }
  static Int add(Int a, Int b) {
    Int r;
    if (__builtin_add_overflow(a, b, &r)) throw RationalOverflow();
    return r;
  }
  /// a / b, truncated; 64-bit division where both fit (128-bit division is a library call).
  static Int quot(Int a, Int b) {
    if (fits64(a) && fits64(b) && !(a == INT64_MIN && b == -1))
      return static_cast<int64_t>(a) / static_cast<int64_t>(b);
    return a / b;
  }
  static UInt magnitude(Int v) { return v < 0 ? -static_cast<UInt>(v) : static_cast<UInt>(v); }
  static int trailingZeros(UInt v) {
    uint64_t low = static_cast<uint64_t>(v);
    return low ? __builtin_ctzll(low) : 64 + __builtin_ctzll(static_cast<uint64_t>(v >> 64));
  }
  static Int gcd(Int a, Int b) {
    UInt x = magnitude(a), y = magnitude(b);
    if ((x >> 64) == 0 && (y >> 64) == 0)
      return static_cast<Int>(std::gcd(static_cast<uint64_t>(x), static_cast<uint64_t>(y)));
    if (x == 0) return static_cast<Int>(y);
    if (y == 0) return static_cast<Int>(x);
    // Binary gcd (Stein) on 128 bits; neither value is 2^127 (kMin is never stored).
    int shift = trailingZeros(x | y);
    x >>= trailingZeros(x);
    do {
      y >>= trailingZeros(y);
      if (x > y) std::swap(x, y);
      y -= x;
    } while (y != 0);
    return static_cast<Int>(x << shift);
  }
  /// a · b as 256 bits (high, low).
  static std::pair<UInt, UInt> mulWide(UInt a, UInt b) {
    const UInt mask = UINT64_MAX;
    UInt a0 = a & mask, a1 = a >> 64, b0 = b & mask, b1 = b >> 64;
    UInt p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    UInt mid = (p00 >> 64) + (p01 & mask) + (p10 & mask);
    UInt low = (p00 & mask) | (mid << 64);
    UInt high = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    return {high, low};
  }
  static int compare(Rational a, Rational b) {
    if (a.fits64() && b.fits64()) {
      // a.n/a.d against b.n/b.d, cross-multiplied exactly in 128 bits.
      Int l = a.num_ * b.den_, r = b.num_ * a.den_;
      return l < r ? -1 : (l > r ? 1 : 0);
    }
    int sa = (a.num_ > 0) - (a.num_ < 0), sb = (b.num_ > 0) - (b.num_ < 0);
    if (sa != sb) return sa < sb ? -1 : 1;
    if (sa == 0) return 0;
    // Same sign: compare the magnitudes cross-multiplied in 256 bits.
    auto l = mulWide(magnitude(a.num_), static_cast<UInt>(b.den_));
    auto r = mulWide(magnitude(b.num_), static_cast<UInt>(a.den_));
    int c = l < r ? -1 : (l > r ? 1 : 0);
    return sa < 0 ? -c : c;
  }
  /// floor(num/den) and the remainder num − floor·den, in [0, den).
  std::pair<Int, Int> floorDivide() const {
    if (den_ == 1) return {num_, 0};
    if (fits64()) {
      int64_t n = static_cast<int64_t>(num_), d = static_cast<int64_t>(den_);
      int64_t q = n / d, r = n % d;
      return r < 0 ? std::pair<Int, Int>{q - 1, r + d} : std::pair<Int, Int>{q, r};
    }
    Int q = num_ / den_, r = num_ % den_;
    return r < 0 ? std::pair<Int, Int>{q - 1, r + den_} : std::pair<Int, Int>{q, r};
  }
  Int wideFloor() const { return floorDivide().first; }
  void assign(Int n, Int d) {
    if (d == 0) throw std::domain_error("rational with zero denominator");
    if (n == kMin || d == kMin) throw RationalOverflow();
    if (d < 0) {
      n = -n;
      d = -d;
    }
    if (d == 1) {
      num_ = n;
      den_ = 1;
      return;
    }
    Int g = gcd(n, d);
    num_ = quot(n, g);
    den_ = quot(d, g);
  }
  static std::string toString(Int v) {
    if (fits64(v)) return std::to_string(static_cast<int64_t>(v));
    UInt m = magnitude(v);
    std::string digits;
    for (; m != 0; m /= 10) digits.insert(digits.begin(), static_cast<char>('0' + m % 10));
    return v < 0 ? "-" + digits : digits;
  }

  Int num_ = 0;
  Int den_ = 1;
};

inline Rational min(Rational a, Rational b) {
  return a < b ? a : b;
}
inline Rational max(Rational a, Rational b) {
  return a < b ? b : a;
}
inline bool operator!=(Rational a, Rational b) {
  return !(a == b);
}

inline Rational Rational::parseDecimal(const std::string& text) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    negative = text[i] == '-';
    ++i;
  }
  Rational value(0);
  int64_t scale = 0;
  bool fraction = false, digits = false;
  for (; i < text.size() && text[i] != 'e' && text[i] != 'E'; ++i) {
    if (text[i] == '.' && !fraction) {
      fraction = true;
      continue;
    }
    if (text[i] < '0' || text[i] > '9')
      throw std::invalid_argument("not a decimal number: " + text);
    digits = true;
    value = value * Rational(10) + Rational(text[i] - '0');
    if (fraction) --scale;
  }
  if (!digits) throw std::invalid_argument("not a decimal number: " + text);
  if (i < text.size()) {
    size_t used = 0;
    long long e = std::stoll(text.substr(i + 1), &used);
    if (used != text.size() - i - 1) throw std::invalid_argument("not a decimal number: " + text);
    if (e > 40 || e < -40) throw RationalOverflow();
    scale += e;
  }
  Rational ten(10);
  for (; scale > 0; --scale) value = value * ten;
  for (; scale < 0; ++scale) value = value / ten;
  if (!value.fits64()) throw RationalOverflow();
  return negative ? -value : value;
}

inline Rational Rational::fromDouble(double x) {
  if (!(x == x) || x > 9.2e18 || x < -9.2e18) throw RationalOverflow();
  if (x == static_cast<double>(static_cast<int64_t>(x))) return Rational(static_cast<int64_t>(x));
  // Continued fraction convergents until within tolerance.
  bool negative = x < 0;
  double v = negative ? -x : x;
  int64_t h0 = 0, h1 = 1, k0 = 1, k1 = 0;
  double f = v;
  for (int iter = 0; iter < 64; ++iter) {
    double a = static_cast<double>(static_cast<int64_t>(f));
    __extension__ using Wide = __int128;
    Wide h2 = static_cast<Wide>(a) * h1 + h0, k2 = static_cast<Wide>(a) * k1 + k0;
    if (h2 > INT64_MAX || k2 > INT64_MAX) break;
    h0 = h1;
    h1 = static_cast<int64_t>(h2);
    k0 = k1;
    k1 = static_cast<int64_t>(k2);
    double approx = static_cast<double>(h1) / static_cast<double>(k1);
    if (std::fabs(approx - v) <= 1e-15 * v) break;
    double rest = f - a;
    if (rest == 0) break;
    f = 1.0 / rest;
  }
  if (k1 == 0) throw RationalOverflow();
  return Rational(negative ? -h1 : h1, k1);
}

} // namespace phonon
