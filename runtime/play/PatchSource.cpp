#include "phonon/play/PatchSource.h"

#include <algorithm>
#include <cmath>

namespace phonon::play {

PatchSource::PatchSource(rt::Patch& patch, unsigned threads) : patch_(patch), threads_(threads) {}

void PatchSource::prepare(float sampleRate, uint32_t maxFrames) {
  const unsigned channels = std::max(1u, patch_.channels());
  buffers_.assign(channels, std::vector<float>(maxFrames));
  pointers_.resize(channels);
  for (unsigned c = 0; c < channels; ++c) pointers_[c] = buffers_[c].data();
  // Workers only when there are more threads than the render thread (as the offline render).
  if (threads_ != 1) pool_ = std::make_unique<rt::ThreadPool>(threads_);
  patch_.init(sampleRate, maxFrames, pool_.get());
  cps_ = patch_.cps().toDouble();
  cyclesPerFrame_ = cps_ / sampleRate;
  startCycle_ = patch_.startCycle().toDouble();
  position_ = 0;
}

void PatchSource::render(float* out, uint32_t frames) {
  const unsigned channels = static_cast<unsigned>(buffers_.size());
  phonon_block_context ctx{};
  ctx.frames = frames;
  ctx.num_channels = channels;
  ctx.outputs = pointers_.data();
  ctx.frame_position = position_;
  ctx.cycle_begin = startCycle_ + static_cast<double>(position_) * cyclesPerFrame_;
  ctx.cycle_end = startCycle_ + static_cast<double>(position_ + frames) * cyclesPerFrame_;
  ctx.cps = cps_;
  ctx.voice_pitch = 1.0f;
  if (pool_ && pool_->threads() > 1) {
    ctx.parallel_for = &rt::ThreadPool::parallelForC;
    ctx.pool = pool_.get();
  }
  patch_.process(ctx);
  position_ += frames;
  for (std::string w = patch_.takeWarning(); !w.empty(); w = patch_.takeWarning()) {
    std::lock_guard<std::mutex> lock(warningsMutex_);
    warnings_.push_back(std::move(w));
  }

  // LANGUAGE §9.2: a block holding NaN or ±Inf is silence, never a blast at the loudspeaker.
  bool finite = true;
  for (unsigned c = 0; c < channels && finite; ++c)
    for (uint32_t i = 0; i < frames; ++i)
      if (!std::isfinite(buffers_[c][i])) {
        finite = false;
        break;
      }
  if (!finite) {
    ++mutedBlocks_;
    std::fill(out, out + 2 * static_cast<size_t>(frames), 0.0f);
    return;
  }
  // A mono patch plays on both sides; beyond two channels only the first pair is the mix.
  const float* left = buffers_[0].data();
  const float* right = buffers_[channels > 1 ? 1 : 0].data();
  for (uint32_t i = 0; i < frames; ++i) {
    out[2 * i] = left[i];
    out[2 * i + 1] = right[i];
    const float a = std::max(std::fabs(left[i]), std::fabs(right[i]));
    peak_ = std::max(peak_, a);
    clipped_ += (std::fabs(left[i]) > 1.0f) + (std::fabs(right[i]) > 1.0f);
  }
}

void PatchSource::idle() {
  std::vector<std::string> warnings;
  {
    std::lock_guard<std::mutex> lock(warningsMutex_);
    warnings.swap(warnings_);
  }
  if (onWarning)
    for (const std::string& w : warnings) onWarning(w);
}

} // namespace phonon::play
