// The abstract syntax tree of a Phonon program, with exact source ranges.
#pragma once

#include "phonon/ir/Source.h"

#include <memory>
#include <string>
#include <vector>

namespace phonon::ast {

enum class ExprKind { Number, String, Bus, Name, Call, Paren, Negate, Binary, Chain };
enum class BinaryOp { Add, Sub, Mul, Div };

struct Expr {
  explicit Expr(ExprKind k, SourceRange r) : kind(k), range(r) {}
  virtual ~Expr() = default;
  ExprKind kind;
  SourceRange range;
};
using ExprPtr = std::unique_ptr<Expr>;

struct Number : Expr {
  Number(SourceRange r, std::string t, double v)
      : Expr(ExprKind::Number, r), text(std::move(t)), value(v) {}
  std::string text; ///< as written, with a leading '-' for a negative literal
  double value;
};

struct String : Expr {
  String(SourceRange r, std::string t) : Expr(ExprKind::String, r), text(std::move(t)) {}
  std::string text; ///< without the quotes
};

struct Bus : Expr {
  Bus(SourceRange r, std::string n) : Expr(ExprKind::Bus, r), name(std::move(n)) {}
  std::string name; ///< without the '~'
};

struct Name : Expr {
  Name(SourceRange r, std::string n) : Expr(ExprKind::Name, r), name(std::move(n)) {}
  std::string name;
};

/// `callee a b c`: application by juxtaposition.
struct Call : Expr {
  Call(SourceRange r, std::string c, SourceRange cr)
      : Expr(ExprKind::Call, r), callee(std::move(c)), calleeRange(cr) {}
  std::string callee;
  SourceRange calleeRange;
  std::vector<ExprPtr> args;
};

struct Paren : Expr {
  Paren(SourceRange r, ExprPtr e) : Expr(ExprKind::Paren, r), inner(std::move(e)) {}
  ExprPtr inner;
};

struct Negate : Expr {
  Negate(SourceRange r, ExprPtr e) : Expr(ExprKind::Negate, r), operand(std::move(e)) {}
  ExprPtr operand;
};

struct Binary : Expr {
  Binary(SourceRange r, BinaryOp o, SourceRange orng, ExprPtr l, ExprPtr rh)
      : Expr(ExprKind::Binary, r), op(o), opRange(orng), lhs(std::move(l)), rhs(std::move(rh)) {}
  BinaryOp op;
  SourceRange opRange;
  ExprPtr lhs, rhs;
};

/// `lhs # rhs` (LANGUAGE §3.5).
struct Chain : Expr {
  Chain(SourceRange r, SourceRange orng, ExprPtr l, ExprPtr rh)
      : Expr(ExprKind::Chain, r), opRange(orng), lhs(std::move(l)), rhs(std::move(rh)) {}
  SourceRange opRange;
  ExprPtr lhs, rhs;
};

template <class T> const T& as(const Expr& e) {
  return static_cast<const T&>(e);
}

enum class StmtKind { Tempo, Bpm, Bus, Out };

struct Stmt {
  StmtKind kind;
  SourceRange range;           ///< the whole logical line
  SourceRange headRange;       ///< `tempo`, `~name`, `out` …
  std::string keyword;         ///< `tempo` or `cps` for Tempo statements
  std::string name;            ///< bus name without '~'
  std::vector<ExprPtr> values; ///< one expression (two for `bpm: B K`)
};

struct Program {
  std::vector<Stmt> statements;
  /// Names (`~bus`, `out`) of statements that failed to parse: sema treats them as defined so
  /// that one syntax error does not cascade into "unknown bus" errors.
  std::vector<std::string> brokenDefinitions;
  bool hadBrokenTempo = false;
};

const char* binaryOpSpelling(BinaryOp op);

/// The AST as indented text with source ranges (`phononc --emit=ast`).
std::string print(const Program& p, const SourceFile& file);

} // namespace phonon::ast
