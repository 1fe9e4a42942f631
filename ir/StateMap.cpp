#include "phonon/ir/StateMap.h"

#include <algorithm>
#include <cstring>
#include <tuple>

namespace phonon::ir {

namespace {

auto key(const NodeState& s) {
  return std::make_tuple(s.identity, s.node, s.occurrence);
}

/// A node's state as one struct: contiguous, or a bank lane's words gathered.
void gather(const NodeState& s, const unsigned char* state, unsigned char* out) {
  if (s.wordStride == 0) {
    std::memcpy(out, state + s.offset, s.size);
    return;
  }
  for (uint64_t w = 0; w < s.size / 4; ++w)
    std::memcpy(out + 4 * w, state + s.offset + w * s.wordStride, 4);
}

void scatter(const NodeState& s, const unsigned char* in, unsigned char* state) {
  if (s.wordStride == 0) {
    std::memcpy(state + s.offset, in, s.size);
    return;
  }
  for (uint64_t w = 0; w < s.size / 4; ++w)
    std::memcpy(state + s.offset + w * s.wordStride, in + 4 * w, 4);
}

} // namespace

std::vector<NodeState> stateMap(const Module& m, const StateLayout& state,
                                const ArenaLayout& arena) {
  std::vector<NodeState> map;
  for (ValueId i = 0; i < m.instrs.size(); ++i) {
    const Instr& in = m.instrs[i];
    if (in.op != Opcode::Node || in.node->stateSize == 0) continue;
    NodeState s;
    s.identity = in.seed;
    s.node = in.node;
    s.instr = i;
    s.offset = state.offsets[i];
    s.wordStride = state.wordStride[i];
    s.size = in.node->stateSize;
    if (i < arena.sizes.size() && arena.sizes[i]) {
      s.arenaOffset = arena.offsets[i];
      s.arenaSize = arena.sizes[i];
    }
    map.push_back(s);
  }
  // Occurrences in instruction order, then the order every match merges in.
  std::stable_sort(map.begin(), map.end(), [](const NodeState& a, const NodeState& b) {
    return std::make_pair(a.identity, a.node) < std::make_pair(b.identity, b.node);
  });
  for (size_t k = 1; k < map.size(); ++k)
    if (map[k].identity == map[k - 1].identity && map[k].node == map[k - 1].node)
      map[k].occurrence = map[k - 1].occurrence + 1;
  return map;
}

void matchStates(const std::vector<NodeState>& from, const std::vector<NodeState>& to,
                 std::vector<std::pair<uint32_t, uint32_t>>& out) {
  out.clear();
  size_t i = 0, j = 0;
  while (i < from.size() && j < to.size()) {
    if (key(from[i]) < key(to[j])) {
      ++i;
    } else if (key(to[j]) < key(from[i])) {
      ++j;
    } else {
      if (from[i].size == to[j].size && from[i].arenaSize == to[j].arenaSize)
        out.emplace_back(static_cast<uint32_t>(i), static_cast<uint32_t>(j));
      ++i;
      ++j;
    }
  }
}

std::vector<SlotIdentity> slotIdentities(const Module& m, Opcode op) {
  std::vector<SlotIdentity> slots;
  for (const Instr& in : m.instrs)
    if (in.op == op) slots.push_back({in.seed, 0, in.slot});
  std::stable_sort(slots.begin(), slots.end(), [](const SlotIdentity& a, const SlotIdentity& b) {
    return a.identity < b.identity;
  });
  for (size_t k = 1; k < slots.size(); ++k)
    if (slots[k].identity == slots[k - 1].identity)
      slots[k].occurrence = slots[k - 1].occurrence + 1;
  return slots;
}

void matchSlots(const std::vector<SlotIdentity>& from, const std::vector<SlotIdentity>& to,
                std::vector<std::pair<uint32_t, uint32_t>>& out) {
  out.clear();
  auto key = [](const SlotIdentity& s) { return std::make_pair(s.identity, s.occurrence); };
  size_t i = 0, j = 0;
  while (i < from.size() && j < to.size()) {
    if (key(from[i]) < key(to[j])) {
      ++i;
    } else if (key(to[j]) < key(from[i])) {
      ++j;
    } else {
      out.emplace_back(from[i++].slot, to[j++].slot);
    }
  }
}

void copyNodeState(const NodeState& from, const unsigned char* fromState,
                   const unsigned char* fromArena, const NodeState& to, unsigned char* toState,
                   unsigned char* toArena, unsigned char* scratch) {
  unsigned char* carried = scratch;
  unsigned char* fresh = scratch + to.size;
  gather(from, fromState, carried);
  if (from.arenaSize && fromArena && toArena) {
    gather(to, toState, fresh);
    const uintptr_t oldBegin = reinterpret_cast<uintptr_t>(fromArena + from.arenaOffset);
    const uintptr_t newBegin = reinterpret_cast<uintptr_t>(toArena + to.arenaOffset);
    const uintptr_t size = from.arenaSize;
    for (uint64_t b = 0; b + sizeof(uintptr_t) <= to.size; b += alignof(uintptr_t)) {
      uintptr_t oldWord, newWord;
      std::memcpy(&oldWord, carried + b, sizeof oldWord);
      std::memcpy(&newWord, fresh + b, sizeof newWord);
      if (oldWord >= oldBegin && oldWord <= oldBegin + size && newWord >= newBegin &&
          newWord <= newBegin + size) {
        uintptr_t moved = oldWord - oldBegin + newBegin;
        std::memcpy(carried + b, &moved, sizeof moved);
      }
    }
    std::memcpy(toArena + to.arenaOffset, fromArena + from.arenaOffset, from.arenaSize);
  }
  scatter(to, carried, toState);
}

} // namespace phonon::ir
