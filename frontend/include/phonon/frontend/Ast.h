// The abstract syntax tree of a Phonon program (LANGUAGE §2–3), with exact source ranges.
#pragma once

#include "phonon/support/Source.h"

#include <memory>
#include <string>
#include <vector>

namespace phonon::ast {

enum class ExprKind {
  Number,
  String,
  Bus,
  Template,
  Name,
  Call,
  Paren,
  Negate,
  Binary,
  Chain,
  Dollar,
  List,
  Section,
  ChainSection,
};

/// What an operator computes (LANGUAGE §3.7).
enum class OpKind { Add, Sub, Mul, Div, Mod, Set, Keep, Early, Late };
/// Where its structure comes from: bare operators take both sides; `|+` the left, `+|` the
/// right, `|+|` both, `||+` squeezes; `~+` always works per sample.
enum class OpStructure { Both, Left, Right, Squeeze, PerSample };

struct Operator {
  OpKind kind = OpKind::Add;
  OpStructure structure = OpStructure::Both;
  std::string spelling;
  SourceRange range;
};

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

struct Template : Expr {
  Template(SourceRange r, std::string n) : Expr(ExprKind::Template, r), name(std::move(n)) {}
  std::string name; ///< without the '@'
};

struct Name : Expr {
  Name(SourceRange r, std::string n) : Expr(ExprKind::Name, r), name(std::move(n)) {}
  std::string name;
};

/// One argument of a call: positional, or `:keyword value`.
struct Argument {
  std::string keyword; ///< empty for a positional argument
  SourceRange keywordRange;
  std::unique_ptr<Expr> value;
};

/// `callee a b c` (application by juxtaposition), including `~add a b` and its kin.
struct Call : Expr {
  Call(SourceRange r, std::string c, SourceRange cr)
      : Expr(ExprKind::Call, r), callee(std::move(c)), calleeRange(cr) {}
  std::string callee;
  SourceRange calleeRange;
  std::vector<Argument> args;
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
  Binary(SourceRange r, Operator o, ExprPtr l, ExprPtr rh)
      : Expr(ExprKind::Binary, r), op(std::move(o)), lhs(std::move(l)), rhs(std::move(rh)) {}
  Operator op;
  ExprPtr lhs, rhs;
};

/// `lhs # rhs` (LANGUAGE §3.5).
struct Chain : Expr {
  Chain(SourceRange r, SourceRange orng, ExprPtr l, ExprPtr rh)
      : Expr(ExprKind::Chain, r), opRange(orng), lhs(std::move(l)), rhs(std::move(rh)) {}
  SourceRange opRange;
  ExprPtr lhs, rhs;
};

/// `e1 $ e2 $ … $ ek` (LANGUAGE §3.6): classified by sema as a whole.
struct Dollar : Expr {
  Dollar(SourceRange r) : Expr(ExprKind::Dollar, r) {}
  std::vector<ExprPtr> operands;
  std::vector<SourceRange> opRanges;
};

/// `[a, b, c]`
struct List : Expr {
  List(SourceRange r) : Expr(ExprKind::List, r) {}
  std::vector<ExprPtr> items;
};

/// `(|+ 12)` (operand on the right) or `(0.25 <~)` (operand on the left).
struct Section : Expr {
  Section(SourceRange r, Operator o, ExprPtr e, bool left)
      : Expr(ExprKind::Section, r), op(std::move(o)), operand(std::move(e)), operandOnLeft(left) {}
  Operator op;
  ExprPtr operand;
  bool operandOnLeft;
};

/// `(# speed 2 # lpf 300 1)`: each part is applied in turn with `#`.
struct ChainSection : Expr {
  ChainSection(SourceRange r) : Expr(ExprKind::ChainSection, r) {}
  std::vector<ExprPtr> parts;
};

template <class T> const T& as(const Expr& e) {
  return static_cast<const T&>(e);
}

/// Calls `f` on each direct sub-expression of `e`, in source order (a call's arguments, keyword
/// or not). The one walk over the shape of the tree: a pass that looks for something in an
/// expression handles the kinds it looks for and leaves the recursion to this.
template <class F> void forEachChild(const Expr& e, F&& f) {
  switch (e.kind) {
  case ExprKind::Number:
  case ExprKind::String:
  case ExprKind::Bus:
  case ExprKind::Template:
  case ExprKind::Name:
    return;
  case ExprKind::Call:
    for (const Argument& a : as<Call>(e).args) f(*a.value);
    return;
  case ExprKind::Paren:
    f(*as<Paren>(e).inner);
    return;
  case ExprKind::Negate:
    f(*as<Negate>(e).operand);
    return;
  case ExprKind::Binary:
    f(*as<Binary>(e).lhs);
    f(*as<Binary>(e).rhs);
    return;
  case ExprKind::Chain:
    f(*as<Chain>(e).lhs);
    f(*as<Chain>(e).rhs);
    return;
  case ExprKind::Dollar:
    for (const ExprPtr& o : as<Dollar>(e).operands) f(*o);
    return;
  case ExprKind::List:
    for (const ExprPtr& i : as<List>(e).items) f(*i);
    return;
  case ExprKind::Section:
    f(*as<Section>(e).operand);
    return;
  case ExprKind::ChainSection:
    for (const ExprPtr& p : as<ChainSection>(e).parts) f(*p);
    return;
  }
}

/// `e` without the parentheses around it: `((x))` is `x`.
inline const Expr& withoutParens(const Expr& e) {
  const Expr* inner = &e;
  while (inner->kind == ExprKind::Paren) inner = as<Paren>(*inner).inner.get();
  return *inner;
}

enum class StmtKind {
  Tempo,
  Bpm,
  Bus,
  Out,
  Fn,
  Template,
  Hush,
  Unhush,
  Panic,
  ResetCycles,
  Outmix,
  SetCycle,
  Nudge,
  Buffer,
};

struct Stmt {
  StmtKind kind;
  SourceRange range;     ///< the whole logical line
  SourceRange headRange; ///< `tempo`, `~name`, `out3`, `fn` …
  std::string keyword;   ///< the head as written
  std::string name;      ///< bus, function or template name (without `~`/`@`); outmix mode
  int outputIndex = 0;   ///< Out: 0 for `out`, N for outN/oN/dN; Hush/Unhush: N or -1 for all
  std::vector<std::string> params; ///< Fn parameters
  std::vector<SourceRange> paramRanges;
  std::vector<ExprPtr> values; ///< the expression(s): one (two for `bpm: B K`), none for commands
};

struct Program {
  std::vector<Stmt> statements;
  /// Names (`~bus`, `out`, `@t`, `fn f`) of statements that failed to parse: sema treats them as
  /// defined so that one syntax error does not cascade into "unknown" errors.
  std::vector<std::string> brokenDefinitions;
  bool hadBrokenTempo = false;
};

const char* opKindName(OpKind kind);

/// The AST as indented text with source ranges (`phononc --emit=ast`).
std::string print(const Program& p, const SourceFile& file);

} // namespace phonon::ast
