// A playable patch, whatever produced it: a compiled descriptor (JIT or object file) or the
// reference interpreter.
#pragma once

#include "phonon/patch_abi.h"
#include "phonon/rt/EventSchedule.h"
#include "phonon/rt/Samples.h"
#include "phonon/rt/VoiceGraph.h"
#include "phonon/rt/Voices.h"
#include "phonon/support/Rational.h"

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace phonon::rt {

class ThreadPool;

/// A pool's threads as the host hands them to init(): ThreadPool::parallelForC and the pool,
/// like the block context's parallel_for and pool. Called through the host's own copy of the
/// pool's code: a copy linked into a library (libphonon-jit.so) counts sleeping workers in a
/// table of its own, sees none and never wakes them.
struct PoolThreads {
  void (*parallelFor)(void* pool, uint32_t count, void (*task)(void*, uint32_t),
                      void* args) = nullptr;
  void* pool = nullptr;
  unsigned threads = 1;
};

/// Where a patch first computed a NaN or ±Inf (LANGUAGE §9.2): the instruction of the module
/// the patch was made from whose value was non-finite while its operands were all finite.
struct NonFiniteOrigin {
  uint32_t instr = 0;
  uint64_t frame = 0;
  float value = 0.0f;
};

/// A patch's arena (state sized at init, nodes::InitArgs): one block for the delay lines and
/// tables of all its nodes, allocated at init, never on the audio path.
class Arena {
public:
  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  ~Arena();
  /// `bytes` zero-filled bytes at a 64-byte boundary (null for 0), reusing the block when it is
  /// large enough. Throws std::runtime_error saying how much was asked when the memory cannot
  /// be had. With a pool's threads (idle: a render's, before its first block), a large block
  /// is zeroed in pieces on all of them.
  void* reset(uint64_t bytes, const PoolThreads& pool = {});
  void* data() const { return data_; }

private:
  void release();

  void* data_ = nullptr;
  uint64_t capacity_ = 0;
  bool mapped_ = false; ///< data_ is a mapping of its own (munmap), not from aligned_alloc
};

class SampleLibrary;

/// A file a node of the patch writes (`tap`, pattern::FileSlot::output): the buffer the node
/// fills while the patch runs, which a render writes to `path` (rt::renderToFiles).
struct TapFile {
  std::string path; ///< relative to the current directory
  uint32_t channels = 1;
  float seconds = 0.0f;
  const float* samples = nullptr; ///< frames × channels, interleaved; null before init
  uint64_t frames = 0;            ///< round(seconds · sr) of the last init
};

/// The sounds of a patch (LANGUAGE §8): its sample library, the samples its file ports name and
/// the voice engine that plays its sound patterns. init() loads every sound the patterns name
/// and every file (I/O, before the first block); process() renders the block's voices and
/// points the block context at them.
class PatchSounds {
public:
  PatchSounds() = default;
  /// `busVoices`: the bus voices' graphs; `shared`: the graph of the buses they share, its
  /// stems `sharedBuses` of them (VoiceEngine).
  PatchSounds(std::vector<pattern::PatternExprPtr> sounds, std::vector<pattern::FileSlot> files,
              std::vector<BusVoiceGraph> busVoices = {},
              std::shared_ptr<VoiceGraph> shared = nullptr, uint32_t sharedBuses = 0);
  void setSearchPath(SampleSearchPath path);
  void init(float sampleRate, uint32_t maxFrames, Rational cps, Rational start);
  /// The loaded file of each file slot (mono, at the rate of the last init): a sample no
  /// folder has is one silent sample, and a warning; an output file's buffer, zero-filled at
  /// every init, which its node writes. Null when the patch names no file.
  const phonon_file_data* files() const { return files_.empty() ? nullptr : files_.data(); }
  uint32_t numFiles() const { return static_cast<uint32_t>(files_.size()); }
  /// Renders the voices of the block `ctx` describes and fills its voice fields.
  void process(phonon_block_context& ctx);
  /// A warning to report once (an unknown sound name with the nearest known ones), or empty.
  std::string takeWarning();
  /// The files the patch's nodes write, in file-slot order.
  std::vector<TapFile> taps() const;
  /// Player `toSlot` takes on player `fromSlot`'s sounding voices (VoiceEngine::carryVoices).
  uint32_t carryVoicesFrom(const PatchSounds& from, uint32_t fromSlot, uint32_t toSlot,
                           std::span<const uint32_t> sameGraph = {}) {
    return engine_.carryVoices(from.engine_, fromSlot, toSlot, sameGraph);
  }
  /// The voice engine's clock from sample `frame` on (VoiceEngine::anchor).
  void anchor(uint64_t frame, Rational cycle) { engine_.anchor(frame, cycle); }

private:
  /// `name:i` as a sound and a file index (LANGUAGE §8.1).
  const Sample* findFile(const std::string& name);

  std::vector<pattern::PatternExprPtr> sounds_;
  std::vector<pattern::FileSlot> fileSlots_;
  std::vector<BusVoiceGraph> busVoices_;
  std::shared_ptr<VoiceGraph> shared_;
  uint32_t sharedBuses_ = 0;
  std::vector<std::vector<float>> fileSamples_; ///< per file slot: mono, or an output buffer
  std::vector<phonon_file_data> files_;
  SampleSearchPath path_;
  std::shared_ptr<SampleLibrary> library_; ///< made at init for its rate, kept while it holds
  float libraryRate_ = 0.0f;
  VoiceEngine engine_;
  std::vector<const float*> outputs_; ///< left and right of each player
  std::vector<std::string> warnings_;
  std::vector<std::string> unknown_; ///< sound names no folder and no built-in sound has
};

class Patch {
public:
  /// Where the patch's sound patterns look for samples (LANGUAGE §8.1); read by init().
  void setSampleSearchPath(SampleSearchPath path) { sounds_.setSearchPath(std::move(path)); }

  virtual ~Patch() = default;
  virtual unsigned channels() const = 0;
  /// The outputs it computes apart when a block asks (phonon_block_context::stem_outputs), in
  /// the order out, out1, out2, …: their names, which name their stem files.
  virtual std::vector<std::string> stemNames() const { return {}; }
  virtual Rational cps() const = 0;
  /// The cycle position of the first sample (LANGUAGE §2.2 `setCycle`, `nudge`).
  virtual Rational startCycle() const = 0;
  /// (Re)starts the patch at a sample rate, for blocks of at most `maxFrames`: all state back
  /// to its initial values, and whatever memory a block needs allocated here, not on the audio
  /// path.
  virtual void init(float sampleRate, uint32_t maxFrames) = 0;
  /// init() with the threads of `pool` (null: none) to help where it has much to do: W5 × 64's
  /// 49 MB of delay lines take 5 ms to zero on one thread, a serial part of every render.
  void init(float sampleRate, uint32_t maxFrames, ThreadPool* pool);
  /// Computes one block of at most maxFrames. The event-rate and buffer fields of `ctx` are
  /// filled in by the patch itself; the thread-pool fields by the caller (or null).
  virtual void process(const phonon_block_context& ctx) = 0;
  /// A warning the patch produced while playing (reported once by the caller), or empty.
  virtual std::string takeWarning() { return {}; }
  /// The files its nodes write (`tap`): their buffers as filled since init.
  std::vector<TapFile> taps() const { return sounds_.taps(); }
  /// Where the first non-finite value appeared since init(), for engines that check every
  /// node's value (the interpreter); compiled code only sees its outputs and returns nullopt.
  virtual std::optional<NonFiniteOrigin> nonFiniteOrigin() const { return std::nullopt; }

  /// A patch's memory as a live session (LANGUAGE §9.4) reads and writes it between blocks:
  /// the state block (nodes::Env, then each stateful node at ir::layoutState's offsets) and
  /// the arena (ir::layoutArena's slices), as init() made them. Null for an engine that does
  /// not expose them.
  struct Memory {
    unsigned char* state = nullptr;
    unsigned char* arena = nullptr;
  };
  virtual Memory memory() { return {}; }
  /// From the next block on, sample `frame` is at cycle `cycle` and the clock moves at the
  /// patch's tempo from there (patterns, voices, and nodes that start on the clock, such as
  /// `phasor`): how a live session's new patch continues the old one's cycle position. False
  /// for an engine that keeps its own clock.
  virtual bool anchorClock(uint64_t /*frame*/, Rational /*cycle*/) { return false; }
  /// The samples its file ports name, as init() loaded them (for ir::layoutArena).
  const PatchSounds& sounds() const { return sounds_; }
  /// Trades playback with `from`, a patch of the same program: its pattern schedule (held
  /// values) and its voices, which sound on here. How a live session hands a version over
  /// from the interpreter to its compiled code without a seam. Allocates nothing.
  void takePlaybackFrom(Patch& from);
  /// Sound pattern `toSlot` of this patch, not yet run, takes on the voices sounding in sound
  /// pattern `fromSlot` of `from`, a patch it replaces (VoiceEngine::carryVoices; `sameGraph`
  /// maps its bus voices' graphs, in Module::voiceTemplates order, to `from`'s): how a live
  /// session's new version lets the old one's voices sound on. Allocates nothing.
  uint32_t carryVoicesFrom(const Patch& from, uint32_t fromSlot, uint32_t toSlot,
                           std::span<const uint32_t> sameGraph = {}) {
    return sounds_.carryVoicesFrom(from.sounds_, fromSlot, toSlot, sameGraph);
  }

protected:
  /// The schedule takePlaybackFrom trades, where the engine has one.
  virtual EventSchedule* eventSchedule() { return nullptr; }

  PatchSounds sounds_;
  /// The threads init() may zero its arena on: set by init(rate, frames, pool) for that call.
  PoolThreads initPool_;
};

/// Runs a compiled patch through its C descriptor. `owner` keeps the code alive (the JIT
/// session that holds it).
class DescriptorPatch final : public Patch {
public:
  /// Checks the descriptor and rebuilds its pattern program; null with `error` set if either is
  /// unusable.
  static std::unique_ptr<DescriptorPatch> create(const phonon_patch_descriptor* descriptor,
                                                 std::shared_ptr<void> owner, std::string& error);
  DescriptorPatch(const phonon_patch_descriptor* descriptor, std::shared_ptr<void> owner,
                  const pattern::PatternProgram& program,
                  std::vector<pattern::PatternProgram> templatePrograms = {},
                  std::optional<pattern::PatternProgram> sharedProgram = std::nullopt);
  ~DescriptorPatch() override;
  /// The compiled patch's C descriptor (its voice templates, for one).
  const phonon_patch_descriptor* descriptor() const { return descriptor_; }
  unsigned channels() const override { return descriptor_->num_output_channels; }
  std::vector<std::string> stemNames() const override {
    return {descriptor_->stem_names, descriptor_->stem_names + descriptor_->num_stems};
  }
  Rational cps() const override { return Rational(descriptor_->cps_num, descriptor_->cps_den); }
  Rational startCycle() const override { return schedule_.start(); }
  void init(float sampleRate, uint32_t maxFrames) override;
  void process(const phonon_block_context& ctx) override;

  std::string takeWarning() override;
  Memory memory() override {
    return {static_cast<unsigned char*>(state_), static_cast<unsigned char*>(arena_.data())};
  }
  bool anchorClock(uint64_t frame, Rational cycle) override;

protected:
  EventSchedule* eventSchedule() override { return &schedule_; }

private:
  const phonon_patch_descriptor* descriptor_;
  std::shared_ptr<void> owner_;
  void* state_ = nullptr;
  Arena arena_;
  std::vector<float> buffers_;  ///< num_buffers × bufferStride_ and a line, allocated by init
  float* bufferBase_ = nullptr; ///< buffer 0: the first 64-byte line in buffers_
  uint32_t bufferStride_ = 0;   ///< a whole number of lines of floats, at least maxFrames
  EventSchedule schedule_;
};

/// Fills the event-rate fields of `ctx` from a prepared schedule.
void attachSchedule(phonon_block_context& ctx, const EventSchedule& schedule);

/// Memory aligned to `align` bytes, zero-filled.
void* allocateState(size_t size, size_t align);
void freeState(void* p);

} // namespace phonon::rt
