#include "phonon/rt/Render.h"

#include "phonon/rt/ThreadPool.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <optional>

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
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

RenderStats render(Patch& patch, const RenderOptions& options, const BlockSink& sink) {
  ScopedFlushDenormals flush;
  const unsigned channels = patch.channels();
  const uint32_t block = std::max<uint32_t>(1, options.blockSize);
  std::vector<std::vector<float>> buffers(channels, std::vector<float>(block));
  std::vector<float*> pointers(channels);
  for (unsigned c = 0; c < channels; ++c) pointers[c] = buffers[c].data();
  std::vector<float> interleaved(static_cast<size_t>(block) * channels);

  RenderStats stats;
  stats.channels.resize(channels);
  patch.init(options.sampleRate, block);
  // Workers only when there are more threads than the caller: they wait idle between blocks.
  std::optional<ThreadPool> pool;
  if (options.threads != 1) pool.emplace(options.threads);
  const double cyclesPerFrame = patch.cps().toDouble() / options.sampleRate;
  const double startCycle = patch.startCycle().toDouble();

  for (uint64_t pos = 0; pos < options.frames;) {
    uint32_t frames = static_cast<uint32_t>(std::min<uint64_t>(block, options.frames - pos));
    phonon_block_context ctx{};
    ctx.frames = frames;
    ctx.num_channels = channels;
    ctx.outputs = pointers.data();
    ctx.frame_position = pos;
    ctx.cycle_begin = startCycle + static_cast<double>(pos) * cyclesPerFrame;
    ctx.cycle_end = startCycle + static_cast<double>(pos + frames) * cyclesPerFrame;
    ctx.cps = patch.cps().toDouble();
    if (pool && pool->threads() > 1) {
      ctx.parallel_for = &ThreadPool::parallelForC;
      ctx.pool = &*pool;
    }
    patch.process(ctx);
    for (std::string w = patch.takeWarning(); !w.empty(); w = patch.takeWarning())
      stats.warnings.push_back(std::move(w));

    // Output integrity (LANGUAGE §9.2): a block with NaN or Inf is replaced by silence.
    bool finite = true;
    for (unsigned c = 0; c < channels; ++c)
      for (uint32_t i = 0; i < frames; ++i)
        if (!std::isfinite(buffers[c][i])) {
          // The earliest sample over all channels, for the report that locates it.
          if (!stats.firstNonFinite || stats.firstNonFinite->frame > pos + i)
            stats.firstNonFinite = NonFiniteSample{pos + i, c, buffers[c][i]};
          finite = false;
          break;
        }
    if (!finite) {
      ++stats.mutedBlocks;
      for (unsigned c = 0; c < channels; ++c)
        std::fill(buffers[c].begin(), buffers[c].begin() + frames, 0.0f);
    }
    for (unsigned c = 0; c < channels; ++c) {
      ChannelStats& s = stats.channels[c];
      for (uint32_t i = 0; i < frames; ++i) {
        float x = buffers[c][i];
        float a = std::fabs(x);
        s.peak = std::max(s.peak, a);
        s.sumSquares += static_cast<double>(x) * x;
        if (a > 1.0f) ++s.clipped;
        interleaved[static_cast<size_t>(i) * channels + c] = x;
      }
    }
    sink(interleaved.data(), frames);
    pos += frames;
    stats.frames = pos;
  }
  return stats;
}

bool renderToFile(Patch& patch, const RenderOptions& options, AudioFileWriter& writer,
                  RenderStats& stats, std::string& error) {
  bool writeFailed = false;
  try {
    stats = render(patch, options, [&](const float* data, uint32_t frames) {
      if (!writeFailed && !writer.write(data, frames, error)) writeFailed = true;
    });
  } catch (const std::exception& e) {
    writer.abandon();
    error = e.what();
    return false;
  } catch (...) {
    writer.abandon();
    error = "the render stopped on an unknown exception";
    return false;
  }
  if (writeFailed) {
    writer.abandon();
    return false;
  }
  return writer.commit(error);
}

std::vector<float> renderToBuffer(Patch& patch, const RenderOptions& options, RenderStats* stats) {
  std::vector<float> out;
  out.reserve(options.frames * patch.channels());
  const unsigned channels = patch.channels();
  RenderStats s = render(patch, options, [&](const float* data, uint32_t frames) {
    out.insert(out.end(), data, data + static_cast<size_t>(frames) * channels);
  });
  if (stats) *stats = std::move(s);
  return out;
}

} // namespace phonon::rt
