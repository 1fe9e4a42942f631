// Exact rational numbers for musical time and tempo (LANGUAGE §4). 64-bit numerator and
// denominator, always normalised (gcd 1, den > 0). Every operation checks for overflow: an
// overflow throws RationalOverflow, never a wrong answer.
#pragma once

#include <cmath>
#include <cstdint>
#include <numeric>
#include <stdexcept>
#include <string>

namespace phonon {

struct RationalOverflow : std::overflow_error {
  RationalOverflow() : std::overflow_error("rational arithmetic overflowed 64 bits") {}
};

class Rational {
public:
  constexpr Rational() = default;
  constexpr Rational(int64_t n) : num_(n), den_(1) {}
  Rational(int64_t n, int64_t d) { assign(n, d); }

  int64_t num() const { return num_; }
  int64_t den() const { return den_; }
  double toDouble() const { return static_cast<double>(num_) / static_cast<double>(den_); }

  friend Rational operator+(Rational a, Rational b) {
    if (a.den_ == b.den_ && a.den_ == 1) return Rational(add(a.num_, b.num_));
    int64_t g = std::gcd(a.den_, b.den_);
    int64_t bd = b.den_ / g;
    return Rational(add(mul(a.num_, bd), mul(b.num_, a.den_ / g)), mul(a.den_, bd));
  }
  friend Rational operator-(Rational a, Rational b) { return a + (-b); }
  friend Rational operator*(Rational a, Rational b) {
    if (a.den_ == 1 && b.den_ == 1) return Rational(mul(a.num_, b.num_));
    int64_t g1 = std::gcd(a.num_, b.den_), g2 = std::gcd(b.num_, a.den_);
    if (g1 == 0) g1 = 1;
    if (g2 == 0) g2 = 1;
    return Rational(mul(a.num_ / g1, b.num_ / g2), mul(a.den_ / g2, b.den_ / g1));
  }
  friend Rational operator/(Rational a, Rational b) {
    if (b.num_ == 0) throw std::domain_error("rational division by zero");
    return a * Rational(b.den_, b.num_);
  }
  Rational operator-() const {
    if (num_ == INT64_MIN) throw RationalOverflow();
    Rational r;
    r.num_ = -num_;
    r.den_ = den_;
    return r;
  }
  friend bool operator==(Rational a, Rational b) { return a.num_ == b.num_ && a.den_ == b.den_; }
  friend bool operator<(Rational a, Rational b) { return compare(a, b) < 0; }
  friend bool operator<=(Rational a, Rational b) { return compare(a, b) <= 0; }
  friend bool operator>(Rational a, Rational b) { return compare(a, b) > 0; }
  friend bool operator>=(Rational a, Rational b) { return compare(a, b) >= 0; }

  /// floor(this) as an integer (exact for negative values too).
  int64_t floor() const {
    int64_t q = num_ / den_;
    return (num_ % den_ != 0 && num_ < 0) ? q - 1 : q;
  }
  int64_t ceil() const { return -(-*this).floor(); }
  /// The start of the cycle this time falls in, floor(t), as a Rational.
  Rational sam() const { return Rational(floor()); }
  Rational nextSam() const { return Rational(floor() + 1); }
  /// The position within the cycle, t − floor(t), in [0, 1).
  Rational cyclePos() const { return *this - sam(); }

  /// The exact value of a decimal literal such as "-2.5e-3" (throws RationalOverflow when it
  /// does not fit, std::invalid_argument when it is not a decimal number).
  static Rational parseDecimal(const std::string& text);
  /// The simplest fraction within 1e-15 (relative) of `x`, as Fraction.js and Strudel pick it;
  /// exact for values such as 0.25 and 1/3 written with 16 digits. Throws on non-finite input.
  static Rational fromDouble(double x);

  std::string toString() const {
    return den_ == 1 ? std::to_string(num_) : std::to_string(num_) + "/" + std::to_string(den_);
  }

private:
  static int64_t mul(int64_t a, int64_t b) {
    int64_t r;
    if (__builtin_mul_overflow(a, b, &r)) throw RationalOverflow();
    return r;
  }
  static int64_t add(int64_t a, int64_t b) {
    int64_t r;
    if (__builtin_add_overflow(a, b, &r)) throw RationalOverflow();
    return r;
  }
  static int compare(Rational a, Rational b) {
    // Compare a.n/a.d with b.n/b.d exactly in 128 bits.
    __extension__ using Wide = __int128;
    Wide l = static_cast<Wide>(a.num_) * b.den_;
    Wide r = static_cast<Wide>(b.num_) * a.den_;
    return l < r ? -1 : (l > r ? 1 : 0);
  }
  void assign(int64_t n, int64_t d) {
    if (d == 0) throw std::domain_error("rational with zero denominator");
    if (n == INT64_MIN || d == INT64_MIN) throw RationalOverflow();
    if (d < 0) {
      n = -n;
      d = -d;
    }
    if (d == 1) {
      num_ = n;
      den_ = 1;
      return;
    }
    int64_t g = std::gcd(n, d);
    num_ = n / g;
    den_ = d / g;
  }

  int64_t num_ = 0;
  int64_t den_ = 1;
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
