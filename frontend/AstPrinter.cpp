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

  /// What one expression is, without its children.
  static std::string label(const Expr& e) {
    switch (e.kind) {
    case ExprKind::Number:
      return "Number " + as<Number>(e).text;
    case ExprKind::String:
      return "String \"" + as<String>(e).text + "\"";
    case ExprKind::Bus:
      return "Bus ~" + as<Bus>(e).name;
    case ExprKind::Template:
      return "Template @" + as<Template>(e).name;
    case ExprKind::Name:
      return "Name " + as<Name>(e).name;
    case ExprKind::Call:
      return "Call " + as<Call>(e).callee;
    case ExprKind::Paren:
      return "Paren";
    case ExprKind::Negate:
      return "Negate";
    case ExprKind::Binary:
      return "Binary " + as<Binary>(e).op.spelling;
    case ExprKind::Chain:
      return "Chain #";
    case ExprKind::Dollar:
      return "Dollar $";
    case ExprKind::List:
      return "List";
    case ExprKind::Section: {
      const auto& s = as<Section>(e);
      return std::string("Section ") + (s.operandOnLeft ? "(x " : "(") + s.op.spelling +
             (s.operandOnLeft ? ")" : " x)");
    }
    case ExprKind::ChainSection:
      return "ChainSection (# …)";
    }
    return "?";
  }

  void expr(const Expr& e, unsigned depth) {
    line(depth, label(e), e.range);
    if (e.kind == ExprKind::Call) {
      // A keyword argument is a line of its own, its value under it.
      for (const Argument& a : as<Call>(e).args) {
        if (!a.keyword.empty()) {
          line(depth + 1, "Keyword :" + a.keyword, a.keywordRange);
          expr(*a.value, depth + 2);
        } else {
          expr(*a.value, depth + 1);
        }
      }
      return;
    }
    forEachChild(e, [&](const Expr& child) { expr(child, depth + 1); });
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
