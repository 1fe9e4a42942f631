// `phononc --emit=ast`: one node per line, indented, with its source range.
#include "phonon/frontend/Ast.h"

namespace phonon::ast {

const char* opKindName(OpKind kind) {
  switch (kind) {
  case OpKind::Add:
    return "add";
  case OpKind::Sub:
    return "sub";
  case OpKind::Mul:
    return "mul";
  case OpKind::Div:
    return "div";
  case OpKind::Mod:
    return "mod";
  case OpKind::Set:
    return "set";
  case OpKind::Keep:
    return "keep";
  case OpKind::Early:
    return "early";
  case OpKind::Late:
    return "late";
  }
  return "?";
}

namespace {

class Printer {
public:
  explicit Printer(const SourceFile& f) : file_(f) {}

  std::string rangeText(SourceRange r) const {
    LineCol b = file_.lineCol(r.begin);
    LineCol e = file_.lineCol(r.end);
    return "<" + std::to_string(b.line) + ":" + std::to_string(b.col) + "-" +
           std::to_string(e.line) + ":" + std::to_string(e.col) + ">";
  }

  void line(unsigned depth, const std::string& text, SourceRange r) {
    out.append(depth * 2, ' ');
    out += text + " " + rangeText(r) + "\n";
  }

  void expr(const Expr& e, unsigned depth) {
    switch (e.kind) {
    case ExprKind::Number:
      line(depth, "Number " + as<Number>(e).text, e.range);
      break;
    case ExprKind::String:
      line(depth, "String \"" + as<String>(e).text + "\"", e.range);
      break;
    case ExprKind::Bus:
      line(depth, "Bus ~" + as<Bus>(e).name, e.range);
      break;
    case ExprKind::Template:
      line(depth, "Template @" + as<Template>(e).name, e.range);
      break;
    case ExprKind::Name:
      line(depth, "Name " + as<Name>(e).name, e.range);
      break;
    case ExprKind::Call: {
      const auto& c = as<Call>(e);
      line(depth, "Call " + c.callee, e.range);
      for (const Argument& a : c.args) {
        if (!a.keyword.empty()) {
          line(depth + 1, "Keyword :" + a.keyword, a.keywordRange);
          expr(*a.value, depth + 2);
        } else {
          expr(*a.value, depth + 1);
        }
      }
      break;
    }
    case ExprKind::Paren:
      line(depth, "Paren", e.range);
      expr(*as<Paren>(e).inner, depth + 1);
      break;
    case ExprKind::Negate:
      line(depth, "Negate", e.range);
      expr(*as<Negate>(e).operand, depth + 1);
      break;
    case ExprKind::Binary: {
      const auto& b = as<Binary>(e);
      line(depth, "Binary " + b.op.spelling, e.range);
      expr(*b.lhs, depth + 1);
      expr(*b.rhs, depth + 1);
      break;
    }
    case ExprKind::Chain: {
      const auto& c = as<Chain>(e);
      line(depth, "Chain #", e.range);
      expr(*c.lhs, depth + 1);
      expr(*c.rhs, depth + 1);
      break;
    }
    case ExprKind::Dollar:
      line(depth, "Dollar $", e.range);
      for (const ExprPtr& o : as<Dollar>(e).operands) expr(*o, depth + 1);
      break;
    case ExprKind::List:
      line(depth, "List", e.range);
      for (const ExprPtr& i : as<List>(e).items) expr(*i, depth + 1);
      break;
    case ExprKind::Section: {
      const auto& s = as<Section>(e);
      line(depth,
           std::string("Section ") + (s.operandOnLeft ? "(x " : "(") + s.op.spelling +
               (s.operandOnLeft ? ")" : " x)"),
           e.range);
      expr(*s.operand, depth + 1);
      break;
    }
    case ExprKind::ChainSection:
      line(depth, "ChainSection (# …)", e.range);
      for (const ExprPtr& p : as<ChainSection>(e).parts) expr(*p, depth + 1);
      break;
    }
  }

  void statement(const Stmt& s) {
    switch (s.kind) {
    case StmtKind::Tempo:
      line(1, "TempoStmt " + s.keyword, s.range);
      break;
    case StmtKind::Bpm:
      line(1, "BpmStmt", s.range);
      break;
    case StmtKind::Bus:
      line(1, "BusStmt ~" + s.name, s.range);
      break;
    case StmtKind::Out:
      line(1, "OutStmt " + s.keyword, s.range);
      break;
    case StmtKind::Fn: {
      std::string params;
      for (const std::string& p : s.params) params += " " + p;
      line(1, "FnStmt " + s.name + params, s.range);
      break;
    }
    case StmtKind::Template:
      line(1, "TemplateStmt @" + s.name, s.range);
      break;
    case StmtKind::Outmix:
      line(1, "OutmixStmt " + s.name, s.range);
      break;
    default:
      line(1, "CommandStmt " + s.keyword, s.range);
      break;
    }
    for (const ExprPtr& v : s.values) expr(*v, 2);
  }

  std::string out;

private:
  const SourceFile& file_;
};

} // namespace

std::string print(const Program& p, const SourceFile& file) {
  Printer printer(file);
  printer.out = "Program " + file.name() + "\n";
  for (const Stmt& s : p.statements) printer.statement(s);
  return printer.out;
}

} // namespace phonon::ast
