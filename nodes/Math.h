// Math and utility nodes (LANGUAGE §7.8) that work per sample on signals.
#pragma once

#include "phonon/nodes/Node.h"

namespace phonon::nodes {

struct Tanh {
  static constexpr const char* name = "tanh";
  static constexpr const char* doc = "hyperbolic tangent";
  static constexpr PortInfo ports[] = {signal("x", "input")};
  static constexpr unsigned numPorts = 1;
  static constexpr Group group = Group::Arithmetic;
  static constexpr uint32_t flags = 0;
  static constexpr float cost = 8;
  struct State {};
  static void init(State&, const Env&, uint32_t) {}
  static void tick(State&, const float* in, float* out, const Env&) { out[0] = std::tanh(in[0]); }
};

struct Clip {
  static constexpr const char* name = "clip";
  static constexpr const char* doc = "x clamped to [lo, hi]";
  static constexpr PortInfo ports[] = {signal("x", "input"),
                                       optional("lo", -1.0f, "", "lower bound"),
                                       optional("hi", 1.0f, "", "upper bound")};
  static constexpr unsigned numPorts = 3;
  static constexpr Group group = Group::Arithmetic;
  static constexpr uint32_t flags = 0;
  static constexpr float cost = 2;
  struct State {};
  static void init(State&, const Env&, uint32_t) {}
  static void tick(State&, const float* in, float* out, const Env&) {
    out[0] = std::fmin(std::fmax(in[0], param<Clip>(in, 1)), param<Clip>(in, 2));
  }
};

} // namespace phonon::nodes
