#include "phonon/play/Player.h"

#include "phonon/rt/Render.h"

#include <algorithm>
#include <chrono>
#include <exception>

namespace phonon::play {

namespace {

/// Frames of a mono or multichannel device's callback converted per pass (the scratch size).
constexpr uint32_t kScratchFrames = 256;

size_t wholeBlocksAhead(size_t frames, uint32_t block) {
  const size_t blocks = std::max<size_t>(2, (frames + block - 1) / block);
  return blocks * block;
}

} // namespace

Player::Player(BlockSource& source, const PlayerConfig& config)
    : source_(source), config_(config),
      ahead_(wholeBlocksAhead(config.aheadFrames, std::max<uint32_t>(1, config.blockSize))),
      ring_(ahead_ + config.blockSize, 2),
      block_(2 * static_cast<size_t>(std::max<uint32_t>(1, config.blockSize))),
      scratch_(2 * kScratchFrames) {
  config_.blockSize = std::max<uint32_t>(1, config_.blockSize);
}

Player::~Player() {
  stopRendering();
}

void Player::start() {
  thread_ = std::thread([this] { renderLoop(); });
  const size_t target =
      config_.frames ? static_cast<size_t>(std::min<uint64_t>(ahead_, config_.frames)) : ahead_;
  while (!renderDone_.load(std::memory_order_acquire) && ring_.readable() < target)
    std::this_thread::sleep_for(std::chrono::microseconds(500));
}

void Player::stopRendering() {
  quit_.store(true, std::memory_order_release);
  if (thread_.joinable()) thread_.join();
}

bool Player::failed(std::string& error) const {
  if (!renderFailed_.load(std::memory_order_acquire)) return false;
  error = error_;
  return true;
}

void Player::renderLoop() noexcept {
  rt::ScopedFlushDenormals flush; // the source's arithmetic, as on the offline render's thread
  // Nap for a quarter of a block between looks at the ring: a block's room opens up at most
  // that late, and the thread stays idle in between.
  const double blockSeconds = config_.blockSize / static_cast<double>(config_.sampleRate);
  const auto nap = std::chrono::duration<double>(std::clamp(blockSeconds / 4, 250e-6, 2e-3));
  uint64_t produced = 0;
  try {
    while (!quit_.load(std::memory_order_acquire)) {
      if (config_.frames && produced >= config_.frames) break;
      uint32_t frames = config_.blockSize;
      if (config_.frames)
        frames = static_cast<uint32_t>(std::min<uint64_t>(frames, config_.frames - produced));
      if (ring_.readable() + frames > ahead_) {
        std::this_thread::sleep_for(nap);
        continue;
      }
      source_.render(block_.data(), frames);
      ring_.write(block_.data(), frames); // fits: the ring holds ahead_ and a block more
      produced += frames;
    }
  } catch (const std::exception& e) {
    error_ = e.what();
    renderFailed_.store(true, std::memory_order_release);
  } catch (...) {
    error_ = "the source stopped on an unknown exception";
    renderFailed_.store(true, std::memory_order_release);
  }
  renderDone_.store(true, std::memory_order_release);
}

uint32_t Player::take(float* out, uint32_t frames, unsigned channels) noexcept {
  const bool fading = stopRequested_.load(std::memory_order_acquire);
  uint32_t got = 0;
  while (got < frames) {
    if (fading && fadePosition_ >= config_.fadeFrames) {
      finished_.store(true, std::memory_order_release);
      break;
    }
    // A stereo device reads straight into its buffer; any other through the scratch frames.
    const bool direct = channels == 2;
    float* stereo = direct ? out + 2 * static_cast<size_t>(got) : scratch_.data();
    uint32_t want = direct ? frames - got : std::min(frames - got, kScratchFrames);
    if (fading) want = std::min(want, config_.fadeFrames - fadePosition_);
    const uint32_t n = static_cast<uint32_t>(ring_.read(stereo, want));
    if (fading) {
      for (uint32_t i = 0; i < n; ++i) {
        const float gain = 1.0f - static_cast<float>(fadePosition_ + i) / config_.fadeFrames;
        stereo[2 * i] *= gain;
        stereo[2 * i + 1] *= gain;
      }
      fadePosition_ += n;
    }
    if (!direct) {
      float* to = out + static_cast<size_t>(got) * channels;
      for (uint32_t i = 0; i < n; ++i, to += channels) {
        if (channels == 1) {
          to[0] = 0.5f * (stereo[2 * i] + stereo[2 * i + 1]);
          continue;
        }
        to[0] = stereo[2 * i];
        to[1] = stereo[2 * i + 1];
        std::fill(to + 2, to + channels, 0.0f);
      }
    }
    got += n;
    if (n < want) break; // the ring is empty
  }
  played_.fetch_add(got, std::memory_order_relaxed);
  return got;
}

void Player::consume(float* out, uint32_t frames, unsigned channels,
                     bool deviceUnderflow) noexcept {
  if (deviceUnderflow) deviceUnderflows_.fetch_add(1, std::memory_order_relaxed);
  uint32_t got = 0;
  if (!finished_.load(std::memory_order_relaxed)) got = take(out, frames, channels);
  std::fill(out + static_cast<size_t>(got) * channels, out + static_cast<size_t>(frames) * channels,
            0.0f);
  if (finished_.load(std::memory_order_relaxed)) return;
  // The render thread's last write happens before its done flag: with the flag seen, an empty
  // ring is the end of the source (or its failure), not a gap.
  if (renderDone_.load(std::memory_order_acquire) && ring_.readable() == 0) {
    finished_.store(true, std::memory_order_release);
    return;
  }
  if (got < frames && !stopRequested_.load(std::memory_order_acquire)) {
    underruns_.fetch_add(1, std::memory_order_relaxed);
    underrunFrames_.fetch_add(frames - got, std::memory_order_relaxed);
  }
}

} // namespace phonon::play
