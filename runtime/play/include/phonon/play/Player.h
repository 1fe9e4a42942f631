// The two ends of a playback, apart from any audio API: a render thread that keeps a ring of
// frames filled ahead of the device, and consume(), which the device's callback calls and which
// only copies out of the ring (real-time rule: no allocation, lock or I/O there). play() wires
// consume() to PortAudio; the tests call it directly.
#pragma once

#include "phonon/play/Play.h"
#include "phonon/play/RingBuffer.h"

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace phonon::play {

struct PlayerConfig {
  float sampleRate = 48000.0f;
  uint32_t blockSize = 512;
  /// The render thread keeps this many frames in the ring (rounded up to whole blocks, at
  /// least two).
  size_t aheadFrames = 2048;
  uint64_t frames = 0;       ///< frames to play, then the end; 0: until requestStop()
  uint32_t fadeFrames = 960; ///< the fade-out after requestStop()
};

class Player {
public:
  /// Allocates the ring and the render thread's block. `source` must be prepared already.
  Player(BlockSource& source, const PlayerConfig& config);
  /// Stops the render thread.
  ~Player();
  Player(const Player&) = delete;
  Player& operator=(const Player&) = delete;

  /// Starts the render thread and returns once the ring is filled ahead (or the source has
  /// ended or failed), so that the device's first callbacks find audio waiting.
  void start();
  /// Joins the render thread (it is told to stop); consume() keeps working on what is left.
  void stopRendering();

  /// The device's callback: fills `frames` frames of `channels` (1: the mix of left and right,
  /// 2, or more: left and right, the rest silent) from the ring. A gap the ring cannot fill is
  /// silence and one underrun; `deviceUnderflow` counts one the host API reported. Never
  /// allocates, locks, waits or does I/O.
  void consume(float* out, uint32_t frames, unsigned channels, bool deviceUnderflow) noexcept;

  /// Fades out over fadeFrames from the next callback on, then ends (any thread, and a signal
  /// handler's thread: it only stores an atomic).
  void requestStop() noexcept { stopRequested_.store(true, std::memory_order_release); }
  /// The end was handed to the device: the last frame, or the fade's.
  bool finished() const { return finished_.load(std::memory_order_acquire); }
  /// The source threw on the render thread: its message.
  bool failed(std::string& error) const;

  uint64_t framesPlayed() const { return played_.load(std::memory_order_relaxed); }
  uint64_t ringUnderruns() const { return underruns_.load(std::memory_order_relaxed); }
  uint64_t underrunFrames() const { return underrunFrames_.load(std::memory_order_relaxed); }
  uint64_t deviceUnderflows() const { return deviceUnderflows_.load(std::memory_order_relaxed); }
  /// The render thread has written its last frame (the source's end, or its failure).
  bool renderFinished() const { return renderDone_.load(std::memory_order_acquire); }
  bool stopRequested() const { return stopRequested_.load(std::memory_order_acquire); }
  size_t aheadFrames() const { return ahead_; }

private:
  void renderLoop() noexcept;
  /// Writes `frames` interleaved stereo frames from the ring into `out` (`channels` wide),
  /// with the fade applied; returns how many the ring had.
  uint32_t take(float* out, uint32_t frames, unsigned channels) noexcept;

  BlockSource& source_;
  PlayerConfig config_;
  size_t ahead_;
  FrameRing ring_;
  std::vector<float> block_;   ///< the render thread's block, stereo
  std::vector<float> scratch_; ///< the callback's stereo frames for a device that is not stereo
  std::thread thread_;

  std::atomic<bool> quit_{false};         ///< the render thread is to stop
  std::atomic<bool> renderDone_{false};   ///< the render thread wrote its last frame
  std::atomic<bool> renderFailed_{false}; ///< … because the source threw (error_ is set)
  std::string error_;

  // Written by the callback only (read by anyone).
  std::atomic<bool> stopRequested_{false};
  std::atomic<bool> finished_{false};
  std::atomic<uint64_t> played_{0}, underruns_{0}, underrunFrames_{0}, deviceUnderflows_{0};
  uint32_t fadePosition_ = 0; ///< frames of the fade played (callback only)
};

} // namespace phonon::play
