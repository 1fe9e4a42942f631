// Source text → AST. The ANTLR lexer tokenizes the whole file; the logical-line rules of
// LANGUAGE §2.1 then split the tokens into statements, each parsed on its own by the ANTLR
// parser so that every statement's errors are reported independently.
#include "PhononLexer.h"
#include "PhononParser.h"
#include "antlr4-runtime.h"

#include "AntlrSupport.h"
#include "phonon/frontend/Frontend.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <sys/stat.h>

namespace phonon {

using G = phonon_grammar::PhononParser;

namespace {

/// The number of `out12`, `hush3`, `d1` …, or `none` without digits. Any number beyond 99 is an
/// error later (sema); a long run of digits reads as 100000 rather than overflowing.
int outputNumber(const std::string& keyword, int none) {
  size_t digits = keyword.find_first_of("0123456789");
  if (digits == std::string::npos) return none;
  size_t first = keyword.find_first_not_of('0', digits);
  if (first == std::string::npos) return 0;
  if (keyword.size() - first > 5) return 100000;
  return std::atoi(keyword.c_str() + first);
}

const char* const kStatementHeads =
    "tempo, cps, bpm, ~bus, out, outN, fn, @template, hush, unhush, panic, outmix";

bool isBinaryOperatorToken(size_t type) {
  switch (type) {
  case G::HASH:
  case G::DOLLAR:
  case G::PLUS:
  case G::MINUS:
  case G::STAR:
  case G::SLASH:
  case G::PERCENT:
  case G::ADD_PIPE:
  case G::KEEP_PIPE:
  case G::MUL_PIPE:
  case G::TILDE_ADD:
  case G::TILDE_MUL:
  case G::SHIFT:
    return true;
  default:
    return false;
  }
}

/// Reports the first syntax error of a statement in Phonon's words.
class StatementErrorListener : public antlr4::BaseErrorListener {
public:
  StatementErrorListener(DiagnosticEngine& diags, const OffsetMap& offsets,
                         const std::vector<const antlr4::Token*>& tokens)
      : diags_(diags), offsets_(offsets), tokens_(tokens) {}

  void syntaxError(antlr4::Recognizer*, antlr4::Token* offending, size_t, size_t,
                   const std::string&, std::exception_ptr) override {
    if (failed) return;
    failed = true;
    // Where an operator has nothing usable after it, say so at what follows it.
    size_t index = tokens_.size();
    for (size_t i = 0; i < tokens_.size(); ++i)
      if (tokens_[i]->getStartIndex() == offending->getStartIndex() &&
          offending->getType() != antlr4::Token::EOF)
        index = i;
    if (index < tokens_.size() && isBinaryOperatorToken(tokens_[index]->getType())) {
      if (index + 1 == tokens_.size()) {
        diags_.error(SourceRange::at(offsets_.range(tokens_[index]).end, 0),
                     "expected an expression after " + tokenSpelling(tokens_[index]));
        return;
      }
      if (isBinaryOperatorToken(tokens_[index + 1]->getType()) ||
          tokens_[index + 1]->getType() == G::RPAREN) {
        diags_.error(offsets_.range(tokens_[index + 1]),
                     "unexpected " + tokenSpelling(tokens_[index + 1]));
        return;
      }
    }
    if (offending->getType() == antlr4::Token::EOF) {
      const antlr4::Token* last = tokens_.back();
      SourceRange at = SourceRange::at(offsets_.range(last).end, 0);
      diags_.error(at, "expected an expression after " + tokenSpelling(last));
      return;
    }
    diags_.error(offsets_.range(offending), "unexpected " + tokenSpelling(offending));
  }
  bool failed = false;

private:
  DiagnosticEngine& diags_;
  const OffsetMap& offsets_;
  const std::vector<const antlr4::Token*>& tokens_;
};

class AstBuilder {
public:
  explicit AstBuilder(const OffsetMap& offsets) : offsets_(offsets) {}

  SourceRange range(antlr4::ParserRuleContext* ctx) const { return offsets_.range(ctx); }
  SourceRange range(antlr4::tree::TerminalNode* n) const { return offsets_.range(n->getSymbol()); }

  ast::ExprPtr expr(G::ExprContext* ctx) {
    auto parts = ctx->dollar();
    ast::ExprPtr result = dollar(parts[0]);
    auto hashes = ctx->HASH();
    for (size_t i = 1; i < parts.size(); ++i) {
      ast::ExprPtr rhs = dollar(parts[i]);
      SourceRange r = SourceRange::cover(result->range, rhs->range);
      result =
          std::make_unique<ast::Chain>(r, range(hashes[i - 1]), std::move(result), std::move(rhs));
    }
    return result;
  }

  ast::ExprPtr dollar(G::DollarContext* ctx) {
    auto parts = ctx->shift();
    if (parts.size() == 1) return shift(parts[0]);
    auto node = std::make_unique<ast::Dollar>(range(ctx));
    for (G::ShiftContext* p : parts) node->operands.push_back(shift(p));
    for (antlr4::tree::TerminalNode* d : ctx->DOLLAR()) node->opRanges.push_back(range(d));
    return node;
  }

  ast::ExprPtr shift(G::ShiftContext* ctx) {
    auto terms = ctx->sum();
    ast::ExprPtr result = sum(terms[0]);
    auto ops = ctx->SHIFT();
    for (size_t i = 1; i < terms.size(); ++i) {
      ast::ExprPtr rhs = sum(terms[i]);
      SourceRange r = SourceRange::cover(result->range, rhs->range);
      result = std::make_unique<ast::Binary>(r, shiftOperator(ops[i - 1]->getSymbol()),
                                             std::move(result), std::move(rhs));
    }
    return result;
  }

  ast::ExprPtr sum(G::SumContext* ctx) {
    auto terms = ctx->product();
    auto ops = ctx->addOperator();
    ast::ExprPtr result = product(terms[0]);
    for (size_t i = 1; i < terms.size(); ++i) {
      ast::ExprPtr rhs = product(terms[i]);
      SourceRange r = SourceRange::cover(result->range, rhs->range);
      result = std::make_unique<ast::Binary>(r, operatorOf(ops[i - 1]->getStart()),
                                             std::move(result), std::move(rhs));
    }
    return result;
  }

  ast::ExprPtr product(G::ProductContext* ctx) {
    auto terms = ctx->unary();
    auto ops = ctx->mulOperator();
    ast::ExprPtr result = unary(terms[0]);
    for (size_t i = 1; i < terms.size(); ++i) {
      ast::ExprPtr rhs = unary(terms[i]);
      SourceRange r = SourceRange::cover(result->range, rhs->range);
      result = std::make_unique<ast::Binary>(r, operatorOf(ops[i - 1]->getStart()),
                                             std::move(result), std::move(rhs));
    }
    return result;
  }

  ast::ExprPtr unary(G::UnaryContext* ctx) {
    if (auto* neg = dynamic_cast<G::NegateContext*>(ctx))
      return std::make_unique<ast::Negate>(range(ctx), unary(neg->unary()));
    return application(static_cast<G::AppliedContext*>(ctx)->application());
  }

  ast::ExprPtr application(G::ApplicationContext* ctx) {
    antlr4::tree::TerminalNode* callee = nullptr;
    std::vector<G::ArgumentContext*> args;
    if (auto* call = dynamic_cast<G::CallContext*>(ctx)) {
      callee = call->IDENT();
      args = call->argument();
    } else if (auto* bus = dynamic_cast<G::BusFunctionCallContext*>(ctx)) {
      callee = bus->FUNCTION_BUS();
      args = bus->argument();
    } else {
      return primary(static_cast<G::AtomContext*>(ctx)->primary());
    }
    auto node = std::make_unique<ast::Call>(range(ctx), callee->getText(), range(callee));
    for (G::ArgumentContext* arg : args) node->args.push_back(argument(arg));
    return node;
  }

  ast::Argument argument(G::ArgumentContext* ctx) {
    ast::Argument a;
    if (auto* neg = dynamic_cast<G::NegativeArgumentContext*>(ctx)) {
      std::string text = "-" + neg->NUMBER()->getText();
      a.value = std::make_unique<ast::Number>(range(ctx), text, std::strtod(text.c_str(), nullptr));
    } else if (auto* kw = dynamic_cast<G::KeywordArgumentContext*>(ctx)) {
      a.keyword = kw->IDENT()->getText();
      a.keywordRange = SourceRange::cover(range(kw->COLON()), range(kw->IDENT()));
      a.value = primary(kw->primary());
    } else {
      a.value = primary(static_cast<G::PlainArgumentContext*>(ctx)->primary());
    }
    return a;
  }

  ast::ExprPtr primary(G::PrimaryContext* ctx) {
    SourceRange r = range(ctx);
    if (auto* n = dynamic_cast<G::NumberContext*>(ctx)) {
      std::string text = n->NUMBER()->getText();
      return std::make_unique<ast::Number>(r, text, std::strtod(text.c_str(), nullptr));
    }
    if (auto* s = dynamic_cast<G::StringContext*>(ctx)) {
      std::string text = s->STRING()->getText();
      return std::make_unique<ast::String>(r, text.substr(1, text.size() - 2));
    }
    if (auto* b = dynamic_cast<G::BusContext*>(ctx))
      return std::make_unique<ast::Bus>(r, b->BUS()->getText().substr(1));
    if (auto* t = dynamic_cast<G::TemplateRefContext*>(ctx))
      return std::make_unique<ast::Template>(r, t->TEMPLATE()->getText().substr(1));
    if (auto* n = dynamic_cast<G::NameContext*>(ctx))
      return std::make_unique<ast::Name>(r, n->IDENT()->getText());
    if (auto* p = dynamic_cast<G::ParensContext*>(ctx))
      return std::make_unique<ast::Paren>(r, expr(p->expr()));
    if (auto* l = dynamic_cast<G::ListContext*>(ctx)) {
      auto node = std::make_unique<ast::List>(r);
      for (G::ExprContext* e : l->expr()) node->items.push_back(expr(e));
      return node;
    }
    if (auto* c = dynamic_cast<G::ChainSectionContext*>(ctx)) {
      auto node = std::make_unique<ast::ChainSection>(r);
      for (G::DollarContext* d : c->dollar()) node->parts.push_back(dollar(d));
      return node;
    }
    if (auto* rs = dynamic_cast<G::RightSectionContext*>(ctx))
      return std::make_unique<ast::Section>(r, operatorOf(rs->binaryOperator()->getStart()),
                                            expr(rs->expr()), false);
    auto* ls = static_cast<G::LeftSectionContext*>(ctx);
    return std::make_unique<ast::Section>(r, operatorOf(ls->binaryOperator()->getStart()),
                                          expr(ls->expr()), true);
  }

  /// The operator a token spells (LANGUAGE §3.7).
  ast::Operator operatorOf(antlr4::Token* t) {
    ast::Operator op;
    op.spelling = t->getText();
    op.range = offsets_.range(t);
    const std::string& s = op.spelling;
    if (t->getType() == G::SHIFT) return shiftOperator(t);
    if (t->getType() == G::TILDE_ADD || t->getType() == G::TILDE_MUL)
      op.structure = ast::OpStructure::PerSample;
    else if (s.size() >= 3 && s[0] == '|' && s[1] == '|')
      op.structure = ast::OpStructure::Squeeze;
    else if (s.size() == 3)
      op.structure = ast::OpStructure::Both;
    else if (s.size() == 2 && s[0] == '|')
      op.structure = ast::OpStructure::Left;
    else if (s.size() == 2 && s[1] == '|')
      op.structure = ast::OpStructure::Right;
    else
      op.structure = ast::OpStructure::Both;
    char symbol = 0;
    for (char c : s)
      if (c != '|' && c != '~') symbol = c;
    switch (symbol) {
    case '+':
      op.kind = ast::OpKind::Add;
      break;
    case '-':
      op.kind = ast::OpKind::Sub;
      break;
    case '*':
      op.kind = ast::OpKind::Mul;
      break;
    case '/':
      op.kind = ast::OpKind::Div;
      break;
    case '%':
      op.kind = ast::OpKind::Mod;
      break;
    case '>':
      op.kind = ast::OpKind::Set;
      break;
    case '<':
      op.kind = ast::OpKind::Keep;
      break;
    default:
      break;
    }
    return op;
  }

  ast::Operator shiftOperator(antlr4::Token* t) {
    ast::Operator op;
    op.spelling = t->getText();
    op.range = offsets_.range(t);
    op.kind = op.spelling == "<~" ? ast::OpKind::Early : ast::OpKind::Late;
    return op;
  }

  std::optional<ast::Stmt> statement(G::StatementContext* ctx) {
    ast::Stmt s;
    s.range = range(ctx);
    auto head = [&](antlr4::tree::TerminalNode* n) {
      s.headRange = range(n);
      s.keyword = n->getText();
    };
    if (auto* t = dynamic_cast<G::TempoStatementContext*>(ctx)) {
      s.kind = ast::StmtKind::Tempo;
      head(t->TEMPO() ? t->TEMPO() : t->CPS());
      s.values.push_back(expr(t->expr()));
    } else if (auto* b = dynamic_cast<G::BpmStatementContext*>(ctx)) {
      s.kind = ast::StmtKind::Bpm;
      head(b->BPM());
      for (G::PrimaryContext* p : b->primary()) s.values.push_back(primary(p));
    } else if (auto* bus = dynamic_cast<G::BusStatementContext*>(ctx)) {
      s.kind = ast::StmtKind::Bus;
      head(bus->BUS());
      s.name = bus->BUS()->getText().substr(1);
      s.values.push_back(expr(bus->expr()));
    } else if (auto* out = dynamic_cast<G::OutStatementContext*>(ctx)) {
      s.kind = ast::StmtKind::Out;
      head(out->OUT() ? out->OUT() : out->OUTPUT_N());
      s.outputIndex = outputNumber(s.keyword, 0);
      s.values.push_back(expr(out->expr()));
    } else if (auto* fn = dynamic_cast<G::FnStatementContext*>(ctx)) {
      s.kind = ast::StmtKind::Fn;
      head(fn->FN());
      auto names = fn->IDENT();
      s.name = names[0]->getText();
      s.headRange = range(names[0]);
      for (size_t i = 1; i < names.size(); ++i) {
        s.params.push_back(names[i]->getText());
        s.paramRanges.push_back(range(names[i]));
      }
      s.values.push_back(expr(fn->expr()));
    } else if (auto* t = dynamic_cast<G::TemplateStatementContext*>(ctx)) {
      s.kind = ast::StmtKind::Template;
      head(t->TEMPLATE());
      s.name = t->TEMPLATE()->getText().substr(1);
      s.values.push_back(expr(t->expr()));
    } else if (auto* c = dynamic_cast<G::CommandStatementContext*>(ctx)) {
      antlr4::tree::TerminalNode* n = c->HUSH()     ? c->HUSH()
                                      : c->UNHUSH() ? c->UNHUSH()
                                      : c->PANIC()  ? c->PANIC()
                                                    : c->RESET_CYCLES();
      head(n);
      s.kind = c->HUSH()     ? ast::StmtKind::Hush
               : c->UNHUSH() ? ast::StmtKind::Unhush
               : c->PANIC()  ? ast::StmtKind::Panic
                             : ast::StmtKind::ResetCycles;
      s.outputIndex = outputNumber(s.keyword, -1);
    } else if (auto* m = dynamic_cast<G::OutmixStatementContext*>(ctx)) {
      s.kind = ast::StmtKind::Outmix;
      head(m->OUTMIX());
      s.name = m->IDENT()->getText();
    } else if (auto* k = dynamic_cast<G::ClockStatementContext*>(ctx)) {
      s.kind = k->SET_CYCLE() ? ast::StmtKind::SetCycle : ast::StmtKind::Nudge;
      head(k->SET_CYCLE() ? k->SET_CYCLE() : k->NUDGE());
      s.values.push_back(expr(k->expr()));
    } else if (auto* bf = dynamic_cast<G::BufferStatementContext*>(ctx)) {
      s.kind = ast::StmtKind::Buffer;
      head(bf->BUFFER());
      s.values.push_back(expr(bf->expr()));
    } else {
      return std::nullopt;
    }
    return s;
  }

private:
  const OffsetMap& offsets_;
};

/// The tokens of one logical line (LANGUAGE §2.1).
struct LogicalLine {
  std::vector<const antlr4::Token*> tokens;
  /// Indices of tokens that begin a continuation line (an operator there is always binary).
  std::vector<size_t> continuationStarts;
};

bool startsWithWhitespace(const SourceFile& file, uint32_t byteOffset) {
  LineCol lc = file.lineCol(byteOffset);
  uint32_t start = file.lineStart(lc.line);
  char c = start < file.text().size() ? file.text()[start] : '\n';
  return c == ' ' || c == '\t';
}

std::vector<LogicalLine> splitLogicalLines(const std::vector<std::unique_ptr<antlr4::Token>>& toks,
                                           const SourceFile& file, const OffsetMap& offsets) {
  std::vector<LogicalLine> lines;
  LogicalLine cur;
  int depth = 0;
  bool continuing = false;
  for (size_t i = 0; i < toks.size(); ++i) {
    const antlr4::Token* t = toks[i].get();
    if (t->getType() == antlr4::Token::EOF) break;
    if (t->getType() != G::NEWLINE) {
      if (continuing) cur.continuationStarts.push_back(cur.tokens.size());
      continuing = false;
      cur.tokens.push_back(t);
      if (t->getType() == G::LPAREN || t->getType() == G::LBRACK)
        ++depth;
      else if ((t->getType() == G::RPAREN || t->getType() == G::RBRACK) && depth > 0)
        --depth;
      continue;
    }
    if (cur.tokens.empty()) continue;
    const antlr4::Token* next = i + 1 < toks.size() ? toks[i + 1].get() : nullptr;
    bool separator =
        !next || next->getType() == antlr4::Token::EOF || next->getType() == G::NEWLINE;
    bool continues = !separator && (depth > 0 || isBinaryOperatorToken(next->getType()) ||
                                    startsWithWhitespace(file, offsets.range(next).begin));
    if (continues) {
      continuing = true;
      continue;
    }
    lines.push_back(std::move(cur));
    cur = {};
    depth = 0;
  }
  if (!cur.tokens.empty()) lines.push_back(std::move(cur));
  return lines;
}

bool isOperandEnd(size_t type) {
  return type == G::NUMBER || type == G::IDENT || type == G::BUS || type == G::STRING ||
         type == G::TEMPLATE || type == G::RPAREN || type == G::RBRACK;
}

/// Lexical checks of one logical line; returns false if it must not be parsed.
bool checkTokens(const LogicalLine& line, const SourceFile& file, const OffsetMap& offsets,
                 DiagnosticEngine& diags) {
  bool ok = true;
  std::vector<const antlr4::Token*> open;
  unsigned prefixNesting = 0;
  const antlr4::Token* previous = nullptr;
  for (const antlr4::Token* t : line.tokens) {
    SourceRange r = offsets.range(t);
    if (previous && previous->getType() == G::SLASH && t->getType() == G::SLASH &&
        offsets.range(previous).end == r.begin) {
      // `//` can never be two operators: a Strudel or C habit (LANGUAGE §1).
      auto& d = diags.error(SourceRange::cover(offsets.range(previous), r),
                            "comments start with `--`, not `//`");
      DiagnosticEngine::help(d, "write `-- …`");
      return false;
    }
    previous = t;
    switch (t->getType()) {
    case G::NUMBER_WITH_UNIT: {
      std::string text = t->getText();
      size_t digits = text.find_first_not_of("0123456789.");
      diags.error(r, "numbers have no units; write `" + text.substr(0, digits) + "`");
      ok = false;
      break;
    }
    case G::NUMBER_TRAILING_DOT: {
      std::string text = t->getText();
      diags.error(r, "`" + text + "` is not a number; write `" + text.substr(0, text.size() - 1) +
                         "` or `" + text + "0`");
      ok = false;
      break;
    }
    case G::UNTERMINATED_STRING:
      diags.error(SourceRange::at(r.begin), "unterminated string: no closing '\"'");
      ok = false;
      break;
    case G::UNEXPECTED_CHARACTER: {
      std::string text = file.text().substr(r.begin, r.end - r.begin);
      auto& d = diags.error(r, "unexpected character '" + text + "'");
      auto at = std::find(line.tokens.begin(), line.tokens.end(), t);
      const antlr4::Token* next = at + 1 == line.tokens.end() ? nullptr : *(at + 1);
      if (text == "." && next && next->getType() == G::IDENT && offsets.range(next).begin == r.end)
        // Strudel's `s("bd sn").fast(2)`: Phonon applies transforms with `$` (LANGUAGE §3.6).
        DiagnosticEngine::help(d, "`." + next->getText() +
                                      "` is a method call, which Phonon does not have: a "
                                      "transform goes after `$` (`s \"bd sn\" $ fast 2`), an "
                                      "effect after `#` (`# lpf 800 0.7`), arithmetic is an "
                                      "operator (`* 0.5`)");
      ok = false;
      break;
    }
    default:
      break;
    }
    if (t->getType() == G::MINUS)
      ++prefixNesting;
    else
      prefixNesting = 0;
    if (t->getType() == G::LPAREN || t->getType() == G::LBRACK) open.push_back(t);
    if (open.size() + prefixNesting > FrontendLimits::kMaxNesting) {
      diags.error(r, "expression nested deeper than " +
                         std::to_string(FrontendLimits::kMaxNesting) + " levels");
      return false;
    }
    if (t->getType() == G::RPAREN || t->getType() == G::RBRACK) {
      size_t opener = t->getType() == G::RPAREN ? G::LPAREN : G::LBRACK;
      if (open.empty() || open.back()->getType() != opener) {
        auto& d = diags.error(r, "unmatched '" + t->getText() + "'");
        if (!open.empty())
          DiagnosticEngine::note(d, offsets.range(open.back()),
                                 "the innermost open bracket is this '" + open.back()->getText() +
                                     "'");
        ok = false;
        if (!open.empty()) open.pop_back();
      } else {
        open.pop_back();
      }
    }
  }
  if (!open.empty()) {
    auto& d = diags.error(offsets.range(open.back()), "unclosed '" + open.back()->getText() + "'");
    DiagnosticEngine::note(d, SourceRange::at(offsets.range(line.tokens.back()).end, 0),
                           "the statement ends here");
    ok = false;
  }
  return ok;
}

/// Checks the statement head (LANGUAGE §2.2) before parsing, to give precise messages.
bool checkHead(const LogicalLine& line, const OffsetMap& offsets, DiagnosticEngine& diags) {
  const antlr4::Token* head = line.tokens[0];
  SourceRange r = offsets.range(head);
  size_t type = head->getType();
  switch (type) {
  case G::FN:
  case G::HUSH:
  case G::UNHUSH:
  case G::PANIC:
  case G::RESET_CYCLES:
  case G::SET_CYCLE:
  case G::NUDGE:
    return true; // no ':' after these; the grammar checks the rest
  case G::TEMPO:
  case G::CPS:
  case G::BPM:
  case G::BUS:
  case G::OUT:
  case G::OUTPUT_N:
  case G::TEMPLATE:
  case G::OUTMIX:
  case G::BUFFER:
    break;
  case G::FUNCTION_BUS: {
    auto& d = diags.error(r, "`" + head->getText() + "` is reserved and cannot be defined");
    DiagnosticEngine::note(d, "`" + head->getText() +
                                  " a b` is per-sample arithmetic (LANGUAGE §3.7)");
    return false;
  }
  default: {
    auto& d = diags.error(r, "a statement must define something");
    if (type == G::HASH)
      DiagnosticEngine::help(d, "comments start with `--`; `#` chains an effect or a control "
                                "onto what precedes it");
    else
      DiagnosticEngine::help(d, std::string("statements start with ") + kStatementHeads +
                                    "; did you mean `out: …`?");
    return false;
  }
  }
  const antlr4::Token* second = line.tokens.size() > 1 ? line.tokens[1] : nullptr;
  bool dollarAllowed = type == G::BUS || type == G::OUT || type == G::OUTPUT_N;
  if (!second ||
      !(second->getType() == G::COLON || (dollarAllowed && second->getType() == G::DOLLAR))) {
    SourceRange at = SourceRange::at(r.end, 0);
    auto& d = diags.error(at, "expected ':' after `" + head->getText() + "`");
    DiagnosticEngine::help(d, "write `" + head->getText() + ": …`");
    return false;
  }
  return true;
}

} // namespace

bool checkSourceText(const SourceFile& file, DiagnosticEngine& diags) {
  const std::string& s = file.text();
  size_t lineStart = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\n') {
      lineStart = i + 1;
      ++i;
      continue;
    }
    if (i - lineStart >= FrontendLimits::kMaxLineBytes) {
      auto& d = diags.error(SourceRange::at(static_cast<uint32_t>(lineStart)),
                            "line is longer than " + std::to_string(FrontendLimits::kMaxLineBytes) +
                                " bytes");
      DiagnosticEngine::help(d, "split the statement over several lines");
      return false;
    }
    if (c == 0) {
      diags
          .error(SourceRange::at(static_cast<uint32_t>(i)),
                 "the file contains a NUL byte; it is not a text file")
          .showSourceLine = false;
      return false;
    }
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    bool valid = len != 0 && i + len <= s.size();
    for (size_t k = 1; valid && k < len; ++k)
      valid = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (valid && len > 1) {
      // Reject overlong forms and surrogates, which ANTLR's decoder does not accept.
      uint32_t cp = len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
      for (size_t k = 1; k < len; ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
      valid = !(len == 2 && cp < 0x80) && !(len == 3 && cp < 0x800) &&
              !(len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) && !(cp >= 0xD800 && cp <= 0xDFFF);
    }
    if (!valid) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", c);
      diags
          .error(SourceRange::at(static_cast<uint32_t>(i)),
                 std::string("invalid UTF-8 byte ") + hex + "; the file is not UTF-8 text")
          .showSourceLine = false;
      return false;
    }
    i += len;
  }
  return true;
}

std::optional<SourceFile> readSource(const std::string& path, DiagnosticEngine& diags) {
  struct stat info;
  if (stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
    diags.error(path + ": cannot read a directory");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.error(path + ": cannot open file: " + std::strerror(errno));
    return std::nullopt;
  }
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  if (size < 0) {
    diags.error(path + ": cannot read file (is it a directory?)");
    return std::nullopt;
  }
  if (static_cast<size_t>(size) > FrontendLimits::kMaxFileBytes) {
    diags.error(path + ": file is larger than " +
                std::to_string(FrontendLimits::kMaxFileBytes >> 20) + " MiB");
    return std::nullopt;
  }
  in.seekg(0);
  std::string text(static_cast<size_t>(size), '\0');
  if (!in.read(text.data(), size)) {
    diags.error(path + ": cannot read file");
    return std::nullopt;
  }
  return SourceFile(path, std::move(text));
}

void prepareParsingThread() {
  antlr4::ANTLRInputStream input("x");                               // UTF-8 to UTF-32
  (void)input.getText(antlr4::misc::Interval(size_t{0}, size_t{0})); // and back
}

ast::Program parse(const SourceFile& file, DiagnosticEngine& diags) {
  ast::Program program;
  OffsetMap offsets(file.text());
  antlr4::ANTLRInputStream input(file.text());
  phonon_grammar::PhononLexer lexer(&input);
  lexer.removeErrorListeners(); // the UNEXPECTED_CHARACTER rule catches everything
  std::vector<std::unique_ptr<antlr4::Token>> tokens = lexer.getAllTokens();

  for (LogicalLine& line : splitLogicalLines(tokens, file, offsets)) {
    auto markBroken = [&] {
      size_t type = line.tokens[0]->getType();
      std::string text = line.tokens[0]->getText();
      if (type == G::BUS)
        program.brokenDefinitions.push_back(text); // `~name`
      else if (type == G::OUT || type == G::OUTPUT_N || type == G::TEMPLATE)
        program.brokenDefinitions.push_back(text);
      else if (type == G::FN && line.tokens.size() > 1)
        program.brokenDefinitions.push_back("fn " + line.tokens[1]->getText());
      else if (type == G::TEMPO || type == G::CPS || type == G::BPM)
        program.hadBrokenTempo = true;
    };
    if (!checkTokens(line, file, offsets, diags) || !checkHead(line, offsets, diags)) {
      markBroken();
      continue;
    }
    // A '-' directly before a number starts a negative literal when it follows whitespace,
    // an opening bracket, ',', ':', '=', an operator or the start of the statement — except
    // at the start of a continuation line, where an operator is always binary.
    std::vector<std::unique_ptr<antlr4::Token>> copies;
    for (size_t i = 0; i < line.tokens.size(); ++i) {
      auto copy = std::make_unique<antlr4::CommonToken>(const_cast<antlr4::Token*>(line.tokens[i]));
      const antlr4::Token* t = line.tokens[i];
      if (t->getType() == G::MINUS && i + 1 < line.tokens.size() &&
          line.tokens[i + 1]->getType() == G::NUMBER &&
          line.tokens[i + 1]->getStartIndex() == t->getStopIndex() + 1) {
        bool continuationStart =
            std::find(line.continuationStarts.begin(), line.continuationStarts.end(), i) !=
            line.continuationStarts.end();
        uint32_t byte = offsets.range(t).begin;
        char before = byte > 0 ? file.text()[byte - 1] : '\n';
        bool spaced = before == ' ' || before == '\t' || before == '\n' || before == '\r';
        bool afterOperand = i > 0 && isOperandEnd(line.tokens[i - 1]->getType());
        if (!continuationStart && (i == 0 || spaced || !afterOperand)) copy->setType(G::NEG_MINUS);
      }
      copies.push_back(std::move(copy));
    }
    antlr4::ListTokenSource source(std::move(copies));
    antlr4::CommonTokenStream stream(&source);
    // Two stages, as ANTLR recommends: SLL prediction, which gives LL's tree whenever it
    // succeeds and stops at the first error, then full LL with the error listener only where
    // it stopped (a syntax error, or a statement SLL cannot decide). Full LL from the start
    // spent most of a long statement's parse (W2's 256 saws: 4 ms) on context it never needed.
    G fast(&stream);
    fast.removeErrorListeners();
    fast.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    fast.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::SLL);
    G::StatementContext* tree = nullptr;
    try {
      tree = fast.statement();
    } catch (const antlr4::ParseCancellationException&) {
      tree = nullptr;
    }
    StatementErrorListener listener(diags, offsets, line.tokens);
    std::optional<G> full;
    if (!tree) {
      stream.seek(0);
      full.emplace(&stream);
      full->removeErrorListeners();
      full->addErrorListener(&listener);
      tree = full->statement();
    }
    if (listener.failed) {
      markBroken();
      continue;
    }
    AstBuilder builder(offsets);
    if (auto stmt = builder.statement(tree)) {
      stmt->range =
          SourceRange::cover(offsets.range(line.tokens.front()), offsets.range(line.tokens.back()));
      program.statements.push_back(std::move(*stmt));
    }
  }
  return program;
}

} // namespace phonon
