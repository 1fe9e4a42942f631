// A bus voice's graph as an engine runs it (LANGUAGE §8.4): `s "~pad"` plays the bus's
// expression once per voice, each voice an instance with its own state from its start. The
// graph is a patch of its own (ir::VoiceTemplate; phonon_voice_template in the patch ABI):
// compiled code runs it through its descriptor, the interpreter through its module. The voice
// engine (Voices.h) prepares the graph's pattern segments once per block, for every instance
// alike (patterns keep global time), and runs each sounding instance over the samples its voice
// sounds.
#pragma once

#include "phonon/patch_abi.h"
#include "phonon/pattern/Program.h"
#include "phonon/support/Rational.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace phonon::rt {

class VoiceGraph {
public:
  virtual ~VoiceGraph() = default;
  /// The patterns behind the graph's event slots.
  virtual const pattern::PatternProgram& program() const = 0;
  /// Bytes one instance holds at this sample rate (its state and arena).
  virtual uint64_t instanceBytes(float sampleRate) const = 0;
  /// Makes `count` instances for blocks of at most maxFrames at a sample rate: every
  /// allocation is here, never on the audio path.
  virtual void prepare(float sampleRate, uint32_t maxFrames, uint32_t count) = 0;
  /// Instance k back to its initial state (a voice starts); allocates nothing.
  virtual void restart(uint32_t k) = 0;
  /// Runs instance k over `ctx`: its frames, its segments of the graph's event slots and its
  /// voice_pitch; writes ctx.outputs[0] (left) and [1] (right). Allocates nothing.
  virtual void process(uint32_t k, const phonon_block_context& ctx) = 0;

  /// Instance k's memory, for a live session that carries a sounding voice into another
  /// patch's graph (copyVoiceInstance): its state block and its arena. Empty for a graph that
  /// does not expose them.
  struct InstanceMemory {
    unsigned char* state = nullptr;
    uint64_t stateBytes = 0;
    unsigned char* arena = nullptr;
    uint64_t arenaBytes = 0;
  };
  virtual InstanceMemory instanceMemory(uint32_t /*k*/) { return {}; }
};

/// Instance `to` of `graph`, just restarted, takes on the state of instance `from` of `other`, a
/// graph of the same template in the patch a live session replaces (either engine: both lay
/// state and arena out as ir::layoutState and ir::layoutArena do). The state is copied, and the
/// arena; a pointer-sized word of the old state that points into the old arena, where the
/// restarted state's word points into its own, is moved by the distance between the two (so
/// delay lines keep their positions). False, with nothing copied, where the sizes differ or a
/// graph exposes no memory. Allocates nothing.
bool copyVoiceInstance(VoiceGraph& graph, uint32_t to, VoiceGraph& other, uint32_t from);

/// The graph of the bus voice `~bus`.
struct BusVoiceGraph {
  std::string bus; ///< without its `~`
  std::shared_ptr<VoiceGraph> graph;
};

/// A compiled template's graph (phonon_voice_template::graph) as a VoiceGraph.
std::shared_ptr<VoiceGraph> descriptorVoiceGraph(const phonon_patch_descriptor* graph,
                                                 pattern::PatternProgram program);

} // namespace phonon::rt
