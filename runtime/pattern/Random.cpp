#include "phonon/pattern/Random.h"

#include <cmath>

namespace phonon::pattern {

int32_t xorwise(int32_t x) {
  // Shifts on 32-bit integers: << wraps (done unsigned), >> is arithmetic.
  int32_t a = static_cast<int32_t>(static_cast<uint32_t>(x) << 13) ^ x;
  int32_t b = (a >> 17) ^ a;
  return static_cast<int32_t>(static_cast<uint32_t>(b) << 5) ^ b;
}

int32_t timeToIntSeed(double t) {
  double x = t / 300.0;
  double frac = x - std::trunc(x);
  return xorwise(static_cast<int32_t>(std::trunc(frac * 536870912.0)));
}

namespace {
constexpr int32_t kRandScale = int32_t(1) << kRandBits;
double intSeedToRand(int32_t seed) {
  return static_cast<double>(seed % kRandScale) / static_cast<double>(kRandScale);
}
} // namespace

double timeToRand(double t) {
  return std::fabs(intSeedToRand(timeToIntSeed(t)));
}

double timeToRand(const Time& t) {
  return timeToRand(t.toDouble());
}

Time timeToRandExact(const Time& t) {
  int32_t k = timeToIntSeed(t.toDouble()) % kRandScale;
  return Time(k < 0 ? -k : k, kRandScale);
}

std::vector<int32_t> timeToRandNumerators(double t, int n) {
  std::vector<int32_t> out;
  out.reserve(static_cast<size_t>(n > 0 ? n : 0));
  int32_t seed = timeToIntSeed(t);
  for (int i = 0; i < n; ++i) {
    out.push_back(seed % kRandScale);
    seed = xorwise(seed);
  }
  return out;
}

std::vector<double> timeToRands(double t, int n) {
  std::vector<double> out;
  out.reserve(static_cast<size_t>(n > 0 ? n : 0));
  int32_t seed = timeToIntSeed(t);
  for (int i = 0; i < n; ++i) {
    out.push_back(intSeedToRand(seed));
    seed = xorwise(seed);
  }
  return out;
}

} // namespace phonon::pattern
