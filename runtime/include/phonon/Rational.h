// Exact rational numbers for musical time and tempo (LANGUAGE §4). 64-bit numerator and
// denominator, always normalised (gcd 1, den > 0). Every operation checks for overflow: an
// overflow throws RationalOverflow, never a wrong answer.
#pragma once

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
    int64_t g = std::gcd(a.den_, b.den_);
    int64_t bd = b.den_ / g;
    return Rational(add(mul(a.num_, bd), mul(b.num_, a.den_ / g)), mul(a.den_, bd));
  }
  friend Rational operator-(Rational a, Rational b) { return a + (-b); }
  friend Rational operator*(Rational a, Rational b) {
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
    int64_t g = std::gcd(n, d);
    num_ = n / g;
    den_ = d / g;
  }

  int64_t num_ = 0;
  int64_t den_ = 1;
};

} // namespace phonon
