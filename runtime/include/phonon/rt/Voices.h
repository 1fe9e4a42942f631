// Voices (LANGUAGE §8.2–8.4): each sound pattern of a patch (an IR `voices` slot) is a player;
// every onset fragment of its events starts a voice, and the player's output is the stereo sum
// of its voices. Once per block the engine queries each sound pattern, starts the voices at
// their exact onset samples and renders every player into a left and a right buffer, which the
// compiled code (or the interpreter) reads as the `voices` instruction's value.
#pragma once

#include "phonon/pattern/Program.h"
#include "phonon/rt/Samples.h"
#include "phonon/support/Rational.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace phonon::rt {

/// A loaded sample by sound name and file index (`bd`, 3), or null for an unknown sound. It
/// must not load anything (it is called while a block is prepared): the library loads every
/// sound a patch names before the first block.
using SampleResolver = std::function<const Sample*(std::string_view sound, int64_t index)>;

class VoicePlayer;

/// The players of one patch, one per sound pattern, in slot order.
class VoiceEngine {
public:
  VoiceEngine();
  VoiceEngine(const std::vector<pattern::PatternExprPtr>& sounds, SampleResolver resolve);
  VoiceEngine(VoiceEngine&&) noexcept;
  VoiceEngine& operator=(VoiceEngine&&) noexcept;
  ~VoiceEngine();

  uint32_t players() const;

  /// Back to the start (no voice sounding) at a sample rate, for blocks of at most maxFrames,
  /// `start` the cycle position of sample 0. Allocates every buffer and voice pool here.
  void reset(float sampleRate, uint32_t maxFrames, Rational cps, Rational start);

  /// Prepares the block [framePosition, framePosition + frames): queries every sound pattern,
  /// starts the voices of its onsets, renders each player into its buffers.
  void process(uint64_t framePosition, uint32_t frames);

  /// Player `slot`'s output for the last processed block (frames samples each).
  const float* left(uint32_t slot) const;
  const float* right(uint32_t slot) const;

  /// A warning to report once (an unknown sound name, a dropped query), or empty; cleared when
  /// read.
  std::string takeWarning();

private:
  std::vector<std::unique_ptr<VoicePlayer>> players_;
};

} // namespace phonon::rt
