// Each kernel's tick run over a block of samples, for the interpreter's block-major stepping
// (interp/): phn_<name>_run (every port a buffer) and phn_<name>_run_const (every port one
// value for the block). Native only, and compiled by clang-19 at -O3 (nodes/CMakeLists.txt):
// with the tick inlined (flatten), a port that is constant for the block is loop-invariant, so
// the loop is unswitched on it and vectorised where the tick allows — a lone `sine` at a
// constant pitch is one vector loop over its fixed-point phases, as in the JIT's code. The
// samples are those of n calls of phn_<name>_tick: the same operations in the same order per
// sample, in vector lanes or not, and no FMA (-ffp-contract=off), so bit for bit.
#include "AllNodes.h"

#include <cstddef>
#include <cstring>
#include <type_traits>

namespace {

using phonon::nodes::Env;
using phonon::nodes::KernelRow;
using phonon::nodes::TickState;

/// The State a block loop ticks: a small one copied into a local for the loop, so that it
/// lives in registers (and a phase is an induction the vectoriser sees), and back after it; a
/// big one (delay lines, reverbs) in place.
template <class S> class LoopState {
public:
  explicit LoopState(void* state) : state_(state) {
    if constexpr (kLocal) std::memcpy(&local_, state, sizeof(S));
  }
  ~LoopState() {
    if constexpr (kLocal) std::memcpy(state_, &local_, sizeof(S));
  }
  LoopState(const LoopState&) = delete;
  LoopState& operator=(const LoopState&) = delete;
  void* get() {
    if constexpr (kLocal)
      return &local_;
    else
      return state_;
  }

private:
  static constexpr bool kLocal =
      !std::is_empty_v<S> && sizeof(S) <= 64 && std::is_trivially_copyable_v<S>;
  void* state_;
  [[no_unique_address]] std::conditional_t<kLocal, S, std::byte> local_;
};

/// n ticks of N: with every port a buffer (`in` is `const float* const*`) or, for Constant,
/// one value each (`in` is `const float*`). The tick is called as Kernels.cpp's tickKernel
/// calls it, but here, in this function's own body: clang's flatten inlines only those calls,
/// not the ones in a function it inlines.
template <class N, bool Constant>
[[gnu::always_inline, gnu::flatten]] inline int32_t
runLoop(void* state, const void* in, float* const* out, const Env* env, uint32_t n) {
  constexpr unsigned kPorts = KernelRow<N>::numPorts;
  using Ports = std::conditional_t<Constant, float, const float*>;
  Ports given[kPorts > 0 ? kPorts : 1];
  for (unsigned p = 0; p < kPorts; ++p) given[p] = static_cast<const Ports*>(in)[p];
  const Env e = *env;
  float* __restrict left = out[0];
  float* __restrict right = out[1];
  LoopState<TickState<N>> s(state);
  uint32_t bad = 0;
  for (uint32_t i = 0; i < n; ++i) {
    float ports[kPorts > 0 ? kPorts : 1];
    for (unsigned p = 0; p < kPorts; ++p) {
      if constexpr (Constant)
        ports[p] = given[p];
      else
        ports[p] = given[p][i];
    }
    float o[2] = {0.0f, 0.0f};
    using State = typename N::State;
    if constexpr (phonon::nodes::BlockKernel<N>) {
      phonon::nodes::tickBlock<N>(*static_cast<phonon::nodes::BlockState<N>*>(s.get()), ports, o,
                                  e);
    } else if constexpr (std::is_empty_v<State>) {
      State none;
      N::tick(none, ports, o, e);
    } else {
      N::tick(*static_cast<State*>(s.get()), ports, o, e);
    }
    left[i] = o[0];
    bad |= phonon::nodes::nonFiniteBit(o[0]);
    right[i] = o[1]; // unconditionally: a masked store to a null out[1] is a slow assist
  }
  return static_cast<int32_t>(bad);
}

} // namespace

// Each in three builds, the one for this CPU picked when the program loads (an ifunc): AVX-512,
// AVX2 or baseline x86-64's SSE2 vectors. The samples are the same in all three.
#define PHONON_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#define PHONON_WITH_KERNEL(name, Type)                                                             \
  extern "C" PHONON_CLONES int32_t phn_##name##_run(                                               \
      void* state, const float* const* in, float* const* out, const Env* env, uint32_t n) {        \
    return runLoop<phonon::nodes::Type, false>(state, in, out, env, n);                            \
  }                                                                                                \
  extern "C" PHONON_CLONES int32_t phn_##name##_run_const(                                         \
      void* state, const float* in, float* const* out, const Env* env, uint32_t n) {               \
    return runLoop<phonon::nodes::Type, true>(state, in, out, env, n);                             \
  }
#define NODE(name, kind, group, state, channels, doc, aliasList, example, portList, kernel)        \
  PHONON_IF_KERNEL(name, PHONON_KERNEL_TYPE_##kernel)
#include "NodeTable.def"
#undef NODE
#undef PHONON_WITH_KERNEL
