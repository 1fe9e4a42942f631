#include "phonon/ir/PatternText.h"

#include "phonon/pattern/Ops.h"

#include <cctype>
#include <charconv>
#include <cstring>

namespace phonon::ir {

using pattern::PatternExpr;
using pattern::PatternExprPtr;
using pattern::PatternFn;
using pattern::PatternFnPtr;

std::string printIn(const PatternExpr& expr, pattern::AtomContext context);
pattern::AtomContext defaultContext(std::string_view control);

namespace {

using Kind = PatternExpr::Kind;

/// Exact: a number that came from a float constant (`gain 0.9` holds 0.9f widened) is written
/// as that float with an `f`, any other as the shortest double that reads back the same.
std::string number(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  std::string asDouble(buf, end);
  auto f = static_cast<float>(v);
  if (static_cast<double>(f) != v) return asDouble;
  auto [fend, fec] = std::to_chars(buf, buf + sizeof buf, f);
  std::string asFloat(buf, fend);
  return asFloat == asDouble ? asDouble : asFloat + "f";
}

/// An exact number (LANGUAGE §6.1): as a decimal where one reads back exactly, else as the
/// fraction `n/d`.
std::string exactNumber(const Rational& r) {
  std::string decimal = number(r.toDouble());
  try {
    if (decimal.back() != 'f' && Rational::parseDecimal(decimal) == r) return decimal;
  } catch (const std::exception&) { // RationalOverflow, or not a decimal (`inf`)
  }
  return r.toString();
}

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

const char* opSymbol(pattern::ArithOp op) {
  switch (op) {
  case pattern::ArithOp::Add:
    return "+";
  case pattern::ArithOp::Sub:
    return "-";
  case pattern::ArithOp::Mul:
    return "*";
  case pattern::ArithOp::Div:
    return "/";
  case pattern::ArithOp::Mod:
    return "%";
  case pattern::ArithOp::Pow:
    return "**";
  }
  return "?";
}

/// `+`, `|+`, `+|`, `||+`; `|>|`, `|>`, `>|`, `||>` (and `<`): LANGUAGE §3.7.
std::string operatorSpelling(uint8_t kind, pattern::ArithOp op, pattern::Structure structure) {
  auto k = static_cast<Kind>(kind);
  std::string s = k == Kind::Set ? ">" : k == Kind::Keep ? "<" : opSymbol(op);
  switch (structure) {
  case pattern::Structure::Left:
    return "|" + s;
  case pattern::Structure::Right:
    return s + "|";
  case pattern::Structure::Squeeze:
    return "||" + s;
  case pattern::Structure::Both:
    return k == Kind::Arithmetic ? s : "|" + s + "|";
  }
  return s;
}

struct Operator {
  uint8_t kind;
  pattern::ArithOp op;
  pattern::Structure structure;
};

/// The inverse of operatorSpelling.
std::optional<Operator> operatorNamed(std::string_view s) {
  for (uint8_t kind : {static_cast<uint8_t>(Kind::Arithmetic), static_cast<uint8_t>(Kind::Set),
                       static_cast<uint8_t>(Kind::Keep)})
    for (int op = 0; op <= static_cast<int>(pattern::ArithOp::Pow); ++op)
      for (auto structure : {pattern::Structure::Left, pattern::Structure::Right,
                             pattern::Structure::Both, pattern::Structure::Squeeze}) {
        if (kind != static_cast<uint8_t>(Kind::Arithmetic) && op != 0) continue;
        auto a = static_cast<pattern::ArithOp>(op);
        if (operatorSpelling(kind, a, structure) == s) return Operator{kind, a, structure};
      }
  return std::nullopt;
}

/// How a string's atoms are read, where the position does not say (`:num` only where the
/// default is another: under `s`/`sound` strings are sounds, as bools where a transform takes
/// booleans).
const char* contextSuffix(pattern::AtomContext c) {
  switch (c) {
  case pattern::AtomContext::Numeric:
    return ":num";
  case pattern::AtomContext::Sound:
    return ":sound";
  case pattern::AtomContext::Boolean:
    return ":bool";
  case pattern::AtomContext::Generic:
    return ":any";
  }
  return "";
}

std::string printArg(const pattern::PatternArg& a, char kind) {
  if (a.pattern)
    return printIn(*a.pattern, kind == 'b'   ? pattern::AtomContext::Boolean
                               : kind == 'w' ? pattern::AtomContext::Sound
                                             : pattern::AtomContext::Numeric);
  if (a.function && a.function->kind == PatternFn::Kind::Section)
    return printPatternFn(*a.function);
  if (a.function) return "(" + printPatternFn(*a.function) + ")";
  std::string out = "[";
  if (a.isPatterns)
    for (size_t i = 0; i < a.patterns.size(); ++i)
      out += (i ? ", " : "") + printPattern(*a.patterns[i]);
  else
    for (size_t i = 0; i < a.functions.size(); ++i)
      out += (i ? ", " : "") + printPatternFn(*a.functions[i]);
  return out + "]";
}

bool isOperatorChar(char c) {
  return std::strchr("|+-*/%<>", c) != nullptr && c != '\0';
}

bool isNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '\'';
}

/// A recursive-descent reader with backtracking: a failed alternative restores the position
/// and its error; the first error of the final attempt is reported.
class Reader {
public:
  Reader(std::string_view text, size_t pos, uint32_t base, const MiniParser& mini,
         DiagnosticEngine& diags)
      : text_(text), pos_(pos), base_(base), mini_(mini), diags_(diags) {}

  size_t pos() const { return pos_; }

  PatternExprPtr expr(pattern::AtomContext context = pattern::AtomContext::Numeric) {
    skipSpace();
    if (peek() == '"') return mini(context);
    if (peek() == '(') return parenthesized();
    if (auto v = numberHere()) {
      auto e = std::make_shared<PatternExpr>();
      e->kind = Kind::Number;
      e->number = v->value;
      e->exact = v->exact;
      return e;
    }
    return fail("expected a pattern: a string, a number or `(`");
  }

  PatternFnPtr function() {
    PatternFnPtr first = term();
    if (!first) return nullptr;
    std::vector<PatternFnPtr> steps{first};
    for (;;) {
      size_t save = pos_;
      skipSpace();
      if (peek() != '.' || (pos_ + 1 < text_.size() && text_[pos_ + 1] != ' ')) {
        pos_ = save;
        break;
      }
      ++pos_;
      PatternFnPtr next = term();
      if (!next) return nullptr;
      steps.push_back(next);
    }
    if (steps.size() == 1) return first;
    auto fn = std::make_shared<PatternFn>();
    fn->kind = PatternFn::Kind::Compose;
    fn->steps = std::move(steps);
    return fn;
  }

  bool failed() const { return failed_; }
  void report() {
    if (failed_) diags_.error(SourceRange::at(base_ + static_cast<uint32_t>(errorAt_)), error_);
  }

private:
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void skipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  bool eat(char c) {
    skipSpace();
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  template <class T = PatternExprPtr> T fail(std::string message) {
    if (!failed_) {
      failed_ = true;
      error_ = std::move(message);
      errorAt_ = pos_;
    }
    return nullptr;
  }
  bool expect(char c, const char* what) {
    if (eat(c)) return true;
    fail(std::string("expected `") + c + "` " + what);
    return false;
  }

  std::string name() {
    skipSpace();
    size_t start = pos_;
    if (pos_ < text_.size() && std::isalpha(static_cast<unsigned char>(text_[pos_])))
      while (pos_ < text_.size() && isNameChar(text_[pos_]) &&
             !(text_[pos_] == '.' && (pos_ + 1 >= text_.size() || text_[pos_ + 1] == ' ')))
        ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }

  std::string operatorToken() {
    skipSpace();
    size_t start = pos_;
    while (pos_ < text_.size() && isOperatorChar(text_[pos_])) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }

  struct NumberText {
    double value;
    std::optional<Rational> exact; ///< a decimal or `n/d`; not a float (`0.1f`), `inf`, `nan`
  };

  std::optional<NumberText> numberHere() {
    skipSpace();
    size_t start = pos_;
    size_t end = start;
    if (end < text_.size() && text_[end] == '-') ++end;
    if (text_.compare(end, 3, "inf") == 0 || text_.compare(end, 3, "nan") == 0) {
      end += 3;
    } else {
      size_t digits = end;
      while (end < text_.size() &&
             (std::isdigit(static_cast<unsigned char>(text_[end])) || text_[end] == '.' ||
              text_[end] == 'e' ||
              ((text_[end] == '-' || text_[end] == '+') && (text_[end - 1] == 'e'))))
        ++end;
      if (end == digits) return std::nullopt;
    }
    double v = 0;
    if (end < text_.size() && text_[end] == 'f') {
      float f = 0;
      auto [ptr, ec] = std::from_chars(text_.data() + start, text_.data() + end, f);
      if (ec != std::errc() || ptr != text_.data() + end) return std::nullopt;
      pos_ = end + 1;
      return NumberText{static_cast<double>(f), std::nullopt};
    }
    auto [ptr, ec] = std::from_chars(text_.data() + start, text_.data() + end, v);
    if (ec != std::errc() || ptr != text_.data() + end) return std::nullopt;
    if (end + 1 < text_.size() && text_[end] == '/' &&
        std::isdigit(static_cast<unsigned char>(text_[end + 1]))) {
      // `1/3`: an exact fraction, written where no decimal is exact.
      int64_t num = 0, den = 0;
      auto [nptr, nec] = std::from_chars(text_.data() + start, text_.data() + end, num);
      size_t denEnd = end + 1;
      while (denEnd < text_.size() && std::isdigit(static_cast<unsigned char>(text_[denEnd])))
        ++denEnd;
      auto [dptr, dec] = std::from_chars(text_.data() + end + 1, text_.data() + denEnd, den);
      if (nec != std::errc() || nptr != text_.data() + end || dec != std::errc() || den == 0 ||
          num == INT64_MIN)
        return std::nullopt;
      pos_ = denEnd;
      Rational r(num, den);
      return NumberText{r.toDouble(), r};
    }
    pos_ = end;
    NumberText n{v, std::nullopt};
    try {
      n.exact = Rational::parseDecimal(std::string(text_.substr(start, end - start)));
    } catch (const std::exception&) { // RationalOverflow, or not a decimal (`inf`, `nan`)
    }
    return n;
  }

  PatternExprPtr mini(pattern::AtomContext context) {
    size_t open = pos_++;
    std::string text;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      char c = text_[pos_++];
      if (c == '\\' && pos_ < text_.size()) {
        c = text_[pos_++];
        if (c == 'n') c = '\n';
      }
      text += c;
    }
    if (pos_ >= text_.size()) {
      pos_ = open;
      return fail("unterminated string");
    }
    ++pos_;
    auto e = std::make_shared<PatternExpr>();
    e->kind = Kind::Mini;
    e->text = text;
    e->context = context;
    for (auto c : {pattern::AtomContext::Numeric, pattern::AtomContext::Sound,
                   pattern::AtomContext::Boolean, pattern::AtomContext::Generic}) {
      std::string_view suffix = contextSuffix(c);
      if (text_.compare(pos_, suffix.size(), suffix) == 0) {
        e->context = c;
        pos_ += suffix.size();
      }
    }
    unsigned before = diags_.errorCount();
    e->mini = mini_(text, base_ + static_cast<uint32_t>(open + 1), diags_);
    if (!e->mini) {
      if (diags_.errorCount() == before) diags_.error(SourceRange::at(base_ + open), "bad string");
      failed_ = reported_ = true;
      return nullptr;
    }
    return e;
  }

  /// After `(`: a binary operator, `$`, a control or a generator.
  PatternExprPtr parenthesized() {
    ++pos_;
    skipSpace();
    if (std::isalpha(static_cast<unsigned char>(peek()))) {
      size_t save = pos_;
      std::string head = name();
      if (pattern::isGenerator(head)) {
        auto e = std::make_shared<PatternExpr>();
        e->kind = Kind::Generator;
        e->generator = head;
        while (!eat(')')) {
          PatternExprPtr item = expr();
          if (!item) return nullptr;
          e->items.push_back(item);
        }
        return e;
      }
      skipSpace();
      if (!head.empty() && peek() != ')' && !isOperatorChar(peek()) && peek() != '$') {
        auto e = std::make_shared<PatternExpr>();
        e->kind = Kind::Control;
        e->control = head;
        e->lhs = expr(defaultContext(head));
        if (!e->lhs || !expect(')', "after a control's pattern")) return nullptr;
        return e;
      }
      pos_ = save;
    }
    PatternExprPtr lhs = expr();
    if (!lhs) return nullptr;
    if (eat('$')) {
      auto e = std::make_shared<PatternExpr>();
      e->kind = Kind::Apply;
      e->lhs = lhs;
      e->function = function();
      if (!e->function || !expect(')', "after a transform")) return nullptr;
      return e;
    }
    std::string spelling = operatorToken();
    std::optional<Operator> op = operatorNamed(spelling);
    if (!op) return fail("expected an operator, `$` or `)`");
    auto e = std::make_shared<PatternExpr>();
    e->kind = static_cast<Kind>(op->kind);
    e->op = op->op;
    e->structure = op->structure;
    e->lhs = lhs;
    e->rhs = expr();
    if (!e->rhs || !expect(')', "after an operator's operands")) return nullptr;
    return e;
  }

  PatternFnPtr section(PatternExprPtr operand, const Operator& op, bool operandOnLeft) {
    auto fn = std::make_shared<PatternFn>();
    fn->kind = PatternFn::Kind::Section;
    fn->sectionKind = op.kind;
    fn->op = op.op;
    fn->structure = op.structure;
    fn->operand = std::move(operand);
    fn->operandOnLeft = operandOnLeft;
    return fn;
  }

  PatternFnPtr term() {
    skipSpace();
    if (peek() == '(') {
      size_t open = pos_++;
      skipSpace();
      if (isOperatorChar(peek())) {
        std::string spelling = operatorToken();
        std::optional<Operator> op = operatorNamed(spelling);
        if (!op) return fail<PatternFnPtr>("unknown operator `" + spelling + "`");
        PatternExprPtr operand = expr();
        if (!operand || !expect(')', "after a section")) return nullptr;
        return section(operand, *op, false);
      }
      // `(fast 2 . rev)` or `("1 2" +|)`: try a function first.
      size_t save = pos_;
      if (PatternFnPtr inner = function(); inner && eat(')')) return inner;
      pos_ = save;
      failed_ = false;
      PatternExprPtr operand = expr();
      if (!operand) return nullptr;
      std::string spelling = operatorToken();
      std::optional<Operator> op = operatorNamed(spelling);
      if (!op || !expect(')', "after a section")) {
        pos_ = open;
        return fail<PatternFnPtr>("expected a transform or an operator section");
      }
      return section(operand, *op, true);
    }
    std::string n = name();
    const pattern::OpInfo* op = pattern::findOp(n);
    if (!op)
      return fail<PatternFnPtr>(n.empty() ? "expected a transform"
                                          : "unknown transform `" + n + "`");
    auto fn = std::make_shared<PatternFn>();
    fn->kind = PatternFn::Kind::Transform;
    fn->name = n;
    for (const char* k = op->args; *k; ++k) {
      pattern::PatternArg arg;
      switch (static_cast<pattern::ArgKind>(*k)) {
      case pattern::ArgKind::Pattern:
      case pattern::ArgKind::Bools:
      case pattern::ArgKind::Any:
      case pattern::ArgKind::Optional: // printed with the 1 of a left-out amount
      case pattern::ArgKind::Word:
        arg.pattern = expr(*k == 'b'   ? pattern::AtomContext::Boolean
                           : *k == 'w' ? pattern::AtomContext::Sound
                                       : pattern::AtomContext::Numeric);
        if (!arg.pattern) return nullptr;
        break;
      case pattern::ArgKind::Function:
        arg.function = term();
        if (!arg.function) return nullptr;
        break;
      case pattern::ArgKind::Functions:
      case pattern::ArgKind::Patterns:
      case pattern::ArgKind::Numbers:
      case pattern::ArgKind::Values: {
        bool patterns = *k != 'F';
        arg.isPatterns = patterns;
        if (!expect('[', "before a list")) return nullptr;
        if (!eat(']')) {
          do {
            if (patterns) {
              PatternExprPtr p = expr();
              if (!p) return nullptr;
              arg.patterns.push_back(p);
            } else {
              PatternFnPtr f = function();
              if (!f) return nullptr;
              arg.functions.push_back(f);
            }
          } while (eat(','));
          if (!expect(']', "after a list")) return nullptr;
        }
        break;
      }
      }
      fn->args.push_back(std::move(arg));
    }
    return fn;
  }

  std::string_view text_;
  size_t pos_;
  uint32_t base_;
  const MiniParser& mini_;
  DiagnosticEngine& diags_;
  bool failed_ = false;
  bool reported_ = false; ///< the mini parser reported it already
  std::string error_;
  size_t errorAt_ = 0;

public:
  bool alreadyReported() const { return reported_; }
};

} // namespace

std::string printPatternFn(const PatternFn& fn) {
  switch (fn.kind) {
  case PatternFn::Kind::Transform: {
    std::string out = fn.name;
    const pattern::OpInfo* op = pattern::findOp(fn.name);
    for (size_t i = 0; i < fn.args.size(); ++i)
      out += " " + printArg(fn.args[i], op && i < std::strlen(op->args) ? op->args[i] : 'p');
    return out;
  }
  case PatternFn::Kind::Section: {
    std::string op = operatorSpelling(fn.sectionKind, fn.op, fn.structure);
    return fn.operandOnLeft ? "(" + printPattern(*fn.operand) + " " + op + ")"
                            : "(" + op + " " + printPattern(*fn.operand) + ")";
  }
  case PatternFn::Kind::Compose: {
    std::string out;
    for (size_t i = 0; i < fn.steps.size(); ++i) {
      const PatternFn& step = *fn.steps[i];
      std::string s = printPatternFn(step);
      if (step.kind == PatternFn::Kind::Compose) s = "(" + s + ")";
      out += (i ? " . " : "") + s;
    }
    return out;
  }
  }
  return "?";
}

/// The context a string has without a suffix, inside a control named `control`.
pattern::AtomContext defaultContext(std::string_view control) {
  return control == "s" || control == "sound" ? pattern::AtomContext::Sound
                                              : pattern::AtomContext::Numeric;
}

std::string printPattern(const PatternExpr& expr) {
  return printIn(expr, pattern::AtomContext::Numeric);
}

std::string printIn(const PatternExpr& expr, pattern::AtomContext context) {
  switch (expr.kind) {
  case Kind::Mini:
    return quoted(expr.text) + (expr.context == context ? "" : contextSuffix(expr.context));
  case Kind::Number:
    return expr.exact ? exactNumber(*expr.exact) : number(expr.number);
  case Kind::Arithmetic:
  case Kind::Set:
  case Kind::Keep:
    return "(" + printPattern(*expr.lhs) + " " +
           operatorSpelling(static_cast<uint8_t>(expr.kind), expr.op, expr.structure) + " " +
           printPattern(*expr.rhs) + ")";
  case Kind::Apply:
    return "(" + printPattern(*expr.lhs) + " $ " + printPatternFn(*expr.function) + ")";
  case Kind::Control:
    return "(" + expr.control + " " + printIn(*expr.lhs, defaultContext(expr.control)) + ")";
  case Kind::Generator: {
    std::string out = "(" + expr.generator;
    for (const PatternExprPtr& item : expr.items) out += " " + printPattern(*item);
    return out + ")";
  }
  }
  return "?";
}

PatternExprPtr parsePattern(std::string_view text, size_t& pos, uint32_t base,
                            const MiniParser& mini, DiagnosticEngine& diags) {
  Reader r(text, pos, base, mini, diags);
  PatternExprPtr e = r.expr();
  if (!e) {
    if (!r.alreadyReported()) r.report();
    return nullptr;
  }
  pos = r.pos();
  return e;
}

} // namespace phonon::ir
