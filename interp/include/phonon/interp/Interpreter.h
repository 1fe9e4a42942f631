// The reference interpreter (DESIGN §1): runs an IR module sample by sample through the
// natively compiled node kernels — the same kernels the JIT inlines from bitcode.
#pragma once

#include "phonon/ir/Module.h"
#include "phonon/rt/Patch.h"
#include "phonon/rt/Render.h"

#include <memory>
#include <optional>
#include <vector>

namespace phonon::interp {

/// How the interpreter walks a block.
enum class Stepping {
  /// Every instruction for one sample, then the next sample: the reference.
  Samples,
  /// Every instruction over a chunk of samples (chunkFrames()), through the nodes' block loops
  /// (nodes/BlockKernels.cpp, vectorised where the tick allows): the same samples, bit for bit,
  /// several times faster. Only for a module without feedback, whose instructions can run one
  /// after another over a chunk; a module with feedback steps by samples.
  Blocks,
};

class InterpretedPatch final : public rt::Patch {
public:
  /// Samples a step by blocks computes at a time, at most: the per-instruction buffers'
  /// length, fewer for a module whose buffers would not stay in the cache (kChunkBytes).
  static constexpr uint32_t kMaxChunkFrames = 512;
  /// The bytes of every instruction's values over a chunk, at most (but 16 frames).
  static constexpr size_t kChunkBytes = 1 << 20;

  explicit InterpretedPatch(ir::Module module, Stepping stepping = Stepping::Samples);
  ~InterpretedPatch() override;
  InterpretedPatch(const InterpretedPatch&) = delete;
  InterpretedPatch& operator=(const InterpretedPatch&) = delete;

  unsigned channels() const override { return module_.outputChannels(); }
  std::vector<std::string> stemNames() const override { return stemNames_; }
  Rational cps() const override { return module_.cps; }
  Rational startCycle() const override { return module_.patterns.start; }
  void init(float sampleRate, uint32_t maxFrames) override;
  void process(const phonon_block_context& ctx) override;
  std::string takeWarning() override;
  Memory memory() override { return {state_, static_cast<unsigned char*>(arena_.data())}; }
  bool anchorClock(uint64_t frame, Rational cycle) override;
  /// The arena's layout at the rate of the last init (ir::layoutArena).
  const ir::ArenaLayout& arenaLayout() const { return arenaLayout_; }
  const ir::StateLayout& stateLayout() const { return layout_; }

  /// A bus voice's graph (rt::VoiceGraph) runs its instances through these. The state back to
  /// what init() made, allocating nothing.
  void restart();
  /// One block with its event-rate values and voices already in `ctx` (as process() prepares
  /// them): what compiled code's process does. Allocates nothing.
  void run(const phonon_block_context& ctx);
  /// The module as it runs (channels split).
  const ir::Module& module() const { return module_; }
  /// Bytes of state and arena at a sample rate.
  uint64_t memoryBytes(float sampleRate) const;
  /// How it steps: Blocks only where asked for and the module allows (see Stepping).
  Stepping stepping() const { return stepping_; }
  /// The frames a step by blocks computes at a time (0 by samples).
  uint32_t chunkFrames() const { return chunkFrames_; }
  /// Whether `module` (channels split) can step by blocks: no feedback.
  static bool blocksSuit(const ir::Module& module);
  /// Every value is checked as it is computed, so the interpreter can name the instruction
  /// that first produced NaN or ±Inf (LANGUAGE §9.2) without any I/O on the audio path.
  std::optional<rt::NonFiniteOrigin> nonFiniteOrigin() const override { return origin_; }

protected:
  rt::EventSchedule* eventSchedule() override { return &schedule_; }

private:
  void noteNonFinite(size_t instr, uint64_t frame);
  /// Segment `seg`'s pattern values into values_, noting a non-finite one.
  void takeSegmentValues(const phonon_block_context& ctx, uint32_t seg);
  /// run() by samples (the reference) and by blocks (Stepping::Blocks).
  void runSamples(const phonon_block_context& ctx);
  void runBlocks(const phonon_block_context& ctx);
  /// Frames [start, start + frames) of a segment, every instruction over them in turn; `first`
  /// for the segment's first chunk.
  void runChunk(const phonon_block_context& ctx, uint32_t start, uint32_t frames, bool first);
  /// Instruction `i`'s values over the chunk: a constant's buffer is filled when first read.
  const float* valuesOf(ir::ValueId i);
  /// A lane of a lane-contiguous bank (ir::StateLayout::wordStride): its state words copied
  /// to laneState_ and back, around its node's tick.
  void gatherLane(size_t instr);
  void scatterLane(size_t instr);

  ir::Module module_;
  ir::StateLayout layout_;
  unsigned char* state_ = nullptr;
  rt::Arena arena_;
  // What init() computed for restart(): the rate, the loaded files, the arena's layout and each
  // node's constant arguments.
  float sampleRate_ = 48000.0f;
  std::vector<nodes::ConstArg> files_;
  ir::ArenaLayout arenaLayout_;
  std::vector<std::vector<nodes::ConstArg>> nodeArgs_;
  std::vector<float> values_;       ///< the current sample's value of every instruction
  std::vector<float> inputs_;       ///< scratch: one node's operands
  std::vector<float> rightOutputs_; ///< a two-output node's right output, for its `right`
  /// Scratch: one bank lane's state, as one struct (its words; aligned as ir::kMaxLaneStateAlign).
  std::vector<uint64_t> laneState_;
  std::vector<size_t> tempo_; ///< tempo and voice.pitch instructions, set at every block start
  /// Per instruction: a Stem's channel pair in a block's stem_outputs.
  std::vector<uint32_t> stemNumber_;
  std::vector<std::string> stemNames_; ///< ir::outputName of each stem, in stem order
  rt::EventSchedule schedule_;
  std::optional<rt::NonFiniteOrigin> origin_;
  Stepping stepping_ = Stepping::Samples;
  // Stepping::Blocks: each instruction's values over the chunk (chunkFrames_ apart), and a
  // two-output node's right channel (rightSlot_: its place in rightChunk_; a one-output node
  // writes zeros to rightScratch_), where they are (an instruction's own buffer, or a block
  // input's), which values are constant over the segment and whether their buffer is filled.
  uint32_t chunkFrames_ = 0;
  std::vector<float> chunk_;
  std::vector<float> rightChunk_;
  std::vector<uint32_t> rightSlot_;
  std::vector<float> rightScratch_;
  std::vector<const float*> at_;
  std::vector<const float*> rightAt_;
  std::vector<unsigned char> constant_;
  std::vector<unsigned char> filled_;
  std::vector<const float*> operandBuffers_; ///< scratch: one node's operands' buffers
  std::vector<float> sumPartials_;           ///< scratch: a Sum's partials over the chunk
  std::vector<float> mix_;                   ///< 2 × chunkFrames_: the outputs' sum, per channel
};

/// A voice template's graph (ir::VoiceTemplate::graph) run by the interpreter, as the voice
/// engine plays a bus voice: each instance an InterpretedPatch of the graph.
std::shared_ptr<rt::VoiceGraph> interpretedVoiceGraph(const ir::Module& graph);

/// Where the first `frames` frames of `module` first compute a non-finite value, found by
/// replaying them in the interpreter: how a render through compiled code, which only sees its
/// outputs, names the node behind a muted block. nullopt if no value was non-finite.
std::optional<rt::NonFiniteOrigin>
locateNonFinite(const ir::Module& module, const rt::RenderOptions& options, uint64_t frames);

} // namespace phonon::interp
