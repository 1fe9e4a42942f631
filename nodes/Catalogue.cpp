// The catalogue table, generated from the node declarations listed in NodeList.def.
#include "phonon/nodes/Catalogue.h"

#include "AllNodes.h"

#include <iterator>
#include <type_traits>
#include <vector>

#define PHONON_NODE(Type, sym)                                                                     \
  extern "C" void phn_##sym##_init(void*, const phonon::nodes::Env*, uint32_t,                     \
                                   const phonon::nodes::InitArgs*);                                \
  extern "C" uint64_t phn_##sym##_arena(const phonon::nodes::Env*,                                 \
                                        const phonon::nodes::InitArgs*);                           \
  extern "C" void phn_##sym##_tick(void*, const float*, float*, const phonon::nodes::Env*);
#include "NodeList.def"
#undef PHONON_NODE

namespace phonon::nodes {
namespace {

template <class N> constexpr const char* const* aliasesOf() {
  if constexpr (requires { N::aliases; })
    return N::aliases;
  else
    return nullptr;
}

template <class N> constexpr unsigned aliasCountOf() {
  if constexpr (requires { N::aliases; })
    return static_cast<unsigned>(std::extent_v<decltype(N::aliases)>);
  else
    return 0;
}

template <class N>
constexpr NodeInfo describe(InitFn init, TickFn tick, ArenaFn arena, const char* initSymbol,
                            const char* tickSymbol, const char* arenaSymbol) {
  using State = typename N::State;
  constexpr bool stateless = std::is_empty_v<State>;
  // Only a node that declares arenaBytes gets an arena (and the engines' call to ask).
  constexpr bool hasArena = requires(const Env& env, const InitArgs& args) {
    N::arenaBytes(env, args);
  };
  return NodeInfo{N::name,
                  aliasesOf<N>(),
                  aliasCountOf<N>(),
                  N::ports,
                  N::numPorts,
                  1,
                  stateless ? 0 : sizeof(State),
                  stateless ? 1 : alignof(State),
                  N::flags,
                  N::group,
                  N::cost,
                  N::doc,
                  init,
                  tick,
                  initSymbol,
                  tickSymbol,
                  hasArena ? arena : nullptr,
                  hasArena ? arenaSymbol : nullptr};
}

const NodeInfo kKernelNodes[] = {
#define PHONON_NODE(Type, sym)                                                                     \
  describe<Type>(&phn_##sym##_init, &phn_##sym##_tick, &phn_##sym##_arena, "phn_" #sym "_init",    \
                 "phn_" #sym "_tick", "phn_" #sym "_arena"),
#include "NodeList.def"
#undef PHONON_NODE
};

/// The nodes with kernels, then those declared by signature only.
const std::vector<NodeInfo>& all() {
  static const std::vector<NodeInfo> nodes = [] {
    std::vector<NodeInfo> v(std::begin(kKernelNodes), std::end(kKernelNodes));
    for (const NodeInfo& n : declaredNodes()) v.push_back(n);
    return v;
  }();
  return nodes;
}

} // namespace

std::span<const NodeInfo> catalogue() {
  return all();
}

const NodeInfo* findNodeExact(std::string_view name) {
  for (const NodeInfo& n : all())
    if (name == n.name) return &n;
  return nullptr;
}

const NodeInfo* findNode(std::string_view name) {
  if (const NodeInfo* n = findNodeExact(name)) return n;
  for (const NodeInfo& n : all())
    for (unsigned i = 0; i < n.numAliases; ++i)
      if (name == n.aliases[i]) return &n;
  return nullptr;
}

} // namespace phonon::nodes
