// Constant expressions (LANGUAGE §2.2): numbers and `+ - * /` between them evaluated as exact
// rationals, for the tempo (`tempo:`, `bpm:`), the cycle position (`setCycle`, `nudge`) and
// `buffer`.
#include "Sema.h"

namespace phonon::sema {

namespace {

/// Constants are stored as 64-bit fractions (IR, object files): past that, RationalOverflow.
Rational within64(Rational v) {
  if (!v.fits64()) throw RationalOverflow();
  return v;
}

} // namespace

std::optional<Rational> Sema::constant(const ast::Expr& e) {
  switch (e.kind) {
  case ast::ExprKind::Number:
    return Rational::parseDecimal(ast::as<ast::Number>(e).text);
  case ast::ExprKind::Paren:
    return constant(*ast::as<ast::Paren>(e).inner);
  case ast::ExprKind::Negate: {
    auto v = constant(*ast::as<ast::Negate>(e).operand);
    return v ? std::optional<Rational>(-*v) : std::nullopt;
  }
  case ast::ExprKind::Binary: {
    const auto& b = ast::as<ast::Binary>(e);
    auto l = constant(*b.lhs);
    auto r = constant(*b.rhs);
    if (!l || !r) return std::nullopt;
    if (b.op.structure != ast::OpStructure::Both) {
      diags_.error(b.op.range, constantWhat_ + " must be a constant expression of numbers");
      return std::nullopt;
    }
    if (b.op.kind == ast::OpKind::Div && r->num() == 0) {
      diags_.error(b.rhs->range, "division by zero in a constant expression");
      return std::nullopt;
    }
    std::optional<Rational> v = exactArithmetic(b.op.kind, *l, *r);
    if (!v) diags_.error(b.op.range, constantWhat_ + " must be a constant expression of numbers");
    return v;
  }
  default:
    diags_.error(e.range, constantWhat_ + " must be a constant expression of numbers");
    return std::nullopt;
  }
}

/// `l op r` for the operators exact on rationals (`+ - * /`); nullopt for the others and for a
/// division by zero. Throws RationalOverflow.
std::optional<Rational> Sema::exactArithmetic(ast::OpKind kind, Rational l, Rational r) {
  switch (kind) {
  case ast::OpKind::Add:
    return within64(l + r);
  case ast::OpKind::Sub:
    return within64(l - r);
  case ast::OpKind::Mul:
    return within64(l * r);
  case ast::OpKind::Div:
    if (r.num() == 0) return std::nullopt;
    return within64(l / r);
  default:
    return std::nullopt;
  }
}

/// The exact value of a number literal, or nullopt where a fraction of 64-bit integers cannot
/// hold it (`1e-300`): such a number stays a float.
std::optional<Rational> Sema::exactLiteral(const ast::Number& n) {
  try {
    return within64(Rational::parseDecimal(n.text));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

void Sema::evaluateTempo() {
  if (!tempo_) return;
  constantWhat_ = "the tempo";
  const ast::Stmt& s = *tempo_;
  std::optional<Rational> cps;
  try {
    cps = constant(*s.values[0]);
    if (cps && s.kind == ast::StmtKind::Bpm) {
      // bpm: B K  =  cps B / 60 / K, with K beats per cycle defaulting to 4.
      Rational beats(4);
      if (s.values.size() > 1) {
        auto k = constant(*s.values[1]);
        if (!k) return;
        if (k->num() <= 0) {
          diags_.error(s.values[1]->range, "beats per cycle must be positive");
          return;
        }
        beats = *k;
      }
      cps = within64(*cps / Rational(60) / beats);
    }
  } catch (const RationalOverflow&) {
    diags_.error(s.values[0]->range, "the tempo cannot be represented exactly");
    return;
  }
  if (!cps) return;
  if (cps->num() <= 0) {
    diags_.error(s.values[0]->range, "the tempo must be positive, is " + cps->toString());
    return;
  }
  module_.cps = *cps;
}

/// `buffer: N`: a whole number of samples from 64 to 16384.
void Sema::checkBuffer(const ast::Stmt& s) {
  std::optional<Rational> n;
  try {
    constantWhat_ = "`buffer`";
    n = constant(*s.values[0]);
  } catch (const RationalOverflow&) {
    n = Rational(0); // out of range, reported below
  }
  if (n && (n->den() != 1 || n->num() < 64 || n->num() > 16384))
    diags_.error(s.values[0]->range, "`buffer` takes a whole number from 64 to 16384");
}

/// `setCycle x`, `nudge x`: in a file they set where the render starts (LANGUAGE §2.2), in
/// source order.
void Sema::moveStart(const ast::Stmt& s) {
  constantWhat_ = "the cycle position";
  std::optional<Rational> x;
  try {
    x = constant(*s.values[0]);
    if (x)
      module_.patterns.start =
          s.kind == ast::StmtKind::SetCycle ? *x : within64(module_.patterns.start + *x);
  } catch (const RationalOverflow&) {
    diags_.error(s.values[0]->range, "this cycle position cannot be represented exactly");
  }
}

} // namespace phonon::sema
