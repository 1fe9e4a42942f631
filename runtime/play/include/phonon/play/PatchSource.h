// A patch as a BlockSource: its blocks, with the offline render's output rules (a block holding
// NaN or ±Inf is muted, LANGUAGE §9.2), and the patch's warnings handed to the playing thread.
#pragma once

#include "phonon/play/Play.h"
#include "phonon/rt/Patch.h"
#include "phonon/rt/ThreadPool.h"

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace phonon::play {

class PatchSource final : public BlockSource {
public:
  /// `threads`: threads for the patch's parallel batches, the render thread included (0: one
  /// per core), as RenderOptions::threads.
  explicit PatchSource(rt::Patch& patch, unsigned threads = 1);

  void prepare(float sampleRate, uint32_t maxFrames) override;
  void render(float* interleavedStereo, uint32_t frames) override;
  /// Hands each warning the patch produced (once each) to onWarning.
  void idle() override;

  /// Receives the patch's warnings on the thread that plays (not the render thread).
  std::function<void(const std::string&)> onWarning;

  /// What was rendered, to read once play() has returned.
  uint64_t mutedBlocks() const { return mutedBlocks_; }
  uint64_t clippedSamples() const { return clipped_; } ///< |x| > 1, before the device clips
  float peak() const { return peak_; }

private:
  rt::Patch& patch_;
  unsigned threads_;
  std::unique_ptr<rt::ThreadPool> pool_;
  std::vector<std::vector<float>> buffers_;
  std::vector<float*> pointers_;
  double cyclesPerFrame_ = 0.0, startCycle_ = 0.0, cps_ = 0.0;
  uint64_t position_ = 0;
  uint64_t mutedBlocks_ = 0, clipped_ = 0;
  float peak_ = 0.0f;
  // From the render thread to idle(): neither is the device's callback, so a lock is fine.
  std::mutex warningsMutex_;
  std::vector<std::string> warnings_;
};

} // namespace phonon::play
