// `additive` (LANGUAGE §7.1): a sum of harmonics whose amplitudes are a constant list, handed to
// the node at init (Node.h ConstArg) and copied into its arena slice.
#pragma once

#include "phonon/nodes/Node.h"

namespace phonon::nodes {

constexpr PortInfo kAdditivePorts[] = {
    required("freq", 440.0f, "Hz", "fundamental frequency"),
    {"amps", 0.0f, 1.0f, 0.0f, PortRequired | PortConstant | PortList, "",
     "amplitude of harmonic k = 1, 2, …: a list `[1, 0.5]` or a string of numbers", nullptr},
};

struct Additive {
  static constexpr const char* name = "additive";
  static constexpr const char* doc = "Σ a_k·sin 2πkφ over the harmonics below sr/2";
  static constexpr const PortInfo* ports = kAdditivePorts;
  static constexpr unsigned numPorts = 2;
  static constexpr Group group = Group::Oscillator;
  static constexpr uint32_t flags = NodeStateful;
  static constexpr float cost = 60;
  struct State {
    float phase;
    uint32_t count;
    const float* amps; ///< `count` amplitudes in the arena
  };
  static uint32_t countOf(const InitArgs& args) {
    return args.numArgs > 1 ? args.args[1].count : 0;
  }
  static uint64_t arenaBytes(const Env&, const InitArgs& args) {
    return uint64_t{countOf(args)} * sizeof(float);
  }
  static void init(State& s, const Env&, uint32_t, const InitArgs& args) {
    s.phase = 0.0f;
    s.count = countOf(args);
    auto* amps = static_cast<float*>(args.arena);
    for (uint32_t k = 0; k < s.count; ++k) amps[k] = args.args[1].items[k];
    s.amps = amps;
  }
  static void tick(State& s, const float* in, float* out, const Env& env) {
    float f = param<Additive>(in, 0);
    float dt = f * env.invSampleRate;
    // Harmonic k sounds while k·|f| < sr/2, that is k·|dt| < ½.
    float step = std::fabs(dt);
    float sum = 0.0f;
    for (uint32_t k = 0; k < s.count; ++k) {
      float harmonic = static_cast<float>(k + 1);
      if (harmonic * step >= 0.5f) break;
      sum += s.amps[k] * sinTwoPi(wrapPhase(harmonic * s.phase));
    }
    out[0] = sum;
    s.phase = wrapPhase(s.phase + dt);
  }
};

} // namespace phonon::nodes
