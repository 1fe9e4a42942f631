// Spatial and stereo nodes (LANGUAGE §7.7).
//
// A value is mono or stereo. The nodes that work on channels rather than samples (`pan`,
// `pan2`, `stereo`, `mono`, `widener`) have no tick: they carry NodeChannels, and the
// split-channels lowering (ir/Channels.h) replaces each by the per-channel nodes below and
// plain arithmetic, so that the engines only ever run mono values. The per-channel nodes are
// pure functions of one sample; `pan_left` … are internal (NodeOperator), `pan2_l` and
// `pan2_r` are also callable by name.
#pragma once

#include "phonon/nodes/Node.h"

namespace phonon::nodes {

constexpr PortInfo kPanPorts[] = {
    signal("in", "input signal (mono or stereo)"),
    ranged("p", 0.0f, -1.0f, 1.0f, "", "position: −1 left, 0 centre, 1 right"),
};

constexpr PortInfo kPan2Ports[] = {
    signal("in", "input signal"),
    required("p", 0.0f, "", "position: −1 left, 0 centre, 1 right"),
};

constexpr PortInfo kWidenerChannelPorts[] = {
    signal("l", "left channel"),
    signal("r", "right channel"),
    optional("width", 1.0f, "", "side gain: 0 mono, 1 unchanged"),
};

/// A node that split-channels lowers: no state, no tick.
struct ChannelNode {
  static constexpr Group group = Group::Spatial;
  static constexpr float cost = 0;
  struct State {};
};

struct Pan : ChannelNode {
  static constexpr const char* name = "pan";
  static constexpr const char* doc = "balance law, 0 dB at the centre: L = l·min(1, 1 − p), "
                                     "R = r·min(1, 1 + p); stereo";
  static constexpr const PortInfo* ports = kPanPorts;
  static constexpr unsigned numPorts = 2;
  static constexpr uint32_t flags = NodeChannels | NodeStereoOutput | NodeHasInput;
};

struct Pan2 : ChannelNode {
  static constexpr const char* name = "pan2";
  static constexpr const char* doc = "equal power: L = x·cos θ, R = x·sin θ, θ = (p + 1)·π/4 "
                                     "(a stereo input: per channel); stereo";
  static constexpr const PortInfo* ports = kPan2Ports;
  static constexpr unsigned numPorts = 2;
  static constexpr uint32_t flags = NodeChannels | NodeStereoOutput | NodeHasInput;
};

struct Stereo : ChannelNode {
  static constexpr const char* name = "stereo";
  static constexpr const char* doc = "a stereo signal from two mono signals (a stereo one is "
                                     "averaged first)";
  static constexpr PortInfo ports[] = {signal("l", "left channel"), signal("r", "right channel")};
  static constexpr unsigned numPorts = 2;
  static constexpr uint32_t flags = NodeChannels | NodeStereoOutput;
};

struct Mono : ChannelNode {
  static constexpr const char* name = "mono";
  static constexpr const char* doc = "(L + R)/2; a mono input unchanged";
  static constexpr PortInfo ports[] = {signal("in", "input signal")};
  static constexpr unsigned numPorts = 1;
  static constexpr uint32_t flags = NodeChannels | NodeHasInput;
};

struct Widener : ChannelNode {
  static constexpr const char* name = "widener";
  static constexpr const char* aliases[] = {"width"};
  static constexpr const char* doc = "M = (L + R)/2, S = (L − R)/2·width; L' = M + S, "
                                     "R' = M − S (a mono input stays mono)";
  static constexpr PortInfo ports[] = {signal("in", "input signal"),
                                       optional("width", 1.0f, "", "side gain")};
  static constexpr unsigned numPorts = 2;
  static constexpr uint32_t flags = NodeChannels | NodeHasInput;
};

/// A pure node of one sample: out = Self::apply(in, param…).
template <class Self> struct ChannelKernel {
  static constexpr Group group = Group::Spatial;
  static constexpr float cost = 2;
  struct State {};
  static void init(State&, const Env&, uint32_t) {}
};

struct PanLeft : ChannelKernel<PanLeft> {
  static constexpr const char* name = "pan_left";
  static constexpr const char* doc = "the left channel of `pan`: l·min(1, 1 − p)";
  static constexpr const PortInfo* ports = kPanPorts;
  static constexpr unsigned numPorts = 2;
  static constexpr uint32_t flags = NodeOperator;
  static void tick(State&, const float* in, float* out, const Env&) {
    out[0] = in[0] * std::fmin(1.0f, 1.0f - param<PanLeft>(in, 1));
  }
};

struct PanRight : ChannelKernel<PanRight> {
  static constexpr const char* name = "pan_right";
  static constexpr const char* doc = "the right channel of `pan`: r·min(1, 1 + p)";
  static constexpr const PortInfo* ports = kPanPorts;
  static constexpr unsigned numPorts = 2;
  static constexpr uint32_t flags = NodeOperator;
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
  static constexpr const char* name = "pan2_l";
  static constexpr const char* doc = "the left channel of `pan2`: x·cos θ, θ = (p + 1)·π/4";
  static constexpr const PortInfo* ports = kPan2Ports;
  static constexpr unsigned numPorts = 2;
  static constexpr uint32_t flags = NodeHasInput;
  static void tick(State&, const float* in, float* out, const Env&) {
    out[0] = in[0] * sinTwoPi(wrapPhase(pan2Phase(param<Pan2L>(in, 1)) + 0.25f));
  }
};

struct Pan2R : ChannelKernel<Pan2R> {
  static constexpr const char* name = "pan2_r";
  static constexpr const char* doc = "the right channel of `pan2`: x·sin θ, θ = (p + 1)·π/4";
  static constexpr const PortInfo* ports = kPan2Ports;
  static constexpr unsigned numPorts = 2;
  static constexpr uint32_t flags = NodeHasInput;
  static void tick(State&, const float* in, float* out, const Env&) {
    out[0] = in[0] * sinTwoPi(wrapPhase(pan2Phase(param<Pan2R>(in, 1))));
  }
};

struct WidenerLeft : ChannelKernel<WidenerLeft> {
  static constexpr const char* name = "widener_left";
  static constexpr const char* doc = "the left channel of `widener`: M + S";
  static constexpr const PortInfo* ports = kWidenerChannelPorts;
  static constexpr unsigned numPorts = 3;
  static constexpr uint32_t flags = NodeOperator;
  static void tick(State&, const float* in, float* out, const Env&) {
    float mid = (in[0] + in[1]) * 0.5f;
    float side = (in[0] - in[1]) * 0.5f * param<WidenerLeft>(in, 2);
    out[0] = mid + side;
  }
};

struct WidenerRight : ChannelKernel<WidenerRight> {
  static constexpr const char* name = "widener_right";
  static constexpr const char* doc = "the right channel of `widener`: M − S";
  static constexpr const PortInfo* ports = kWidenerChannelPorts;
  static constexpr unsigned numPorts = 3;
  static constexpr uint32_t flags = NodeOperator;
  static void tick(State&, const float* in, float* out, const Env&) {
    float mid = (in[0] + in[1]) * 0.5f;
    float side = (in[0] - in[1]) * 0.5f * param<WidenerRight>(in, 2);
    out[0] = mid - side;
  }
};

} // namespace phonon::nodes
