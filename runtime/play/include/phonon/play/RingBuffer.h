// A lock-free single-producer, single-consumer ring of interleaved audio frames: the render
// thread writes blocks into it, the audio callback reads them out. Both ends only load and store
// atomics and copy memory, so neither ever waits on the other (real-time rule: the callback
// never allocates, locks or does I/O). The storage is allocated once, by the constructor.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace phonon::play {

class FrameRing {
public:
  /// Room for at least `minFrames` frames of `channels` samples (rounded up to a power of two so
  /// that positions wrap with a mask).
  FrameRing(size_t minFrames, unsigned channels) : channels_(channels) {
    size_t capacity = 1;
    while (capacity < std::max<size_t>(minFrames, 1)) capacity <<= 1;
    mask_ = capacity - 1;
    samples_.assign(capacity * channels, 0.0f);
  }
  FrameRing(const FrameRing&) = delete;
  FrameRing& operator=(const FrameRing&) = delete;

  size_t capacity() const { return mask_ + 1; }
  unsigned channels() const { return channels_; }

  /// Frames written and not yet read. Exact from either end's own thread; from the other
  /// thread's point of view it can only be stale in that end's favour.
  size_t readable() const {
    return static_cast<size_t>(written_.load(std::memory_order_acquire) -
                               read_.load(std::memory_order_acquire));
  }
  size_t writable() const { return capacity() - readable(); }

  /// Producer: appends up to `frames` frames; returns how many fitted.
  size_t write(const float* interleaved, size_t frames) {
    const uint64_t w = written_.load(std::memory_order_relaxed);
    const uint64_t r = read_.load(std::memory_order_acquire);
    frames = std::min<size_t>(frames, capacity() - static_cast<size_t>(w - r));
    forEachPiece(w, frames, [&](size_t ringFrame, size_t offset, size_t n) {
      std::memcpy(&samples_[ringFrame * channels_], interleaved + offset * channels_,
                  n * channels_ * sizeof(float));
    });
    written_.store(w + frames, std::memory_order_release); // publishes the samples
    return frames;
  }

  /// Consumer: takes up to `frames` frames into `interleaved`; returns how many there were.
  size_t read(float* interleaved, size_t frames) {
    const uint64_t r = read_.load(std::memory_order_relaxed);
    const uint64_t w = written_.load(std::memory_order_acquire);
    frames = std::min<size_t>(frames, static_cast<size_t>(w - r));
    forEachPiece(r, frames, [&](size_t ringFrame, size_t offset, size_t n) {
      std::memcpy(interleaved + offset * channels_, &samples_[ringFrame * channels_],
                  n * channels_ * sizeof(float));
    });
    read_.store(r + frames, std::memory_order_release); // hands the space back
    return frames;
  }

private:
  /// Calls fn(ring frame, offset into the caller's frames, count) for the at most two pieces
  /// of `frames` frames from position `at`: before and after the wrap.
  template <typename Fn> void forEachPiece(uint64_t at, size_t frames, Fn fn) const {
    const size_t start = static_cast<size_t>(at) & mask_;
    const size_t first = std::min(frames, capacity() - start);
    if (first) fn(start, size_t{0}, first);
    if (frames > first) fn(size_t{0}, first, frames - first);
  }

  unsigned channels_;
  size_t mask_ = 0;
  std::vector<float> samples_;
  // Each index on its own cache line: one is written by each thread.
  alignas(64) std::atomic<uint64_t> written_{0};
  alignas(64) std::atomic<uint64_t> read_{0};
};

} // namespace phonon::play
