// Spatial and stereo nodes (LANGUAGE §7.7).
//
// A value is mono or stereo. The nodes that work on channels rather than samples (`pan`,
// `pan2`, `stereo`, `mono`, `widener`) have no struct: their rows say CHANNELS (NodeChannels),
// and the split-channels lowering (ir/Channels.h) replaces each by the per-channel nodes below and
// plain arithmetic, so that the engines only ever run mono values. The per-channel nodes are
// pure functions of one sample; `pan_left` … are internal (NodeOperator), `pan2_l` and
// `pan2_r` are also callable by name.
#pragma once

#include "NodeTable.h"

namespace phonon::nodes {

/// A pure node of one sample: out = Self::apply(in, param…).
template <class Self> struct ChannelKernel {
  static constexpr float cost = 2;
  struct State {};
  static void init(State&, const Env&, uint32_t) {}
};

struct PanLeft : ChannelKernel<PanLeft> {
  static void tick(State&, const float* in, float* out, const Env&) {
    out[0] = in[0] * std::fmin(1.0f, 1.0f - param<PanLeft>(in, 1));
  }
};

struct PanRight : ChannelKernel<PanRight> {
  static void tick(State&, const float* in, float* out, const Env&) {
    out[0] = in[0] * std::fmin(1.0f, 1.0f + param<PanRight>(in, 1));
  }
};

/// θ/(2π) = (p + 1)/8, and cos θ = sin(θ + π/2): both gains come from sinTwoPi (within 2e-7,
/// no libm call). At p = 0 the left and right phases fold to the same argument, so the two
/// gains are the same float.
inline float pan2Phase(float p) {
  return (p + 1.0f) * 0.125f;
}

struct Pan2L : ChannelKernel<Pan2L> {
  static void tick(State&, const float* in, float* out, const Env&) {
    out[0] = in[0] * sinTwoPi(wrapPhase(pan2Phase(param<Pan2L>(in, 1)) + 0.25f));
  }
};

struct Pan2R : ChannelKernel<Pan2R> {
  static void tick(State&, const float* in, float* out, const Env&) {
    out[0] = in[0] * sinTwoPi(wrapPhase(pan2Phase(param<Pan2R>(in, 1))));
  }
};

struct WidenerLeft : ChannelKernel<WidenerLeft> {
  static void tick(State&, const float* in, float* out, const Env&) {
    float mid = (in[0] + in[1]) * 0.5f;
    float side = (in[0] - in[1]) * 0.5f * param<WidenerLeft>(in, 2);
    out[0] = mid + side;
  }
};

struct WidenerRight : ChannelKernel<WidenerRight> {
  static void tick(State&, const float* in, float* out, const Env&) {
    float mid = (in[0] + in[1]) * 0.5f;
    float side = (in[0] - in[1]) * 0.5f * param<WidenerRight>(in, 2);
    out[0] = mid - side;
  }
};

} // namespace phonon::nodes
