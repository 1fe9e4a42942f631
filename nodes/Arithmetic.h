// Per-sample arithmetic (LANGUAGE §3.7). Division by zero gives 0.
#pragma once

#include "phonon/nodes/Node.h"

namespace phonon::nodes {

constexpr PortInfo kBinaryPorts[] = {
    signal("a", "left operand"),
    signal("b", "right operand"),
};

template <class Self> struct BinaryOperator {
  static constexpr const PortInfo* ports = kBinaryPorts;
  static constexpr unsigned numPorts = 2;
  static constexpr Group group = Group::Arithmetic;
  static constexpr uint32_t flags = NodeOperator;
  static constexpr float cost = 1;
  struct State {};
  static void init(State&, const Env&, uint32_t) {}
  static void tick(State&, const float* in, float* out, const Env&) {
    out[0] = Self::apply(in[0], in[1]);
  }
};

struct Add : BinaryOperator<Add> {
  static constexpr const char* name = "add";
  static constexpr const char* doc = "a + b";
  static float apply(float a, float b) { return a + b; }
};

struct Sub : BinaryOperator<Sub> {
  static constexpr const char* name = "sub";
  static constexpr const char* doc = "a − b";
  static float apply(float a, float b) { return a - b; }
};

struct Mul : BinaryOperator<Mul> {
  static constexpr const char* name = "mul";
  static constexpr const char* doc = "a × b";
  static float apply(float a, float b) { return a * b; }
};

struct Div : BinaryOperator<Div> {
  static constexpr const char* name = "div";
  static constexpr const char* doc = "a ÷ b, 0 where b = 0";
  static float apply(float a, float b) { return b == 0.0f ? 0.0f : a / b; }
};

struct Mod : BinaryOperator<Mod> {
  static constexpr const char* name = "mod";
  static constexpr const char* doc = "a mod b, floored (the sign of b), 0 where b = 0";
  static float apply(float a, float b) {
    if (b == 0.0f) return 0.0f;
    float r = std::fmod(a, b);
    return (r != 0.0f && ((r < 0.0f) != (b < 0.0f))) ? r + b : r;
  }
};

} // namespace phonon::nodes
