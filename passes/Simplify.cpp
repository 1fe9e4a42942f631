// simplify: algebraic identities that leave every sample bit for bit the same (DESIGN §6):
//   x + 0, 0 + x, x - 0, x * 1, 1 * x, x / 1  →  x
//   x / 2^k                                   →  x * 2^-k
//   (x * a) * b                               →  x * (a·b)   when a or b is a power of two
// Scaling by a power of two commutes with rounding, so the last two are exact; other constant
// chains would round differently and are left alone (the engines must agree to the bit).
#include "phonon/nodes/Catalogue.h"
#include "phonon/passes/Passes.h"

#include <cmath>

namespace phonon::passes {

namespace {

bool isPowerOfTwo(float c) {
  int exponent = 0;
  float mantissa = std::frexp(std::fabs(c), &exponent);
  return mantissa == 0.5f && exponent > -60 && exponent < 60;
}

/// A product whose scaling is exact and stays well inside the normal range.
bool exactProduct(float a, float b) {
  float p = a * b;
  return (isPowerOfTwo(a) || isPowerOfTwo(b)) && std::isnormal(p) && std::fabs(p) < 1e30f &&
         std::fabs(p) > 1e-30f;
}

class Simplifier {
public:
  explicit Simplifier(ir::Module& m) : m_(m) {}

  void run() {
    const size_t n = m_.instrs.size();
    newId_.assign(n, 0);
    out_.reserve(n);
    for (ir::ValueId id = 0; id < n; ++id) {
      ir::Instr in = std::move(m_.instrs[id]);
      for (ir::ValueId& op : in.operands) op = newId_[op];
      if (std::optional<ir::ValueId> same = simplified(in)) {
        // The instruction is its operand: uses read that instead, which keeps any name.
        if (!in.name.empty() && out_[*same].name.empty()) out_[*same].name = std::move(in.name);
        newId_[id] = *same;
        continue;
      }
      newId_[id] = emit(std::move(in));
    }
    m_.instrs = std::move(out_);
  }

private:
  ir::ValueId emit(ir::Instr in) {
    out_.push_back(std::move(in));
    return static_cast<ir::ValueId>(out_.size() - 1);
  }
  std::optional<float> constant(ir::ValueId v) const {
    if (out_[v].op == ir::Opcode::Const) return out_[v].value;
    return std::nullopt;
  }
  bool is(const ir::Instr& in, const char* node) const {
    return in.op == ir::Opcode::Node && std::string_view(in.node->name) == node;
  }

  /// The value `in` equals, if it is one of its operands; otherwise rewrites `in` in place.
  std::optional<ir::ValueId> simplified(ir::Instr& in) {
    if (in.op != ir::Opcode::Node || in.operands.size() != 2) return std::nullopt;
    ir::ValueId a = in.operands[0], b = in.operands[1];
    std::optional<float> ca = constant(a), cb = constant(b);
    // Only where the result has the operand's type and rate, so nothing around it changes.
    auto same = [&](ir::ValueId v) -> std::optional<ir::ValueId> {
      if (out_[v].type != in.type || out_[v].rate != in.rate) return std::nullopt;
      return v;
    };
    if (is(in, "add")) {
      if (cb == 0.0f) return same(a);
      if (ca == 0.0f) return same(b);
    } else if (is(in, "sub")) {
      if (cb == 0.0f) return same(a);
    } else if (is(in, "mul")) {
      if (cb == 1.0f) return same(a);
      if (ca == 1.0f) return same(b);
    } else if (is(in, "div")) {
      if (cb == 1.0f) return same(a);
      if (cb && isPowerOfTwo(*cb) && std::isnormal(1.0f / *cb)) {
        in.node = nodes::findNodeExact("mul");
        in.operands[1] = constantBefore(1.0f / *cb);
        cb = 1.0f / *cb;
      }
    }
    if (is(in, "mul") && cb) {
      // (x * a) * b: the inner product's constant joins b when the scaling stays exact.
      const ir::Instr& inner = out_[a];
      if (is(inner, "mul") && inner.type == in.type) {
        std::optional<float> c = constant(inner.operands[1]);
        if (c && exactProduct(*c, *cb)) {
          ir::ValueId x = inner.operands[0];
          if (*c * *cb == 1.0f) return same(x);
          in.operands = {x, constantBefore(*c * *cb)};
        }
      }
    }
    return std::nullopt;
  }

  ir::ValueId constantBefore(float v) { return emit(constantInstr(v)); }
  static ir::Instr constantInstr(float v) {
    ir::Instr c;
    c.op = ir::Opcode::Const;
    c.rate = ir::Rate::Const;
    c.value = v;
    return c;
  }

  ir::Module& m_;
  std::vector<ir::ValueId> newId_;
  std::vector<ir::Instr> out_;
};

} // namespace

void simplify(ir::Module& m) {
  Simplifier(m).run();
}

} // namespace phonon::passes
