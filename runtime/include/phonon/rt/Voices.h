// Voices (LANGUAGE §8.2–8.4): each sound pattern of a patch (an IR `voices` slot) is a player;
// every onset fragment of its events starts a voice, and the player's output is the stereo sum
// of its voices. Once per block the engine queries each sound pattern, starts the voices at
// their exact onset samples and renders every player into a left and a right buffer, which the
// compiled code (or the interpreter) reads as the `voices` instruction's value.
//
// An event's value is a control map (a bare word is a sound name). The keys read, each sampled
// at the event (a non-finite number counts as absent):
//   s          sound: `bd`, `bd:3`, or the list [bd, 3] of mini-notation's `bd:3`
//   n          file index, floored; overrides the `:i` of s
//   note       semitones: a sample's rate, a synth's frequency × 2^(note/12)
//   speed      rate factor (negative: the region backwards; 0: no voice); accelerate
//   unit       "r" (speed is a rate) or "c" (the file lasts 1/speed cycles)
//   begin end  the region, fractions of the file clamped to [0, 1]; loop > 0 repeats it
//   gain pan   linear gain; pan −1 … 1 with the balance law of the `pan` node
//   attack decay sustain release   the envelope (seconds; sustain a level)
//   legato dur the gate: × the event's whole length, or seconds
//   cut        cut group (§8.2)
//   freq wave  a synth voice (§8.4) when the map holds `wave`, or `freq` without `s`: freq in
//              Hz (a pitch value is converted), wave a word (sine, saw, square, pulse, tri,
//              triangle, supersaw, or a node wave such as pluck: its voice template
//              `synth.pluck`, the node at the voice's frequency as voice.pitch) or a number as
//              `vco`'s (0 saw, 1 pulse, 2 tri, 3 sine).
//              Default envelope a 0.01 d 0.1 s 0.7 r 0.2, gated at the event's whole end.
//   s "~bus"   a bus voice (§8.4): an instance of the bus's graph (VoiceGraph.h) from the
//              voice's start, its pitch parameters × 2^(note/12). Default envelope a 0.01 d 0
//              s 1 r 0.3, gated at the event's whole end.
#pragma once

#include "phonon/pattern/Program.h"
#include "phonon/rt/Samples.h"
#include "phonon/rt/VoiceGraph.h"
#include "phonon/support/Rational.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace phonon::rt {

/// A loaded sample by sound name and file index (`bd`, 3), or null for an unknown sound. It
/// must not load anything (it is called while a block is prepared): the library loads every
/// sound a patch names before the first block.
using SampleResolver = std::function<const Sample*(std::string_view sound, int64_t index)>;

class VoicePlayer;
class BusVoices;
struct SharedInputs;

/// The players of one patch, one per sound pattern, in slot order.
class VoiceEngine {
public:
  VoiceEngine();
  /// `shared`, if any, computes the buses the bus voices' graphs share, its stem k the k-th of
  /// `sharedBuses` (VoiceGraph.h).
  VoiceEngine(const std::vector<pattern::PatternExprPtr>& sounds, SampleResolver resolve,
              std::vector<BusVoiceGraph> busVoices = {},
              std::shared_ptr<VoiceGraph> shared = nullptr, uint32_t sharedBuses = 0);
  VoiceEngine(VoiceEngine&&) noexcept;
  VoiceEngine& operator=(VoiceEngine&&) noexcept;
  ~VoiceEngine();

  /// Voices a player keeps sounding; starting one more fades the oldest out over 2 ms.
  static constexpr uint32_t kVoices = 256;

  uint32_t players() const;

  /// Back to the start (no voice sounding) at a sample rate, for blocks of at most maxFrames,
  /// `start` the cycle position of sample 0. Allocates every buffer and voice pool here.
  void reset(float sampleRate, uint32_t maxFrames, Rational cps, Rational start);
  /// From now on sample `frame` is at cycle `cycle` (EventSchedule::anchor); sounding voices
  /// are left as they are.
  void anchor(uint64_t frame, Rational cycle);

  /// Prepares the block [framePosition, framePosition + frames): queries every sound pattern,
  /// starts the voices of its onsets, renders each player into its buffers.
  void process(uint64_t framePosition, uint32_t frames);

  /// process() in its two steps: the pattern queries, which allocate, then the voice starts and
  /// the rendering, which never allocate, lock or do I/O.
  void query(uint64_t framePosition, uint32_t frames);
  void render();

  /// A live session's swap (LANGUAGE §9.4): player `toSlot` takes on the sounding voices of
  /// player `fromSlot` of `from`, the engine of the version it replaces, as they are now (their
  /// sample positions, envelopes, phases, a bus voice's graph state), each in the pool slot it
  /// has there, and renders them on from its next block; `from` keeps its own. A sample voice
  /// carries when this engine's library has the same file; a bus voice (or a node wave) when
  /// its graph is of the same template: `sameGraph[j]` is the index in `from`'s graphs (the
  /// busVoices it was made with) of the one graph j of this engine is the same as, or
  /// anything larger where none is. Call it before this engine's first block. Returns the
  /// voices taken. Allocates nothing.
  uint32_t carryVoices(const VoiceEngine& from, uint32_t fromSlot, uint32_t toSlot,
                       std::span<const uint32_t> sameGraph = {});

  /// Voices of player `slot` sounding now (not counting those fading out after a steal or cut).
  uint32_t sounding(uint32_t slot) const;

  /// Player `slot`'s output for the last processed block (frames samples each).
  const float* left(uint32_t slot) const;
  const float* right(uint32_t slot) const;

  /// A warning to report once (an unknown sound name, a dropped query), or empty; cleared when
  /// read. Several are queued: call it until it answers empty.
  std::string takeWarning();
  /// `sound` was reported unknown when the samples were loaded (with the nearest names): the
  /// players do not warn about it again.
  void alreadyReported(std::string_view sound);

  /// The memory the instances of one bus voice's graph may take together: a graph holding
  /// delay lines plays fewer voices at once (the rest are dropped, with a warning).
  static constexpr uint64_t kBusVoiceMemory = uint64_t{64} << 20;

private:
  std::unique_ptr<SharedInputs> sharedInputs_;
  std::unique_ptr<BusVoices> shared_; ///< the shared buses' graph, one instance
  uint32_t frames_ = 0;               ///< of the block being prepared
  std::vector<std::unique_ptr<BusVoices>> busVoices_;
  std::vector<std::unique_ptr<VoicePlayer>> players_;
};

} // namespace phonon::rt
