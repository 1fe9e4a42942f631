// Block-based nodes (FFT, convolution): a kernel struct that declares `kBlock` and
// `block(state, in, out, env)` computes kBlock samples at a time. Every engine still calls a
// per-sample tick; tickBlock adapts the block function to it with the buffers below, so the
// node's latency is exactly kBlock samples and the engines need no change (docs/architecture.md).
#pragma once

#include "NodeTable.h"

#include <type_traits>

namespace phonon::nodes {

/// A struct with `static constexpr uint32_t kBlock` and
/// `static void block(State&, const float* in, float* out, const Env&)`, which reads kBlock
/// samples of port 0 and writes kBlock output samples. It may declare
/// `static float output(const float* ports, float blockOut)` to combine a sample's ports (the
/// dry input, a mix) with the block output due at that sample; without it the output is
/// blockOut.
template <class N>
concept BlockKernel = requires(typename N::State& s, const float* in, float* out, const Env& env) {
  { N::kBlock } -> std::convertible_to<uint32_t>;
  N::block(s, in, out, env);
};

/// What the per-sample tick of a block node keeps: the node's own state, the input block being
/// filled and the output block computed from the previous one.
template <class N> struct BlockState {
  typename N::State node;
  uint32_t fill; ///< samples of the current input block written so far
  float input[N::kBlock];
  float output[N::kBlock];
};

/// The state the engines allocate for kernel N: its State, or BlockState<N> for a block node.
template <class N> struct TickStateOf { using type = typename N::State; };
template <BlockKernel N> struct TickStateOf<N> { using type = BlockState<N>; };
template <class N> using TickState = typename TickStateOf<N>::type;

/// A block node's tick: the sample joins the input block, the output is the block output
/// computed kBlock samples ago, and a full input block runs `block` (its output is due over
/// the next kBlock ticks).
template <BlockKernel N>
void tickBlock(BlockState<N>& b, const float* in, float* out, const Env& env) {
  uint32_t i = b.fill;
  b.input[i] = in[0];
  float blockOut = b.output[i];
  if (++i == N::kBlock) {
    N::block(b.node, b.input, b.output, env);
    i = 0;
  }
  b.fill = i;
  if constexpr (requires { N::output(in, blockOut); })
    out[0] = N::output(in, blockOut);
  else
    out[0] = blockOut;
}

/// Samples between an input sample and the output it first affects: kBlock, or 0.
template <class N> constexpr uint32_t latencyOf() {
  if constexpr (BlockKernel<N>)
    return N::kBlock;
  else
    return 0;
}

} // namespace phonon::nodes
