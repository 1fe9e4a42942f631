// The exported kernels: two extern "C" functions per node. This file is compiled twice: natively
// into phonon-nodes (the interpreter and constant folding call these) and by clang into the
// bitcode the JIT links and inlines (DESIGN §4). Keep it free of anything but the node headers.
#include "AllNodes.h"

#include <type_traits>

namespace {

template <class N> void initKernel(void* state, const phonon::nodes::Env* env, uint32_t seed) {
  using State = typename N::State;
  if constexpr (!std::is_empty_v<State>) N::init(*static_cast<State*>(state), *env, seed);
}

template <class N>
void tickKernel(void* state, const float* in, float* out, const phonon::nodes::Env* env) {
  using State = typename N::State;
  if constexpr (std::is_empty_v<State>) {
    State none;
    N::tick(none, in, out, *env);
  } else {
    N::tick(*static_cast<State*>(state), in, out, *env);
  }
}

} // namespace

// The rows of NodeTable.def with a kernel.
#define PHONON_WITH_KERNEL(name, Type)                                                             \
  extern "C" void phn_##name##_init(void* state, const phonon::nodes::Env* env, uint32_t seed) {   \
    initKernel<phonon::nodes::Type>(state, env, seed);                                             \
  }                                                                                                \
  extern "C" void phn_##name##_tick(void* state, const float* in, float* out,                      \
                                    const phonon::nodes::Env* env) {                               \
    tickKernel<phonon::nodes::Type>(state, in, out, env);                                          \
  }
#define NODE(name, kind, group, state, channels, doc, aliasList, portList, kernel)                 \
  PHONON_IF_KERNEL(name, PHONON_KERNEL_TYPE_##kernel)
#include "NodeTable.def"
#undef NODE
#undef PHONON_WITH_KERNEL
