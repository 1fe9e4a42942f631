// Per-sample arithmetic (LANGUAGE §3.7). Division by zero gives 0.
#pragma once

#include "NodeTable.h"

namespace phonon::nodes {

template <class Self> struct BinaryOperator {
  static constexpr float cost = 1;
  struct State {};
  static void init(State&, const Env&, uint32_t) {}
  static void tick(State&, const float* in, float* out, const Env&) {
    out[0] = Self::apply(in[0], in[1]);
  }
};

struct Add : BinaryOperator<Add> {
  static float apply(float a, float b) { return a + b; }
};

struct Sub : BinaryOperator<Sub> {
  static float apply(float a, float b) { return a - b; }
};

struct Mul : BinaryOperator<Mul> {
  static float apply(float a, float b) { return a * b; }
};

struct Div : BinaryOperator<Div> {
  static float apply(float a, float b) { return b == 0.0f ? 0.0f : a / b; }
};

struct Mod : BinaryOperator<Mod> {
  static float apply(float a, float b) {
    if (b == 0.0f) return 0.0f;
    float r = std::fmod(a, b);
    return (r != 0.0f && ((r < 0.0f) != (b < 0.0f))) ? r + b : r;
  }
};

} // namespace phonon::nodes
