#include "phonon/rt/Render.h"

#include "phonon/rt/ThreadPool.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#endif
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace phonon::rt {

ScopedFlushDenormals::ScopedFlushDenormals() : saved_(0) {
#if defined(__x86_64__) || defined(__i386__)
  saved_ = _mm_getcsr();
  _mm_setcsr(saved_ | 0x8040); // FTZ (bit 15) | DAZ (bit 6)
#endif
}

ScopedFlushDenormals::~ScopedFlushDenormals() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_setcsr(saved_);
#endif
}

float RenderStats::peak() const {
  float p = 0.0f;
  for (const ChannelStats& c : channels) p = std::max(p, c.peak);
  return p;
}

double RenderStats::rms() const {
  if (frames == 0 || channels.empty()) return 0.0;
  double sum = 0.0;
  for (const ChannelStats& c : channels) sum += c.sumSquares;
  return std::sqrt(sum / static_cast<double>(frames * channels.size()));
}

uint64_t framesForSeconds(double seconds, float sampleRate) {
  return static_cast<uint64_t>(std::llround(seconds * sampleRate));
}

uint64_t framesForCycles(double cycles, Rational cps, float sampleRate) {
  return framesForSeconds(cycles / cps.toDouble(), sampleRate);
}

namespace {

constexpr size_t kLanes = 8;

/// measureBlock's eight lanes: each its own running peak, sum of squares (in double) and counts.
struct Lanes {
  float peak[kLanes] = {};
  double sum[kLanes] = {};
  uint64_t clipped[kLanes] = {};
  uint64_t nonFinite[kLanes] = {};

  /// Adds one pass's lanes (32-bit counts) to these.
  void add(const float* p, const double* d, const uint32_t* c, const uint32_t* b) {
    for (size_t k = 0; k < kLanes; ++k) {
      peak[k] = p[k] > peak[k] ? p[k] : peak[k];
      sum[k] += d[k];
      clipped[k] += c[k];
      nonFinite[k] += b[k];
    }
  }
};

#if defined(__SSE2__)
/// The whole groups of eight samples from `i` on, four lanes a register; `i` moves past them.
void measureLanesSse2(const float* samples, size_t frames, size_t& i, Lanes& lanes) {
  const __m128 absMask = _mm_castsi128_ps(_mm_set1_epi32(0x7fffffff));
  const __m128 one = _mm_set1_ps(1.0f);
  const __m128 largest = _mm_set1_ps(std::numeric_limits<float>::max());
  while (frames - i >= kLanes) {
    __m128 peak0 = _mm_setzero_ps(), peak1 = _mm_setzero_ps();
    __m128d sum0 = _mm_setzero_pd(), sum1 = sum0, sum2 = sum0, sum3 = sum0;
    __m128i clip0 = _mm_setzero_si128(), clip1 = clip0, bad0 = clip0, bad1 = clip0;
    // 32-bit counts: at most 2^30 samples a lane between flushes.
    const size_t end = i + std::min<size_t>((frames - i) / kLanes, size_t{1} << 30) * kLanes;
    for (; i < end; i += kLanes) {
      const __m128 x0 = _mm_loadu_ps(samples + i), x1 = _mm_loadu_ps(samples + i + 4);
      const __m128 a0 = _mm_and_ps(x0, absMask), a1 = _mm_and_ps(x1, absMask);
      // Comparisons give all-ones (-1) where true: subtracting counts. NaN and ±Inf are not
      // <= the largest float; they are zeroed for the peak and the sum.
      clip0 = _mm_sub_epi32(clip0, _mm_castps_si128(_mm_cmpgt_ps(a0, one)));
      clip1 = _mm_sub_epi32(clip1, _mm_castps_si128(_mm_cmpgt_ps(a1, one)));
      const __m128 inf0 = _mm_cmpnle_ps(a0, largest), inf1 = _mm_cmpnle_ps(a1, largest);
      bad0 = _mm_sub_epi32(bad0, _mm_castps_si128(inf0));
      bad1 = _mm_sub_epi32(bad1, _mm_castps_si128(inf1));
      peak0 = _mm_max_ps(_mm_andnot_ps(inf0, a0), peak0);
      peak1 = _mm_max_ps(_mm_andnot_ps(inf1, a1), peak1);
      const __m128 f0 = _mm_andnot_ps(inf0, x0), f1 = _mm_andnot_ps(inf1, x1);
      const __m128d d0 = _mm_cvtps_pd(f0), d1 = _mm_cvtps_pd(_mm_movehl_ps(f0, f0));
      const __m128d d2 = _mm_cvtps_pd(f1), d3 = _mm_cvtps_pd(_mm_movehl_ps(f1, f1));
      sum0 = _mm_add_pd(sum0, _mm_mul_pd(d0, d0));
      sum1 = _mm_add_pd(sum1, _mm_mul_pd(d1, d1));
      sum2 = _mm_add_pd(sum2, _mm_mul_pd(d2, d2));
      sum3 = _mm_add_pd(sum3, _mm_mul_pd(d3, d3));
    }
    float p[kLanes];
    double d[kLanes];
    uint32_t c[kLanes], b[kLanes];
    _mm_storeu_ps(p, peak0);
    _mm_storeu_ps(p + 4, peak1);
    _mm_storeu_pd(d, sum0);
    _mm_storeu_pd(d + 2, sum1);
    _mm_storeu_pd(d + 4, sum2);
    _mm_storeu_pd(d + 6, sum3);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(c), clip0);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(c + 4), clip1);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(b), bad0);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(b + 4), bad1);
    lanes.add(p, d, c, b);
  }
}
#endif

#if defined(__x86_64__) && defined(__GNUC__)
#define PHONON_MEASURE_AVX2 1
/// Whether the CPU has AVX2 and the OS saves the YMM registers (XCR0 bits 1 and 2): three
/// CPUID queries, when first measuring. __builtin_cpu_supports linked libgcc's constructor,
/// which queried every CPUID leaf at the start of every program and of libphonon-jit.so: about
/// 0.1 ms each in a virtual machine, where a CPUID traps (about 18 us).
bool hostHasAvx2() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid_max(0, nullptr) < 7) return false;
  __cpuid(1, a, b, c, d);
  if (!(c & bit_OSXSAVE) || !(c & bit_AVX)) return false;
  unsigned xcr0 = 0, xcr0High = 0;
  __asm__("xgetbv" : "=a"(xcr0), "=d"(xcr0High) : "c"(0));
  if ((xcr0 & 6) != 6) return false;
  __cpuid_count(7, 0, a, b, c, d);
  return (b & bit_AVX2) != 0;
}

/// The same passes with the eight lanes in one AVX register (the squares in two): the same
/// arithmetic lane by lane, so the same bits, in about half the instructions; the conversions
/// to double held the SSE2 loop back.
__attribute__((target("avx2"))) void measureLanesAvx2(const float* samples, size_t frames,
                                                      size_t& i, Lanes& lanes) {
  const __m256 absMask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
  const __m256 one = _mm256_set1_ps(1.0f);
  const __m256 largest = _mm256_set1_ps(std::numeric_limits<float>::max());
  while (frames - i >= kLanes) {
    __m256 peak = _mm256_setzero_ps();
    __m256d sumLow = _mm256_setzero_pd(), sumHigh = sumLow;
    __m256i clip = _mm256_setzero_si256(), bad = clip;
    // 32-bit counts: at most 2^30 samples a lane between flushes.
    const size_t end = i + std::min<size_t>((frames - i) / kLanes, size_t{1} << 30) * kLanes;
    for (; i < end; i += kLanes) {
      const __m256 x = _mm256_loadu_ps(samples + i);
      const __m256 a = _mm256_and_ps(x, absMask);
      clip = _mm256_sub_epi32(clip, _mm256_castps_si256(_mm256_cmp_ps(a, one, _CMP_GT_OQ)));
      // Not <= the largest float: NaN and ±Inf (_CMP_NLE_UQ, as _mm_cmpnle_ps).
      const __m256 inf = _mm256_cmp_ps(a, largest, _CMP_NLE_UQ);
      bad = _mm256_sub_epi32(bad, _mm256_castps_si256(inf));
      peak = _mm256_max_ps(_mm256_andnot_ps(inf, a), peak);
      const __m256 f = _mm256_andnot_ps(inf, x);
      const __m256d low = _mm256_cvtps_pd(_mm256_castps256_ps128(f));
      const __m256d high = _mm256_cvtps_pd(_mm256_extractf128_ps(f, 1));
      sumLow = _mm256_add_pd(sumLow, _mm256_mul_pd(low, low));
      sumHigh = _mm256_add_pd(sumHigh, _mm256_mul_pd(high, high));
    }
    float p[kLanes];
    double d[kLanes];
    uint32_t c[kLanes], b[kLanes];
    _mm256_storeu_ps(p, peak);
    _mm256_storeu_pd(d, sumLow);
    _mm256_storeu_pd(d + 4, sumHigh);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(c), clip);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(b), bad);
    lanes.add(p, d, c, b);
  }
}
#endif

} // namespace

BlockLevels measureBlock(const float* samples, size_t frames) {
  // Eight lanes, sample i in lane i % 8, each its own running peak, sum of squares (in double)
  // and counts: the AVX2 or SSE2 loop keeps them in registers, the scalar loop (the tail, or all
  // on other hosts) does the same arithmetic lane by lane, so all give the same bits.
  Lanes lanes;
  size_t i = 0;
#if defined(PHONON_MEASURE_AVX2)
  static const bool avx2 = hostHasAvx2();
  if (avx2)
    measureLanesAvx2(samples, frames, i, lanes);
  else
    measureLanesSse2(samples, frames, i, lanes);
#elif defined(__SSE2__)
  measureLanesSse2(samples, frames, i, lanes);
#endif
  for (; i < frames; ++i) {
    const size_t k = i % kLanes;
    const float x = samples[i];
    const float a = std::fabs(x);
    lanes.clipped[k] += a > 1.0f;
    const bool finite = a <= std::numeric_limits<float>::max();
    lanes.nonFinite[k] += !finite;
    const float f = finite ? x : 0.0f;
    lanes.peak[k] = std::fabs(f) > lanes.peak[k] ? std::fabs(f) : lanes.peak[k];
    lanes.sum[k] += static_cast<double>(f) * f;
  }
  BlockLevels levels;
  for (size_t k = 0; k < kLanes; ++k) {
    levels.peak = std::max(levels.peak, lanes.peak[k]);
    levels.sumSquares += lanes.sum[k];
    levels.clipped += lanes.clipped[k];
    levels.finite = levels.finite && lanes.nonFinite[k] == 0;
  }
  return levels;
}

void addLevels(ChannelStats& stats, const BlockLevels& block) {
  stats.peak = std::max(stats.peak, block.peak);
  stats.sumSquares += block.sumSquares;
  stats.clipped += block.clipped;
}

namespace {

/// The frames a group's interleaved chunk holds: whole blocks, about 256 KiB, so that a file is
/// written in a few large pieces.
uint32_t chunkFrames(unsigned channels, uint32_t block) {
  constexpr size_t kChunkBytes = size_t{256} << 10;
  const size_t perFrame = sizeof(float) * std::max(1u, channels);
  const size_t blocks = std::max<size_t>(1, kChunkBytes / perFrame / block);
  return static_cast<uint32_t>(blocks * block);
}

/// One group of channels: the patch's buffers for a block, and the chunk of blocks, interleaved,
/// that goes to the sink.
struct ChannelGroup {
  std::vector<std::vector<float>> buffers;
  std::vector<float*> pointers;
  std::vector<BlockLevels> levels; ///< this block's, per channel
  std::vector<float> interleaved;
  unsigned written = 0;     ///< the channels the sink receives: the first `written` buffers
  uint32_t blockFrames = 0; ///< frames of each buffer
  uint32_t capacity = 0;    ///< frames of `interleaved`
  uint32_t pending = 0;     ///< frames in `interleaved` not yet given to the sink

  ChannelGroup(unsigned channels, uint32_t block, unsigned writtenChannels)
      : buffers(channels, std::vector<float>(block)), pointers(channels), levels(channels),
        written(writtenChannels), blockFrames(block), capacity(chunkFrames(written, block)) {
    interleaved.resize(static_cast<size_t>(capacity) * written);
    for (unsigned c = 0; c < channels; ++c) pointers[c] = buffers[c].data();
  }
  ChannelGroup(unsigned channels, uint32_t block) : ChannelGroup(channels, block, channels) {}

  /// The mix's channels averaged into the first, as the `mono` node does: (L + R)/2.
  void downmix(uint32_t frames) {
    if (buffers.size() != 2) return;
    float* l = buffers[0].data();
    const float* r = buffers[1].data();
    for (uint32_t i = 0; i < frames; ++i) l[i] = (l[i] + r[i]) * 0.5f;
  }

  /// Adds the block of channels [first, first + count) to their `stats`. Output integrity
  /// (LANGUAGE §9.2): a block holding NaN or Inf is replaced by silence instead and adds
  /// nothing; returns whether it was, the earliest such sample in `at`.
  bool measure(unsigned first, unsigned count, uint32_t frames, uint64_t pos,
               std::vector<ChannelStats>& stats, std::optional<NonFiniteSample>& at) {
    bool finite = true;
    for (unsigned c = first; c < first + count; ++c) {
      // A channel with the bits of the one before it (a mono signal on both sides of the mix)
      // has its levels: comparing costs a fraction of measuring.
      if (c > first &&
          std::memcmp(buffers[c].data(), buffers[c - 1].data(), sizeof(float) * frames) == 0)
        levels[c] = levels[c - 1];
      else
        levels[c] = measureBlock(buffers[c].data(), frames);
      finite = finite && levels[c].finite;
    }
    if (finite) {
      for (unsigned c = first; c < first + count; ++c) addLevels(stats[c], levels[c]);
      return false;
    }
    for (unsigned c = first; c < first + count; ++c) {
      if (!levels[c].finite)
        for (uint32_t i = 0; i < frames; ++i)
          if (!std::isfinite(buffers[c][i])) {
            // The earliest sample over all channels, for the report that locates it.
            if (!at || at->frame > pos + i) at = NonFiniteSample{pos + i, c, buffers[c][i]};
            break;
          }
      std::fill(buffers[c].begin(), buffers[c].begin() + frames, 0.0f);
    }
    return true;
  }

  /// Appends the block to the chunk, interleaved; hands the chunk to `sink` when the next block
  /// might not fit, or when `last`.
  void append(uint32_t frames, bool last, const ChunkSink& sink) {
    const size_t channels = written;
    float* out = interleaved.data() + static_cast<size_t>(pending) * channels;
    if (channels == 2) {
      const float* l = pointers[0];
      const float* r = pointers[1];
      uint32_t i = 0;
#if defined(__SSE2__)
      for (; i + 4 <= frames; i += 4) {
        const __m128 left = _mm_loadu_ps(l + i), right = _mm_loadu_ps(r + i);
        _mm_storeu_ps(out + 2 * i, _mm_unpacklo_ps(left, right));
        _mm_storeu_ps(out + 2 * i + 4, _mm_unpackhi_ps(left, right));
      }
#endif
      for (; i < frames; ++i) {
        out[2 * i] = l[i];
        out[2 * i + 1] = r[i];
      }
    } else if (channels == 1) {
      std::copy(pointers[0], pointers[0] + frames, out);
    } else {
      for (size_t c = 0; c < channels; ++c) {
        const float* in = pointers[c];
        for (uint32_t i = 0; i < frames; ++i) out[i * channels + c] = in[i];
      }
    }
    pending += frames;
    if (last || pending + blockFrames > capacity) {
      sink(interleaved, pending);
      // The sink may have kept the chunk and given back a smaller buffer (allocated once).
      interleaved.resize(static_cast<size_t>(capacity) * written);
      pending = 0;
    }
  }
};

} // namespace

RenderStats render(Patch& patch, const RenderOptions& options, const BlockSink& sink,
                   const BlockSink& stemSink) {
  return renderChunks(
      patch, options,
      [&](std::vector<float>& chunk, uint32_t frames) { sink(chunk.data(), frames); }, stemSink);
}

RenderStats renderChunks(Patch& patch, const RenderOptions& options, const ChunkSink& sink,
                         const BlockSink& stemSink) {
  ScopedFlushDenormals flush;
  const unsigned channels = patch.channels();
  const uint32_t block = std::max<uint32_t>(1, options.blockSize);
  // What the sink receives: the patch's channels, or with `mono` their average alone.
  const unsigned written = options.mono && channels == 2 ? 1 : channels;
  ChannelGroup mix(channels, block, written);
  // The stems' buffers only when asked for: without them the patch computes the mix alone.
  const unsigned stems = stemSink ? static_cast<unsigned>(patch.stemNames().size()) : 0;
  ChannelGroup stem(2 * stems, block);
  const ChunkSink stemChunks = [&](std::vector<float>& chunk, uint32_t frames) {
    stemSink(chunk.data(), frames);
  };

  RenderStats stats;
  stats.channels.resize(written);
  stats.stemChannels.resize(2 * stems);
  // Workers only when there are more threads than the caller: they wait idle between blocks,
  // and help init() before the first.
  std::optional<ThreadPool> pool;
  if (options.threads != 1) pool.emplace(options.threads);
  patch.init(options.sampleRate, block, pool ? &*pool : nullptr);
  const double cyclesPerFrame = patch.cps().toDouble() / options.sampleRate;
  const double startCycle = patch.startCycle().toDouble();

  for (uint64_t pos = 0; pos < options.frames;) {
    uint32_t frames = static_cast<uint32_t>(std::min<uint64_t>(block, options.frames - pos));
    phonon_block_context ctx{};
    ctx.frames = frames;
    ctx.num_channels = channels;
    ctx.outputs = mix.pointers.data();
    ctx.frame_position = pos;
    ctx.cycle_begin = startCycle + static_cast<double>(pos) * cyclesPerFrame;
    ctx.cycle_end = startCycle + static_cast<double>(pos + frames) * cyclesPerFrame;
    ctx.cps = patch.cps().toDouble();
    ctx.voice_pitch = 1.0f;
    if (pool && pool->threads() > 1) {
      ctx.parallel_for = &ThreadPool::parallelForC;
      ctx.pool = &*pool;
    }
    if (stems) ctx.stem_outputs = stem.pointers.data();
    patch.process(ctx);
    for (std::string w = patch.takeWarning(); !w.empty(); w = patch.takeWarning())
      stats.warnings.push_back(std::move(w));

    const bool last = pos + frames == options.frames;
    if (written != channels) mix.downmix(frames);
    if (mix.measure(0, written, frames, pos, stats.channels, stats.firstNonFinite))
      ++stats.mutedBlocks;
    mix.append(frames, last, sink);
    if (stems) {
      std::optional<NonFiniteSample> ignored; // the mix's report locates the origin
      for (unsigned s = 0; s < stems; ++s)
        if (stem.measure(2 * s, 2, frames, pos, stats.stemChannels, ignored))
          ++stats.mutedStemBlocks;
      stem.append(frames, last, stemChunks);
    }
    pos += frames;
    stats.frames = pos;
    if (options.progress) options.progress(pos);
  }
  return stats;
}

bool renderToFile(Patch& patch, const RenderOptions& options, AudioFileWriter& writer,
                  RenderStats& stats, std::string& error) {
  RenderTargets targets;
  targets.mix = &writer;
  return renderToFiles(patch, options, targets, stats, error);
}

bool renderToFiles(Patch& patch, const RenderOptions& options, const RenderTargets& targets,
                   RenderStats& stats, std::string& error) {
  std::vector<AudioFileWriter*> all;
  if (targets.mix) all.push_back(targets.mix);
  all.insert(all.end(), targets.stems.begin(), targets.stems.end());
  if (targets.allStems) all.push_back(targets.allStems);
  auto abandonAll = [&] {
    for (AudioFileWriter* w : all) w->abandon();
  };
  const size_t stems = patch.stemNames().size();
  if (!targets.stems.empty() && targets.stems.size() != stems) {
    abandonAll();
    error = "the patch has " + std::to_string(stems) + " stems, not " +
            std::to_string(targets.stems.size());
    return false;
  }
  // The files the patch's nodes write (`tap`): opened now, written from their buffers after
  // the render, committed with the others.
  std::vector<TapFile> taps = patch.taps();
  std::vector<std::unique_ptr<AudioFileWriter>> tapWriters;
  auto samePath = [](const std::string& a, const std::string& b) {
    std::error_code ec;
    return std::filesystem::absolute(a, ec).lexically_normal() ==
           std::filesystem::absolute(b, ec).lexically_normal();
  };
  for (const TapFile& tap : taps) {
    for (AudioFileWriter* w : all)
      if (samePath(w->path(), tap.path)) {
        abandonAll();
        error = "`tap` writes \"" + tap.path + "\", which the render writes too";
        return false;
      }
    auto writer = std::make_unique<AudioFileWriter>();
    if (!writer->open(tap.path, AudioFormat::Wav, tap.channels,
                      static_cast<unsigned>(options.sampleRate), error)) {
      abandonAll();
      error = "`tap`: " + error;
      return false;
    }
    all.push_back(writer.get());
    tapWriters.push_back(std::move(writer));
  }
  // The render's own files are written while it goes on (the taps, in one piece after it),
  // when it fills several chunks: for one or two, the thread would only be started and waited
  // for (on a busy machine, waited for until it is scheduled).
  constexpr uint64_t kMinBackgroundBytes = uint64_t{1} << 20;
  if (options.frames * patch.channels() * sizeof(float) >= kMinBackgroundBytes)
    for (size_t i = 0; i < all.size() - tapWriters.size(); ++i) all[i]->writeInBackground();
  bool writeFailed = false;
  auto write = [&](AudioFileWriter* w, const float* data, uint32_t frames) {
    if (!writeFailed && !w->write(data, frames, error)) writeFailed = true;
  };
  std::vector<float> one; // one stem's pair, out of the interleaved stems
  BlockSink stemSink;
  if (!targets.stems.empty() || targets.allStems) {
    constexpr uint32_t kPairFrames = 16384;
    one.resize(2 * kPairFrames);
    stemSink = [&](const float* data, uint32_t frames) {
      if (targets.allStems) write(targets.allStems, data, frames);
      for (size_t s = 0; s < targets.stems.size(); ++s)
        for (uint32_t at = 0; at < frames; at += kPairFrames) {
          const uint32_t n = std::min(kPairFrames, frames - at);
          for (uint32_t i = 0; i < n; ++i) {
            one[2 * i] = data[((at + i) * stems + s) * 2];
            one[2 * i + 1] = data[((at + i) * stems + s) * 2 + 1];
          }
          write(targets.stems[s], one.data(), n);
        }
    };
  }
  try {
    stats = renderChunks(
        patch, options,
        [&](std::vector<float>& chunk, uint32_t frames) {
          // The writer takes the chunk itself to its thread (writeInBackground).
          if (targets.mix && !writeFailed && !targets.mix->write(chunk, frames, error))
            writeFailed = true;
        },
        stemSink);
  } catch (const std::exception& e) {
    abandonAll();
    error = e.what();
    return false;
  } catch (...) {
    abandonAll();
    error = "the render stopped on an unknown exception";
    return false;
  }
  // Each tap's buffer as its node filled it: the frames rendered, at most its length.
  taps = patch.taps();
  stats.taps.clear();
  for (size_t t = 0; t < taps.size() && !writeFailed; ++t) {
    uint64_t frames = taps[t].samples ? std::min(taps[t].frames, stats.frames) : 0;
    if (frames && !tapWriters[t]->write(taps[t].samples, frames, error)) writeFailed = true;
    stats.taps.push_back({taps[t].path, frames, taps[t].channels});
  }
  if (writeFailed) {
    abandonAll();
    return false;
  }
  // Every file complete before any is renamed into place; a rename that fails then takes the
  // ones already renamed with it.
  for (AudioFileWriter* w : all)
    if (!w->finish(error)) {
      abandonAll();
      return false;
    }
  for (size_t i = 0; i < all.size(); ++i)
    if (!all[i]->commit(error)) {
      for (size_t j = 0; j < i; ++j) std::remove(all[j]->path().c_str());
      abandonAll();
      return false;
    }
  return true;
}

std::vector<float> renderToBuffer(Patch& patch, const RenderOptions& options, RenderStats* stats) {
  std::vector<float> out;
  const unsigned channels = options.mono && patch.channels() == 2 ? 1 : patch.channels();
  out.reserve(options.frames * channels);
  RenderStats s = render(patch, options, [&](const float* data, uint32_t frames) {
    out.insert(out.end(), data, data + static_cast<size_t>(frames) * channels);
  });
  if (stats) *stats = std::move(s);
  return out;
}

} // namespace phonon::rt
