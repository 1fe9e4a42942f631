// The exported kernels: two extern "C" functions per node. This file is compiled twice: natively
// into phonon-nodes (the interpreter and constant folding call these) and by clang into the
// bitcode the JIT links and inlines (DESIGN §4). Keep it free of anything but the node headers.
#include "AllNodes.h"

#include <type_traits>

namespace {

using phonon::nodes::BlockKernel;
using phonon::nodes::BlockState;
using phonon::nodes::Env;
using phonon::nodes::InitArgs;
using phonon::nodes::tickBlock;

/// A node's init takes (state, env, seed) or, when it reads constant arguments or an arena,
/// (state, env, seed, args).
template <class N>
void initState(typename N::State& state, const Env* env, uint32_t seed, const InitArgs* args) {
  if constexpr (std::is_empty_v<typename N::State>)
    return;
  else if constexpr (requires { N::init(state, *env, seed, *args); })
    N::init(state, *env, seed, *args);
  else
    N::init(state, *env, seed);
}

template <class N>
void initKernel(void* state, const Env* env, uint32_t seed, const InitArgs* args) {
  if constexpr (BlockKernel<N>) {
    // The block buffers start silent: the first kBlock outputs are the latency's zeros.
    auto& b = *static_cast<BlockState<N>*>(state);
    b.fill = 0;
    for (uint32_t i = 0; i < N::kBlock; ++i) b.input[i] = b.output[i] = 0.0f;
    initState<N>(b.node, env, seed, args);
  } else if constexpr (!std::is_empty_v<typename N::State>) {
    initState<N>(*static_cast<typename N::State*>(state), env, seed, args);
  }
}

/// The arena bytes of a node that declares `arenaBytes(env, args)`; 0 for the others.
template <class N> uint64_t arenaKernel(const Env* env, const InitArgs* args) {
  if constexpr (requires { N::arenaBytes(*env, *args); })
    return N::arenaBytes(*env, *args);
  else
    return 0;
}

template <class N> void tickKernel(void* state, const float* in, float* out, const Env* env) {
  using State = typename N::State;
  if constexpr (BlockKernel<N>) {
    tickBlock<N>(*static_cast<BlockState<N>*>(state), in, out, *env);
  } else if constexpr (std::is_empty_v<State>) {
    State none;
    N::tick(none, in, out, *env);
  } else {
    N::tick(*static_cast<State*>(state), in, out, *env);
  }
}

/// Whether node N has a smooth tick away from its jumps (Oscillators.h EdgeOscillator).
template <class N>
concept EdgeKernel = requires(typename N::State& s, const float* in, float* out, const Env& env) {
  N::edge(s, in, env);
  N::tickSmooth(s, in, out, env);
};

/// 1 where N's tick may differ from its smooth tick this sample; 1 always for a node without
/// one (the catalogue names these functions only for an EdgeKernel).
template <class N> int32_t edgeKernel(const void* state, const float* in, const Env* env) {
  if constexpr (EdgeKernel<N>)
    return N::edge(*static_cast<const typename N::State*>(state), in, *env) ? 1 : 0;
  else
    return 1;
}

template <class N> void smoothKernel(void* state, const float* in, float* out, const Env* env) {
  if constexpr (EdgeKernel<N>)
    N::tickSmooth(*static_cast<typename N::State*>(state), in, out, *env);
  else
    tickKernel<N>(state, in, out, env);
}

} // namespace

// The rows of NodeTable.def with a kernel.
#define PHONON_WITH_KERNEL(name, Type)                                                             \
  extern "C" void phn_##name##_init(void* state, const Env* env, uint32_t seed,                    \
                                    const InitArgs* args) {                                        \
    initKernel<phonon::nodes::Type>(state, env, seed, args);                                       \
  }                                                                                                \
  extern "C" uint64_t phn_##name##_arena(const Env* env, const InitArgs* args) {                   \
    return arenaKernel<phonon::nodes::Type>(env, args);                                            \
  }                                                                                                \
  extern "C" void phn_##name##_tick(void* state, const float* in, float* out,                      \
                                    const phonon::nodes::Env* env) {                               \
    tickKernel<phonon::nodes::Type>(state, in, out, env);                                          \
  }                                                                                                \
  extern "C" int32_t phn_##name##_edge(const void* state, const float* in,                         \
                                       const phonon::nodes::Env* env) {                            \
    return edgeKernel<phonon::nodes::Type>(state, in, env);                                        \
  }                                                                                                \
  extern "C" void phn_##name##_smooth(void* state, const float* in, float* out,                    \
                                      const phonon::nodes::Env* env) {                             \
    smoothKernel<phonon::nodes::Type>(state, in, out, env);                                        \
  }
#define NODE(name, kind, group, state, channels, doc, aliasList, example, portList, kernel)        \
  PHONON_IF_KERNEL(name, PHONON_KERNEL_TYPE_##kernel)
#include "NodeTable.def"
#undef NODE
#undef PHONON_WITH_KERNEL

// A ring bank's lanes at one ring position (codegen, DelayLines.h kRingLine): a lane whose line
// is elsewhere (its state copied by a live edit) is realigned, once, before its bank runs.
extern "C" void phn_ring_align(float* data, uint32_t size, uint32_t write, uint32_t position) {
  phonon::nodes::realignRing(data, size, write, position);
}
