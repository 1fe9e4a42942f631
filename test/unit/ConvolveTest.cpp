// The radix-2 FFT of nodes/Convolve.h and `convolve` (LANGUAGE §7.5) called as the interpreter
// calls it: its output measured against transforms and convolutions in double precision.
#include "Convolve.h"
#include "phonon/nodes/Catalogue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <vector>

namespace phonon::nodes {
namespace {

constexpr uint32_t kN = Convolve::kFftSize;
constexpr double kPiD = 3.14159265358979323846;

struct FftFixture {
  std::vector<float> arena = std::vector<float>(Fft::arenaBytes(kN) / sizeof(float), 0.0f);
  Fft fft;
  FftFixture() {
    ArenaCursor cursor{reinterpret_cast<unsigned char*>(arena.data())};
    fft.init(cursor, kN);
  }
};

/// Uniform values in [−1, 1) from a fixed xorshift sequence.
std::vector<float> noise(size_t n, uint32_t seed) {
  std::vector<float> x(n);
  for (float& v : x) {
    seed ^= seed << 13;
    seed ^= seed >> 17;
    seed ^= seed << 5;
    v = static_cast<float>(seed >> 8) / 8388608.0f - 1.0f;
  }
  return x;
}

TEST(ConvolveTest, FftMatchesADoublePrecisionDft) {
  FftFixture f;
  std::vector<float> x = noise(kN, 7), re = x, im(kN, 0.0f);
  f.fft.forward(re.data(), im.data());
  double worst = 0, peak = 0;
  for (uint32_t k = 0; k < kN; ++k) {
    double sr = 0, si = 0;
    for (uint32_t j = 0; j < kN; ++j) {
      double a = -2 * kPiD * static_cast<double>((uint64_t{j} * k) % kN) / kN;
      sr += x[j] * std::cos(a);
      si += x[j] * std::sin(a);
    }
    worst = std::fmax(worst, std::hypot(re[k] - sr, im[k] - si));
    peak = std::fmax(peak, std::hypot(sr, si));
  }
  // Float rounding over log2(1024) = 10 stages: about 1e-6 of the largest bin.
  EXPECT_LT(worst / peak, 1e-6) << "worst " << worst << " of peak " << peak;
  std::cout << "FFT(1024) of noise vs double DFT: max error " << worst / peak
            << " of the largest bin\n";
}

TEST(ConvolveTest, FftOfACosineIsTwoBinsAndOfADelayedImpulseIsATwiddle) {
  FftFixture f;
  std::vector<float> re(kN), im(kN, 0.0f);
  for (uint32_t j = 0; j < kN; ++j) re[j] = static_cast<float>(std::cos(2 * kPiD * 3 * j / kN));
  f.fft.forward(re.data(), im.data());
  for (uint32_t k = 0; k < kN; ++k) {
    double expected = k == 3 || k == kN - 3 ? kN / 2.0 : 0.0;
    EXPECT_NEAR(re[k], expected, 2e-4) << k;
    EXPECT_NEAR(im[k], 0.0, 2e-4) << k;
  }
  std::vector<float> dre(kN, 0.0f), dim(kN, 0.0f);
  dre[5] = 1.0f; // e^(−2πi·5k/n)
  f.fft.forward(dre.data(), dim.data());
  for (uint32_t k = 0; k < kN; ++k) {
    double a = -2 * kPiD * static_cast<double>((5u * k) % kN) / kN;
    EXPECT_NEAR(dre[k], std::cos(a), 5e-7) << k;
    EXPECT_NEAR(dim[k], std::sin(a), 5e-7) << k;
  }
}

TEST(ConvolveTest, InverseFftUndoesTheForwardOne) {
  FftFixture f;
  std::vector<float> x = noise(kN, 11), re = x, im = noise(kN, 13), im0 = im;
  f.fft.forward(re.data(), im.data());
  f.fft.inverseUnscaled(re.data(), im.data());
  double worst = 0;
  for (uint32_t j = 0; j < kN; ++j)
    worst =
        std::fmax(worst, std::fmax(std::fabs(re[j] / kN - x[j]), std::fabs(im[j] / kN - im0[j])));
  EXPECT_LT(worst, 1e-6);
  std::cout << "FFT round trip (1024, values in [-1, 1)): max error " << worst << "\n";
}

/// Runs `convolve` (mix `mix`) over `input` with seed `seed`, for input.size() samples.
std::vector<float> runConvolve(const std::vector<float>& input, float mix, uint32_t seed) {
  const NodeInfo* node = findNode("convolve");
  EXPECT_NE(node, nullptr);
  Env env{48000.0f, 1.0f / 48000.0f, 0.0};
  std::vector<unsigned char> state(node->stateSize, 0);
  InitArgs args{nullptr, 0, nullptr, 0};
  args.arenaSize = node->arena(&env, &args);
  std::vector<float> arena(args.arenaSize / sizeof(float) + 1, 0.0f);
  args.arena = arena.data();
  node->init(state.data(), &env, seed, &args);
  std::vector<float> out(input.size());
  for (size_t i = 0; i < input.size(); ++i) {
    float ports[3] = {input[i], 0.0f, mix};
    node->tick(state.data(), ports, &out[i], &env);
  }
  return out;
}

std::vector<float> builtInResponse(uint32_t seed) {
  std::vector<float> h(convolveResponseLength(Env{48000.0f, 1.0f / 48000.0f, 0.0}));
  convolveBuiltInResponse(seed, static_cast<uint32_t>(h.size()), h.data());
  return h;
}

TEST(ConvolveTest, LatencyIsTheBlockSizeAndTheOpRowIsBlockBased) {
  const NodeInfo* node = findNode("convolution");
  ASSERT_NE(node, nullptr);
  EXPECT_EQ(node->latency, Convolve::kBlock);
  EXPECT_EQ(node->latency, 512u);
  EXPECT_EQ(findNode("lpf")->latency, 0u);
}

TEST(ConvolveTest, BuiltInResponseHasEnergyOneAndDecaysSixtyDecibels) {
  std::vector<float> h = builtInResponse(42);
  ASSERT_EQ(h.size(), 72000u); // 1.5 s at 48 kHz
  double energy = 0;
  for (float v : h) energy += static_cast<double>(v) * v;
  EXPECT_NEAR(energy, 1.0, 1e-5);
  auto rmsOf = [&](size_t from, size_t n) {
    double e = 0;
    for (size_t i = from; i < from + n; ++i) e += static_cast<double>(h[i]) * h[i];
    return std::sqrt(e / n);
  };
  // Windows of 0.05 s centred 0.025 s and 1.475 s in: 1.45 s apart, −58 dB of envelope.
  double db = 20 * std::log10(rmsOf(71600 - 2400, 2400) / rmsOf(0, 2400));
  EXPECT_NEAR(db, -58.0, 1.5);
  std::cout << "built-in response: energy " << energy << ", level 1.45 s later " << db << " dB\n";
  EXPECT_NE(builtInResponse(43)[0], h[0]); // seeded
}

TEST(ConvolveTest, AnImpulseGivesTheResponseExactlyOneBlockLate) {
  std::vector<float> h = builtInResponse(5);
  std::vector<float> input(512 + h.size() + 2048, 0.0f);
  input[0] = 1.0f;
  std::vector<float> y = runConvolve(input, 1.0f, 5);
  for (size_t i = 0; i < 512; ++i) ASSERT_EQ(y[i], 0.0f) << i;
  double worst = 0;
  for (size_t i = 0; i < h.size(); ++i) worst = std::fmax(worst, std::fabs(y[512 + i] - h[i]));
  for (size_t i = 512 + h.size(); i < y.size(); ++i) worst = std::fmax(worst, std::fabs(y[i]));
  EXPECT_LT(worst, 1e-5);
  std::cout << "impulse: max |y[n + 512] - h[n]| = " << worst << " (peak |h| "
            << *std::max_element(h.begin(), h.end()) << ")\n";
}

TEST(ConvolveTest, OutputIsTheDirectConvolutionOfTheInputOneBlockLate) {
  // Every partition and both ends of blocks: impulses at odd places and a noise burst.
  std::vector<float> h = builtInResponse(9);
  std::vector<float> x(96000, 0.0f);
  std::vector<float> burst = noise(3000, 3);
  for (size_t i = 0; i < burst.size(); ++i) x[700 + i] = 0.5f * burst[i];
  x[100] = 0.7f;
  x[511] = -0.3f;
  x[40001] = 0.9f;
  x[90000] = -1.0f;
  std::vector<float> y = runConvolve(x, 1.0f, 9);
  std::vector<size_t> nonzero;
  for (size_t j = 0; j < x.size(); ++j)
    if (x[j] != 0.0f) nonzero.push_back(j);
  double worst = 0, peak = 0;
  for (size_t n = 0; n + 512 < y.size(); ++n) {
    double direct = 0;
    for (size_t j : nonzero) {
      if (j > n) break;
      if (n - j < h.size()) direct += static_cast<double>(x[j]) * h[n - j];
    }
    worst = std::fmax(worst, std::fabs(y[n + 512] - direct));
    peak = std::fmax(peak, std::fabs(direct));
  }
  EXPECT_LT(worst, 1e-5);
  EXPECT_GT(peak, 0.05); // a loud output proves something
  std::cout << "direct convolution vs convolve: max error " << worst << " at peak " << peak << "\n";
}

TEST(ConvolveTest, MixZeroPassesTheInputUndelayedAndMixBlends) {
  std::vector<float> x = noise(4000, 17);
  EXPECT_EQ(runConvolve(x, 0.0f, 1), x);
  std::vector<float> wet = runConvolve(x, 1.0f, 1), half = runConvolve(x, 0.25f, 1);
  for (size_t i = 0; i < x.size(); ++i) ASSERT_EQ(half[i], 0.75f * x[i] + 0.25f * wet[i]) << i;
}

} // namespace
} // namespace phonon::nodes
