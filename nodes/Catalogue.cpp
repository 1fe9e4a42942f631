// The catalogue: one NodeInfo per row of NodeTable.def, with what the kernel struct adds (state
// size, cost, the exported functions) for the rows that have one.
#include "phonon/nodes/Catalogue.h"

#include "AllNodes.h"

#include <iterator>
#include <string_view>
#include <type_traits>

#define PHONON_WITH_KERNEL(name, Type)                                                             \
  extern "C" void phn_##name##_init(void*, const phonon::nodes::Env*, uint32_t,                    \
                                    const phonon::nodes::InitArgs*);                               \
  extern "C" uint64_t phn_##name##_arena(const phonon::nodes::Env*,                                \
                                         const phonon::nodes::InitArgs*);                          \
  extern "C" void phn_##name##_tick(void*, const float*, float*, const phonon::nodes::Env*);       \
  extern "C" int32_t phn_##name##_edge(const void*, const float*, const phonon::nodes::Env*);      \
  extern "C" void phn_##name##_smooth(void*, const float*, float*, const phonon::nodes::Env*);     \
  extern "C" int32_t phn_##name##_run(void*, const float* const*, float* const*,                   \
                                      const phonon::nodes::Env*, uint32_t);                        \
  extern "C" int32_t phn_##name##_run_const(void*, const float*, float* const*,                    \
                                            const phonon::nodes::Env*, uint32_t);
#define NODE(name, kind, group, state, channels, doc, aliasList, example, portList, kernel)        \
  PHONON_IF_KERNEL(name, PHONON_KERNEL_TYPE_##kernel)
#include "NodeTable.def"
#undef NODE
#undef PHONON_WITH_KERNEL
extern "C" void phn_ring_align(float* data, uint32_t size, uint32_t write, uint32_t position);

namespace phonon::nodes {
namespace {

enum class Kind { Node, Operator, PatternFunction };
enum class State { Pure, Stateful, Random };
enum class Channels { Mono, Stereo, Pair };

/// What a kernel struct adds to its row; all empty for a row without one.
struct Kernel {
  InitFn init = nullptr;
  TickFn tick = nullptr;
  const char* initSymbol = nullptr;
  const char* tickSymbol = nullptr;
  ArenaFn arena = nullptr; ///< only for a kernel that declares arenaBytes
  const char* arenaSymbol = nullptr;
  size_t stateSize = 0;
  size_t stateAlign = 1;
  float cost = 0;
  uint32_t latency = 0;             ///< a block node's kBlock (Block.h)
  uint32_t flags = 0;               ///< NodeArenaBanks for a kernel that declares kArenaBanks
  const char* edgeSymbol = nullptr; ///< only for a kernel with a smooth tick (EdgeOscillator)
  const char* smoothSymbol = nullptr;
  int32_t ringLine = -1; ///< NodeInfo::ringLine
  EdgeFn edge = nullptr; ///< with edgeSymbol
  TickFn smooth = nullptr;
  RunFn run = nullptr; ///< BlockKernels.cpp
  RunConstFn runConst = nullptr;
};

/// Where kernel N's ring line is (`kRingLine`, NodeInfo::ringLine), −1 when it declares none.
template <class N> constexpr int32_t ringLineOf() {
  if constexpr (requires { N::kRingLine; })
    return static_cast<int32_t>(N::kRingLine);
  else
    return -1;
}

/// Whether kernel N declares `static constexpr bool kArenaBanks = true` (NodeArenaBanks).
template <class N> constexpr bool arenaBanks() {
  if constexpr (requires { N::kArenaBanks; })
    return N::kArenaBanks;
  else
    return false;
}

template <class... K> struct KernelOf {
  static constexpr Kernel get() { return {}; }
};
template <class N> struct KernelOf<N> {
  static constexpr Kernel get(InitFn init, TickFn tick, ArenaFn arena, const char* initSymbol,
                              const char* tickSymbol, const char* arenaSymbol,
                              const char* edgeSymbol, const char* smoothSymbol, EdgeFn edge,
                              TickFn smooth, RunFn run, RunConstFn runConst) {
    using S = TickState<N>; // a block node's State inside its block buffers (Block.h)
    constexpr bool stateless = std::is_empty_v<S>;
    // Only a node that declares arenaBytes gets an arena (and the engines' call to ask).
    constexpr bool hasArena = requires(const Env& env, const InitArgs& args) {
      N::arenaBytes(env, args);
    };
    // Kernels.cpp exports a smooth tick for every row; only these rows' differs from tick.
    constexpr bool hasEdges = requires(S & s, const float* in, float* out, const Env& env) {
      N::edge(s, in, env);
      N::tickSmooth(s, in, out, env);
    };
    return {init,
            tick,
            initSymbol,
            tickSymbol,
            hasArena ? arena : nullptr,
            hasArena ? arenaSymbol : nullptr,
            stateless ? 0 : sizeof(S),
            stateless ? 1 : alignof(S),
            N::cost,
            latencyOf<N>(),
            arenaBanks<N>() ? uint32_t{NodeArenaBanks} : 0u,
            hasEdges ? edgeSymbol : nullptr,
            hasEdges ? smoothSymbol : nullptr,
            ringLineOf<N>(),
            hasEdges ? edge : nullptr,
            hasEdges ? smooth : nullptr,
            run,
            runConst};
  }
};

template <size_t NumAliases, size_t NumPorts>
constexpr NodeInfo row(const char* name, Kind kind, Group group, State state, Channels channels,
                       const char* doc, const std::array<const char*, NumAliases>& aliases,
                       const std::array<PortInfo, NumPorts>& ports, Kernel kernel, uint32_t lowered,
                       const char* pairRow, const char* example, const char* exampleSoundsLike) {
  uint32_t flags = 0;
  flags |= lowered; // NodeChannels or NodeLoweredBySema: a row with no struct that still runs
  flags |= kernel.flags;
  if (state != State::Pure) flags |= NodeStateful;
  if (state == State::Random) flags |= NodeRandom;
  if (kind == Kind::Operator) flags |= NodeOperator;
  if (kind == Kind::PatternFunction) flags |= NodePatternFunction;
  if (channels == Channels::Stereo) flags |= NodeStereoOutput;
  if (NumPorts && std::string_view(ports[0].name) == "in") flags |= NodeHasInput;
  return NodeInfo{name,
                  NumAliases ? aliases.data() : nullptr,
                  static_cast<unsigned>(NumAliases),
                  NumPorts ? ports.data() : nullptr,
                  static_cast<unsigned>(NumPorts),
                  channels == Channels::Pair ? 2u : 1u,
                  kernel.stateSize,
                  kernel.stateAlign,
                  flags,
                  group,
                  kernel.cost,
                  doc,
                  kernel.init,
                  kernel.tick,
                  kernel.initSymbol,
                  kernel.tickSymbol,
                  kernel.arena,
                  kernel.arenaSymbol,
                  pairRow,
                  kernel.latency,
                  example,
                  exampleSoundsLike,
                  kernel.edgeSymbol,
                  kernel.smoothSymbol,
                  kernel.ringLine,
                  kernel.edge,
                  kernel.smooth,
                  kernel.run,
                  kernel.runConst};
}

// The kernel functions of a row: KernelOf<Type>::get(…) or KernelOf<>::get().
#define PHONON_KERNEL_OF(name, ...)                                                                \
  KernelOf<__VA_ARGS__>::get(__VA_OPT__(                                                           \
      &phn_##name##_init, &phn_##name##_tick, &phn_##name##_arena, "phn_" #name "_init",           \
      "phn_" #name "_tick", "phn_" #name "_arena", "phn_" #name "_edge", "phn_" #name "_smooth",   \
      &phn_##name##_edge, &phn_##name##_smooth, &phn_##name##_run, &phn_##name##_run_const))
// `example` is the EXAMPLE column expanded: the program, then what it sounds like.
#define PHONON_ROW(name, kind, group, state, channels, doc, example, soundsLike, kernel)           \
  row(#name, Kind::kind, Group::group, State::state, Channels::channels, doc,                      \
      rows::aliases_##name, rows::ports_##name,                                                    \
      PHONON_KERNEL_OF(name, PHONON_KERNEL_TYPE_##kernel), PHONON_LOWERED_##kernel,                \
      PHONON_PAIR_ROW_##kernel, example, soundsLike),
#define PHONON_LOWERED_KERNEL(Type) 0u
#define PHONON_LOWERED_KERNEL_OR_PAIR(Type, pairRow) 0u
#define PHONON_LOWERED_PAIR(pairRow) 0u
#define PHONON_LOWERED_NO_KERNEL 0u
#define PHONON_LOWERED_CHANNELS                                                                    \
  uint32_t {                                                                                       \
    NodeChannels                                                                                   \
  }
#define PHONON_LOWERED_SUM                                                                         \
  uint32_t {                                                                                       \
    NodeLoweredBySema                                                                              \
  }
#define PHONON_PAIR_ROW_KERNEL(Type) nullptr
#define PHONON_PAIR_ROW_KERNEL_OR_PAIR(Type, pairRow) #pairRow
#define PHONON_PAIR_ROW_PAIR(pairRow) #pairRow
#define PHONON_PAIR_ROW_NO_KERNEL nullptr
#define PHONON_PAIR_ROW_CHANNELS nullptr
#define PHONON_PAIR_ROW_SUM nullptr
#define PHONON_LOWERED_CHOICES                                                                     \
  uint32_t {                                                                                       \
    NodeLoweredBySema                                                                              \
  }
#define PHONON_PAIR_ROW_CHOICES nullptr
#define PHONON_LOWERED_VOICES                                                                      \
  uint32_t {                                                                                       \
    NodeLoweredBySema                                                                              \
  }
#define PHONON_PAIR_ROW_VOICES nullptr
#define PHONON_ONLY_NODES_Node(row) row
#define PHONON_ONLY_NODES_Operator(row) row
#define PHONON_ONLY_NODES_PatternFunction(row)
#define PHONON_ONLY_FUNCTIONS_Node(row)
#define PHONON_ONLY_FUNCTIONS_Operator(row)
#define PHONON_ONLY_FUNCTIONS_PatternFunction(row) row

/// The rows of the table, the nodes and operators first.
constexpr NodeInfo kRows[] = {
#define NODE(name, kind, group, state, channels, doc, aliasList, example, portList, kernel)        \
  PHONON_ONLY_NODES_##kind(PHONON_ROW(name, kind, group, state, channels, doc, example, kernel))
#include "NodeTable.def"
#undef NODE
#define NODE(name, kind, group, state, channels, doc, aliasList, example, portList, kernel)        \
  PHONON_ONLY_FUNCTIONS_##kind(PHONON_ROW(name, kind, group, state, channels, doc, example, kernel))
#include "NodeTable.def"
#undef NODE
};

constexpr size_t countNodes() {
  size_t n = 0;
  while (n < std::size(kRows) && !kRows[n].has(NodePatternFunction)) ++n;
  return n;
}
constexpr size_t kNumNodes = countNodes();

constexpr bool kernelsDeclareTheirState() {
  for (const NodeInfo& n : kRows)
    if (n.stateSize && !n.has(NodeStateful)) return false;
  return true;
}
static_assert(kernelsDeclareTheirState(),
              "a kernel with a State must have the row state Stateful or Random");

constexpr bool internalPortsLast() {
  for (const NodeInfo& n : kRows)
    for (unsigned i = 0; i + 1 < n.numPorts; ++i)
      if ((n.ports[i].flags & PortInternal) && !(n.ports[i + 1].flags & PortInternal)) return false;
  return true;
}
static_assert(internalPortsLast(), "internal ports come after every port a program writes");

/// A row's pair row: a `Pair` row with a kernel, taking the left and right channels of the row's
/// `in` as its first two ports and the row's other ports after them, with the same flags.
constexpr bool pairRowFits(const NodeInfo& n) {
  if (!n.pairRow) return n.numOutputs == 1 || n.tick; // a Pair row has a kernel of its own
  const NodeInfo* pair = nullptr;
  for (const NodeInfo& r : kRows)
    if (std::string_view(r.name) == n.pairRow) pair = &r;
  if (!pair || pair->numOutputs != 2 || !pair->tick || pair->pairRow) return false;
  if (!n.has(NodeHasInput) || pair->numPorts != n.numPorts + 1) return false;
  if (!(pair->ports[0].flags & PortSignal) || !(pair->ports[1].flags & PortSignal)) return false;
  for (unsigned i = 1; i < n.numPorts; ++i)
    if (pair->ports[i + 1].flags != n.ports[i].flags ||
        std::string_view(pair->ports[i + 1].name) != n.ports[i].name ||
        pair->ports[i + 1].defaultValue != n.ports[i].defaultValue ||
        pair->ports[i + 1].min != n.ports[i].min || pair->ports[i + 1].max != n.ports[i].max)
      return false;
  return (pair->flags & (NodeStateful | NodeRandom)) == (n.flags & (NodeStateful | NodeRandom));
}

constexpr bool pairRowsFit() {
  for (const NodeInfo& n : kRows)
    if (!pairRowFits(n)) return false;
  return true;
}
static_assert(pairRowsFit(), "a pair row has a kernel, two outputs, the left and right channels "
                             "of the row's `in` first and the row's other ports after them");

/// Whether `name` is the name or an alias of exactly one row.
constexpr bool namesOneRow(std::string_view name) {
  size_t rows = 0;
  for (const NodeInfo& n : kRows) {
    bool named = name == n.name;
    for (unsigned i = 0; i < n.numAliases; ++i) named = named || name == n.aliases[i];
    rows += named;
  }
  return rows == 1;
}

constexpr bool everyNameIsUnique() {
  for (const NodeInfo& n : kRows) {
    if (!namesOneRow(n.name)) return false;
    for (unsigned i = 0; i < n.numAliases; ++i)
      if (!namesOneRow(n.aliases[i])) return false;
  }
  return true;
}
static_assert(everyNameIsUnique(), "a name or alias of NodeTable.def names two rows");

const NodeInfo* find(std::span<const NodeInfo> rows, std::string_view name, bool aliases) {
  for (const NodeInfo& n : rows)
    if (name == n.name) return &n;
  if (aliases)
    for (const NodeInfo& n : rows)
      for (unsigned i = 0; i < n.numAliases; ++i)
        if (name == n.aliases[i]) return &n;
  return nullptr;
}

} // namespace

std::span<const NodeInfo> table() {
  return kRows;
}

std::span<const NodeInfo> catalogue() {
  return table().first(kNumNodes);
}

const NodeInfo* findNodeExact(std::string_view name) {
  return find(catalogue(), name, false);
}

const NodeInfo* findNode(std::string_view name) {
  return find(catalogue(), name, true);
}

const NodeInfo* findRow(std::string_view name) {
  return find(table(), name, true);
}

std::array<KernelFunction, 5> kernelFunctions(const NodeInfo& node) {
  return {KernelFunction{node.initSymbol, reinterpret_cast<const void*>(node.init)},
          KernelFunction{node.tickSymbol, reinterpret_cast<const void*>(node.tick)},
          KernelFunction{node.arenaSymbol, reinterpret_cast<const void*>(node.arena)},
          KernelFunction{node.edgeSymbol, reinterpret_cast<const void*>(node.edge)},
          KernelFunction{node.smoothSymbol, reinterpret_cast<const void*>(node.smooth)}};
}

const void* nativeFunction(std::string_view symbol) {
  if (symbol == kRingAlignSymbol) return reinterpret_cast<const void*>(&phn_ring_align);
  for (const NodeInfo& n : catalogue())
    for (const KernelFunction& f : kernelFunctions(n))
      if (f.symbol && symbol == f.symbol) return f.address;
  return nullptr;
}

} // namespace phonon::nodes
