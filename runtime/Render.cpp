#include "phonon/rt/Render.h"

#include "phonon/rt/ThreadPool.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
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

namespace {

/// One block of a group of channels: the patch's buffers, their statistics and interleaving.
struct ChannelGroup {
  std::vector<std::vector<float>> buffers;
  std::vector<float*> pointers;
  std::vector<float> interleaved;

  ChannelGroup(unsigned channels, uint32_t block)
      : buffers(channels, std::vector<float>(block)), pointers(channels),
        interleaved(static_cast<size_t>(block) * channels) {
    for (unsigned c = 0; c < channels; ++c) pointers[c] = buffers[c].data();
  }

  /// Output integrity (LANGUAGE §9.2): a block of channels [first, first + count) holding NaN
  /// or Inf is replaced by silence; returns whether it was, the earliest such sample in `at`.
  bool muteNonFinite(unsigned first, unsigned count, uint32_t frames, uint64_t pos,
                     std::optional<NonFiniteSample>& at) {
    bool finite = true;
    for (unsigned c = first; c < first + count; ++c)
      for (uint32_t i = 0; i < frames; ++i)
        if (!std::isfinite(buffers[c][i])) {
          // The earliest sample over all channels, for the report that locates it.
          if (!at || at->frame > pos + i) at = NonFiniteSample{pos + i, c, buffers[c][i]};
          finite = false;
          break;
        }
    if (!finite)
      for (unsigned c = first; c < first + count; ++c)
        std::fill(buffers[c].begin(), buffers[c].begin() + frames, 0.0f);
    return !finite;
  }

  /// Adds the block to `stats` (one per channel) and interleaves it.
  void finish(std::vector<ChannelStats>& stats, uint32_t frames) {
    const size_t channels = buffers.size();
    for (size_t c = 0; c < channels; ++c) {
      ChannelStats& s = stats[c];
      for (uint32_t i = 0; i < frames; ++i) {
        float x = buffers[c][i];
        float a = std::fabs(x);
        s.peak = std::max(s.peak, a);
        s.sumSquares += static_cast<double>(x) * x;
        if (a > 1.0f) ++s.clipped;
        interleaved[static_cast<size_t>(i) * channels + c] = x;
      }
    }
  }
};

} // namespace

RenderStats render(Patch& patch, const RenderOptions& options, const BlockSink& sink,
                   const BlockSink& stemSink) {
  ScopedFlushDenormals flush;
  const unsigned channels = patch.channels();
  const uint32_t block = std::max<uint32_t>(1, options.blockSize);
  ChannelGroup mix(channels, block);
  // The stems' buffers only when asked for: without them the patch computes the mix alone.
  const unsigned stems = stemSink ? static_cast<unsigned>(patch.stemNames().size()) : 0;
  ChannelGroup stem(2 * stems, block);

  RenderStats stats;
  stats.channels.resize(channels);
  stats.stemChannels.resize(2 * stems);
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

    if (mix.muteNonFinite(0, channels, frames, pos, stats.firstNonFinite)) ++stats.mutedBlocks;
    mix.finish(stats.channels, frames);
    sink(mix.interleaved.data(), frames);
    if (stems) {
      std::optional<NonFiniteSample> ignored; // the mix's report locates the origin
      for (unsigned s = 0; s < stems; ++s)
        if (stem.muteNonFinite(2 * s, 2, frames, pos, ignored)) ++stats.mutedStemBlocks;
      stem.finish(stats.stemChannels, frames);
      stemSink(stem.interleaved.data(), frames);
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
  bool writeFailed = false;
  auto write = [&](AudioFileWriter* w, const float* data, uint32_t frames) {
    if (!writeFailed && !w->write(data, frames, error)) writeFailed = true;
  };
  std::vector<float> one; // one stem's pair, out of the interleaved stems
  BlockSink stemSink;
  if (!targets.stems.empty() || targets.allStems) {
    one.resize(2 * static_cast<size_t>(std::max<uint32_t>(1, options.blockSize)));
    stemSink = [&](const float* data, uint32_t frames) {
      if (targets.allStems) write(targets.allStems, data, frames);
      for (size_t s = 0; s < targets.stems.size(); ++s) {
        for (uint32_t i = 0; i < frames; ++i) {
          one[2 * i] = data[(i * stems + s) * 2];
          one[2 * i + 1] = data[(i * stems + s) * 2 + 1];
        }
        write(targets.stems[s], one.data(), frames);
      }
    };
  }
  try {
    stats = render(
        patch, options,
        [&](const float* data, uint32_t frames) {
          if (targets.mix) write(targets.mix, data, frames);
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
  out.reserve(options.frames * patch.channels());
  const unsigned channels = patch.channels();
  RenderStats s = render(patch, options, [&](const float* data, uint32_t frames) {
    out.insert(out.end(), data, data + static_cast<size_t>(frames) * channels);
  });
  if (stats) *stats = std::move(s);
  return out;
}

} // namespace phonon::rt
