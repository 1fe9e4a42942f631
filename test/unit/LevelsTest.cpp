// The render's level statistics (rt::measureBlock, LANGUAGE §9.2): the vectorised pass (AVX2
// where the host has it, else SSE2: both must give the lane-ordered sum's bits) against
// a sample-by-sample reference on random data with NaN, ±Inf and samples beyond full scale, and
// a whole render's statistics and muting against its own output, in chunks of several blocks.
#include "phonon/rt/Render.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <random>

namespace phonon::test {
namespace {

/// The levels the plain way: one sample after another, the sum of squares in one running sum.
rt::BlockLevels referenceLevels(const std::vector<float>& x) {
  rt::BlockLevels r;
  for (float v : x) {
    if (!std::isfinite(v)) {
      r.finite = false;
      if (std::isinf(v)) ++r.clipped;
      continue;
    }
    r.peak = std::max(r.peak, std::fabs(v));
    r.sumSquares += static_cast<double>(v) * v;
    if (std::fabs(v) > 1.0f) ++r.clipped;
  }
  return r;
}

/// The same sum of squares in the order measureBlock promises: lane i % 8, lanes added last.
double laneSumOfSquares(const std::vector<float>& x) {
  double lanes[8] = {};
  for (size_t i = 0; i < x.size(); ++i)
    if (std::isfinite(x[i])) lanes[i % 8] += static_cast<double>(x[i]) * x[i];
  double sum = 0.0;
  for (double lane : lanes) sum += lane;
  return sum;
}

std::vector<float> randomSamples(std::mt19937& rng, size_t n, float range) {
  std::uniform_real_distribution<float> value(-range, range);
  std::vector<float> x(n);
  for (float& v : x) v = value(rng);
  return x;
}

void expectLevels(const std::vector<float>& x, const std::string& what) {
  SCOPED_TRACE(what + ", " + std::to_string(x.size()) + " samples");
  const rt::BlockLevels got = rt::measureBlock(x.data(), x.size());
  const rt::BlockLevels want = referenceLevels(x);
  EXPECT_EQ(got.finite, want.finite);
  EXPECT_EQ(got.peak, want.peak);
  EXPECT_EQ(got.clipped, want.clipped);
  EXPECT_EQ(got.sumSquares, laneSumOfSquares(x));
  EXPECT_NEAR(got.sumSquares, want.sumSquares, 1e-12 * want.sumSquares);
}

// Every length around the eight lanes and the vector loop's edges, and whole blocks.
const size_t kLengths[] = {0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 64, 100, 511, 512, 513, 4099};

TEST(LevelsTest, RandomBlocksMatchTheReference) {
  std::mt19937 rng(15);
  for (size_t n : kLengths)
    for (float range : {0.5f, 1.5f, 1e30f}) expectLevels(randomSamples(rng, n, range), "random");
}

TEST(LevelsTest, FullScaleIsNotClippedAndBeyondIs) {
  std::vector<float> x = {
      1.0f, -1.0f, 0.5f, std::nextafter(1.0f, 2.0f), -1.25f, 0.0f, -0.0f, 1.0f, 1.0f, -1.0f,
      2.0f, 0.0f,  0.0f};
  expectLevels(x, "full scale");
  EXPECT_EQ(rt::measureBlock(x.data(), x.size()).clipped, 3u);
}

TEST(LevelsTest, NaNAndInfinityAnywhereMakeTheBlockNonFinite) {
  const float kinds[] = {
      std::numeric_limits<float>::quiet_NaN(), -std::numeric_limits<float>::quiet_NaN(),
      std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity()};
  std::mt19937 rng(9);
  for (size_t n : kLengths) {
    if (n == 0) continue;
    for (float bad : kinds) {
      // At the first sample, the last (the scalar tail) and one in between.
      for (size_t at : {size_t{0}, n - 1, n / 2}) {
        std::vector<float> x = randomSamples(rng, n, 1.2f);
        x[at] = bad;
        expectLevels(x, "non-finite at " + std::to_string(at));
        EXPECT_FALSE(rt::measureBlock(x.data(), x.size()).finite);
      }
    }
  }
  // A block of NaN only: no peak, nothing summed.
  std::vector<float> nan(40, std::numeric_limits<float>::quiet_NaN());
  expectLevels(nan, "all NaN");
}

/// Random stereo or multichannel blocks, a block of NaN now and then, a few beyond full scale;
/// with `copies`, every channel holds channel 0's samples in every other block.
class NoisyPatch : public rt::Patch {
public:
  explicit NoisyPatch(unsigned channels, bool copies) : channels_(channels), copies_(copies) {}
  unsigned channels() const override { return channels_; }
  Rational cps() const override { return Rational(1, 2); }
  Rational startCycle() const override { return Rational(0); }
  void init(float, uint32_t) override { rng_.seed(4); }
  void process(const phonon_block_context& ctx) override {
    std::uniform_real_distribution<float> value(-1.1f, 1.1f);
    const bool poisoned = ctx.frame_position / ctx.frames % 5 == 3;
    for (unsigned c = 0; c < channels_; ++c)
      for (uint32_t i = 0; i < ctx.frames; ++i) ctx.outputs[c][i] = value(rng_);
    if (copies_ && ctx.frame_position / ctx.frames % 2 == 0)
      for (unsigned c = 1; c < channels_; ++c)
        std::copy(ctx.outputs[0], ctx.outputs[0] + ctx.frames, ctx.outputs[c]);
    if (poisoned) ctx.outputs[channels_ - 1][ctx.frames / 2] = std::nanf("");
  }

private:
  unsigned channels_;
  bool copies_;
  std::mt19937 rng_;
};

/// A render of NoisyPatch: its statistics against those of what it wrote, channel by channel.
void expectStatisticsOfTheOutput(bool copies) {
  for (unsigned channels : {1u, 2u, 3u})
    for (uint32_t block : {64u, 500u}) {
      SCOPED_TRACE(std::to_string(channels) + " channels, blocks of " + std::to_string(block));
      // What the patch computes, block by block, before any muting.
      NoisyPatch reference(channels, copies);
      reference.init(48000.0f, block);
      rt::RenderOptions options;
      options.frames = 100003; // not whole blocks, and more than one chunk
      options.blockSize = block;
      std::vector<float> expected;
      uint64_t mutedBlocks = 0;
      std::optional<uint64_t> firstNaN;
      std::vector<std::vector<float>> buffers(channels, std::vector<float>(block));
      std::vector<float*> pointers;
      for (auto& b : buffers) pointers.push_back(b.data());
      for (uint64_t pos = 0; pos < options.frames; pos += block) {
        phonon_block_context ctx{};
        ctx.frames = static_cast<uint32_t>(std::min<uint64_t>(block, options.frames - pos));
        ctx.frame_position = pos;
        ctx.outputs = pointers.data();
        reference.process(ctx);
        bool finite = true;
        for (unsigned c = 0; c < channels; ++c)
          for (uint32_t i = 0; i < ctx.frames; ++i)
            if (!std::isfinite(buffers[c][i])) {
              finite = false;
              if (!firstNaN) firstNaN = pos + i;
            }
        mutedBlocks += !finite;
        for (uint32_t i = 0; i < ctx.frames; ++i)
          for (unsigned c = 0; c < channels; ++c) expected.push_back(finite ? buffers[c][i] : 0.0f);
      }

      NoisyPatch patch(channels, copies);
      rt::RenderStats stats;
      std::vector<float> out = rt::renderToBuffer(patch, options, &stats);
      ASSERT_EQ(out.size(), expected.size());
      EXPECT_EQ(std::memcmp(out.data(), expected.data(), out.size() * sizeof(float)), 0);
      EXPECT_EQ(stats.frames, options.frames);
      EXPECT_EQ(stats.mutedBlocks, mutedBlocks);
      ASSERT_TRUE(stats.firstNonFinite);
      EXPECT_EQ(stats.firstNonFinite->frame, *firstNaN);
      EXPECT_EQ(stats.firstNonFinite->channel, channels - 1);
      EXPECT_TRUE(std::isnan(stats.firstNonFinite->value));
      ASSERT_EQ(stats.channels.size(), channels);
      double total = 0.0;
      for (unsigned c = 0; c < channels; ++c) {
        std::vector<float> one;
        for (size_t i = c; i < expected.size(); i += channels) one.push_back(expected[i]);
        const rt::BlockLevels want = referenceLevels(one);
        EXPECT_EQ(stats.channels[c].peak, want.peak) << "channel " << c;
        EXPECT_EQ(stats.channels[c].clipped, want.clipped) << "channel " << c;
        EXPECT_NEAR(stats.channels[c].sumSquares, want.sumSquares, 1e-12 * want.sumSquares);
        total += want.sumSquares;
      }
      EXPECT_NEAR(stats.rms(), std::sqrt(total / static_cast<double>(expected.size())), 1e-12);
    }
}

TEST(LevelsTest, RenderStatisticsAreThoseOfItsOutput) {
  expectStatisticsOfTheOutput(/*copies=*/false);
}

// A channel with the bits of the one before it gets that one's levels without measuring them
// again (the mono signal on both sides of a stereo mix): the same statistics.
TEST(LevelsTest, AChannelThatCopiesTheOneBeforeHasItsStatistics) {
  expectStatisticsOfTheOutput(/*copies=*/true);
}

} // namespace
} // namespace phonon::test
