// Deterministic randomness as a function of time (LANGUAGE §4.2), bit for bit.
#pragma once

#include "phonon/pattern/Span.h"

#include <cstdint>
#include <vector>

namespace phonon::pattern {

/// One xorshift step on 32-bit two's-complement integers.
int32_t xorwise(int32_t x);
/// seed(t) = xorwise(trunc(frac(t / 300) · 2^29)).
int32_t timeToIntSeed(double t);
/// |(seed rem 2^29) / 2^29| at time t, in [0, 1).
double timeToRand(double t);
double timeToRand(const Time& t);
/// rands(t, n): n successive values of the xorshift stream seeded at t (signed, no abs).
std::vector<double> timeToRands(double t, int n);

/// Random values are dyadic, k / 2^29, so each is also an exact rational.
constexpr int kRandBits = 29;
/// rand(t) exactly: the same value as timeToRand(t), as a Time.
Time timeToRandExact(const Time& t);
/// rands(t, n) · 2^29: the exact numerators of timeToRands(t, n).
std::vector<int32_t> timeToRandNumerators(double t, int n);

/// Times drawn at random (humanize's shifts, stripe's boundaries) are rounded to this dyadic
/// grid of 2^-20 cycle: finer than a sample at 192 kHz down to 0.2 cycles per second, and
/// closed under addition, so nesting random transforms keeps denominators small and pattern
/// time exact (docs/time.md).
constexpr int kRandomTimeGridBits = 20;

/// The time shift of the seed-k stream: rand(t + 0.0003·k).
inline Time seedOffset(int seed) {
  return Time(3 * static_cast<int64_t>(seed), 10000);
}

} // namespace phonon::pattern
