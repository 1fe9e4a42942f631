// Where each stateful node's state lives, by identity: how a live session (LANGUAGE §9.4)
// carries oscillator phases, filter memories and delay lines from a running patch into its
// replacement. Both engines lay state out by ir::layoutState and the arena by ir::layoutArena,
// so one map serves the interpreter, the JIT and object files alike.
#pragma once

#include "phonon/ir/Module.h"

#include <cstdint>
#include <vector>

namespace phonon::ir {

/// A stateful node's place in a patch's memory. Its identity is what sema recorded as its seed
/// (the defining statement, `out` or `~bus`, and the node's position in it; a right-channel
/// instance has rightChannelSeed of it) plus its op; `occurrence` tells apart nodes whose
/// identity and op coincide (the k-th of them in instruction order).
struct NodeState {
  uint32_t identity = 0;
  const nodes::NodeInfo* node = nullptr;
  uint32_t occurrence = 0;
  ValueId instr = 0;
  uint64_t offset = 0;     ///< into the state block
  uint64_t wordStride = 0; ///< 0: one struct at offset; else 4-byte word w at offset + w·stride
  uint64_t size = 0;       ///< bytes of the node's State (node->stateSize)
  uint64_t arenaOffset = 0, arenaSize = 0; ///< its arena slice; size 0 when it has none
};

/// Every stateful node of `m` (channels split, as it runs), sorted by (identity, op,
/// occurrence) so that two maps are matched in one merge.
std::vector<NodeState> stateMap(const Module& m, const StateLayout& state,
                                const ArenaLayout& arena);

/// The nodes of `to` whose state may be copied from `from`: same identity, op, occurrence,
/// state size and arena size. Pairs of indices (from, to), in `to`'s order. Allocates nothing
/// when `out` has room for the smaller map (a live session reserves it).
void matchStates(const std::vector<NodeState>& from, const std::vector<NodeState>& to,
                 std::vector<std::pair<uint32_t, uint32_t>>& out);

/// A sound pattern's player (a Voices instruction's slot) or a feedback cell (a FeedbackWrite's
/// slot) by identity: its instruction's seed, as sema records it (a player's statement and
/// position, a cell's bus), and its occurrence among instructions of the same op and seed in
/// instruction order (a stereo cell's right channel is the second write).
struct SlotIdentity {
  uint32_t identity = 0;
  uint32_t occurrence = 0;
  uint32_t slot = 0;
};

/// The slots of `m`'s instructions of op `op` (Voices or FeedbackWrite), sorted by identity and
/// occurrence.
std::vector<SlotIdentity> slotIdentities(const Module& m, Opcode op);

/// The slots of `to` whose identity `from` has too: pairs (from's slot, to's slot). Allocates
/// nothing when `out` has room for the smaller list.
void matchSlots(const std::vector<SlotIdentity>& from, const std::vector<SlotIdentity>& to,
                std::vector<std::pair<uint32_t, uint32_t>>& out);

/// Copies one node's state and arena slice from a running patch into a new one that was just
/// initialised (so the new state's pointers already point into its own arena). A word of the
/// old State that points into the old node's arena slice, where the new State's word points
/// into the new slice, is moved by the distance between the slices: the node's pointers into
/// its delay lines keep their meaning. `scratch` holds 2 × size bytes. Allocates nothing.
void copyNodeState(const NodeState& from, const unsigned char* fromState,
                   const unsigned char* fromArena, const NodeState& to, unsigned char* toState,
                   unsigned char* toArena, unsigned char* scratch);

} // namespace phonon::ir
