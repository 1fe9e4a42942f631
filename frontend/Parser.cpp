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
#include <sstream>
#include <sys/stat.h>

namespace phonon {

using G = phonon_grammar::PhononParser;

namespace {

const char* const kStatementHeads = "tempo, cps, bpm, ~bus or out";

bool isBinaryOperatorToken(size_t type) {
  switch (type) {
  case G::HASH:
  case G::DOLLAR:
  case G::PLUS:
  case G::MINUS:
  case G::STAR:
  case G::SLASH:
  case G::PERCENT:
  case G::PIPE_OPERATOR:
  case G::TILDE_OPERATOR:
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
    auto sums = ctx->sum();
    ast::ExprPtr result = sum(sums[0]);
    auto hashes = ctx->HASH();
    for (size_t i = 1; i < sums.size(); ++i) {
      ast::ExprPtr rhs = sum(sums[i]);
      SourceRange r = SourceRange::cover(result->range, rhs->range);
      result =
          std::make_unique<ast::Chain>(r, range(hashes[i - 1]), std::move(result), std::move(rhs));
    }
    return result;
  }

  ast::ExprPtr sum(G::SumContext* ctx) {
    auto terms = ctx->product();
    auto ops = ctx->addOperator();
    ast::ExprPtr result = product(terms[0]);
    for (size_t i = 1; i < terms.size(); ++i) {
      ast::ExprPtr rhs = product(terms[i]);
      ast::BinaryOp op = ops[i - 1]->PLUS() ? ast::BinaryOp::Add : ast::BinaryOp::Sub;
      SourceRange r = SourceRange::cover(result->range, rhs->range);
      result = std::make_unique<ast::Binary>(r, op, range(ops[i - 1]), std::move(result),
                                             std::move(rhs));
    }
    return result;
  }

  ast::ExprPtr product(G::ProductContext* ctx) {
    auto terms = ctx->unary();
    auto ops = ctx->mulOperator();
    ast::ExprPtr result = unary(terms[0]);
    for (size_t i = 1; i < terms.size(); ++i) {
      ast::ExprPtr rhs = unary(terms[i]);
      ast::BinaryOp op = ops[i - 1]->STAR() ? ast::BinaryOp::Mul : ast::BinaryOp::Div;
      SourceRange r = SourceRange::cover(result->range, rhs->range);
      result = std::make_unique<ast::Binary>(r, op, range(ops[i - 1]), std::move(result),
                                             std::move(rhs));
    }
    return result;
  }

  ast::ExprPtr unary(G::UnaryContext* ctx) {
    if (auto* neg = dynamic_cast<G::NegateContext*>(ctx))
      return std::make_unique<ast::Negate>(range(ctx), unary(neg->unary()));
    return application(static_cast<G::AppliedContext*>(ctx)->application());
  }

  ast::ExprPtr application(G::ApplicationContext* ctx) {
    if (auto* call = dynamic_cast<G::CallContext*>(ctx)) {
      auto node =
          std::make_unique<ast::Call>(range(ctx), call->IDENT()->getText(), range(call->IDENT()));
      for (G::ArgumentContext* arg : call->argument()) node->args.push_back(argument(arg));
      return node;
    }
    return primary(static_cast<G::AtomContext*>(ctx)->primary());
  }

  ast::ExprPtr argument(G::ArgumentContext* ctx) {
    if (auto* neg = dynamic_cast<G::NegativeArgumentContext*>(ctx)) {
      std::string text = "-" + neg->NUMBER()->getText();
      return std::make_unique<ast::Number>(range(ctx), text, std::strtod(text.c_str(), nullptr));
    }
    return primary(static_cast<G::PlainArgumentContext*>(ctx)->primary());
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
    if (auto* n = dynamic_cast<G::NameContext*>(ctx))
      return std::make_unique<ast::Name>(r, n->IDENT()->getText());
    auto* p = static_cast<G::ParensContext*>(ctx);
    return std::make_unique<ast::Paren>(r, expr(p->expr()));
  }

  std::optional<ast::Stmt> statement(G::StatementContext* ctx) {
    ast::Stmt s;
    s.range = range(ctx);
    if (auto* t = dynamic_cast<G::TempoStatementContext*>(ctx)) {
      s.kind = ast::StmtKind::Tempo;
      antlr4::tree::TerminalNode* head = t->TEMPO() ? t->TEMPO() : t->CPS();
      s.headRange = range(head);
      s.keyword = head->getText();
      s.values.push_back(expr(t->expr()));
    } else if (auto* b = dynamic_cast<G::BpmStatementContext*>(ctx)) {
      s.kind = ast::StmtKind::Bpm;
      s.headRange = range(b->BPM());
      s.keyword = "bpm";
      for (G::PrimaryContext* p : b->primary()) s.values.push_back(primary(p));
    } else if (auto* bus = dynamic_cast<G::BusStatementContext*>(ctx)) {
      s.kind = ast::StmtKind::Bus;
      s.headRange = range(bus->BUS());
      s.name = bus->BUS()->getText().substr(1);
      s.values.push_back(expr(bus->expr()));
    } else if (auto* out = dynamic_cast<G::OutStatementContext*>(ctx)) {
      s.kind = ast::StmtKind::Out;
      s.headRange = range(out->OUT());
      s.keyword = "out";
      s.values.push_back(expr(out->expr()));
    } else {
      return std::nullopt;
    }
    // The statement's range ends at its last real token, not at the EOF marker.
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
         type == G::RPAREN || type == G::RBRACK;
}

/// Lexical checks of one logical line; returns false if it must not be parsed.
bool checkTokens(const LogicalLine& line, const SourceFile& file, const OffsetMap& offsets,
                 DiagnosticEngine& diags) {
  bool ok = true;
  std::vector<const antlr4::Token*> open;
  unsigned prefixNesting = 0;
  for (const antlr4::Token* t : line.tokens) {
    SourceRange r = offsets.range(t);
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
    case G::UNEXPECTED_CHARACTER:
      diags.error(r, "unexpected character '" + file.text().substr(r.begin, r.end - r.begin) + "'");
      ok = false;
      break;
    case G::TEMPLATE:
      diags.error(r, "templates (`" + t->getText() + "`) are not available yet");
      ok = false;
      break;
    case G::PIPE_OPERATOR:
    case G::TILDE_OPERATOR:
    case G::PERCENT:
    case G::LBRACK:
    case G::RBRACK:
    case G::COMMA:
    case G::EQUALS:
      diags.error(r, "'" + t->getText() + "' is not available yet");
      ok = false;
      break;
    default:
      break;
    }
    if (t->getType() == G::MINUS)
      ++prefixNesting;
    else
      prefixNesting = 0;
    if (t->getType() == G::LPAREN) open.push_back(t);
    if (open.size() + prefixNesting > FrontendLimits::kMaxNesting) {
      diags.error(r, "expression nested deeper than " +
                         std::to_string(FrontendLimits::kMaxNesting) + " levels");
      return false;
    }
    if (t->getType() == G::RPAREN) {
      if (open.empty()) {
        diags.error(r, "unmatched ')'");
        ok = false;
      } else {
        open.pop_back();
      }
    }
  }
  if (!open.empty()) {
    auto& d = diags.error(offsets.range(open.back()), "unclosed '('");
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
  bool known =
      type == G::TEMPO || type == G::CPS || type == G::BPM || type == G::BUS || type == G::OUT;
  if (!known) {
    static const char* const notYet[] = {"hush",        "unhush",   "panic", "outmix", "fn",
                                         "resetCycles", "setCycle", "nudge", "buffer"};
    std::string text = head->getText();
    for (const char* k : notYet)
      if (text == k) {
        diags.error(r, "the `" + text + "` statement is not available yet");
        return false;
      }
    auto& d = diags.error(r, "a statement must define something");
    DiagnosticEngine::help(d, std::string("statements start with ") + kStatementHeads +
                                  "; did you mean `out: …`?");
    return false;
  }
  const antlr4::Token* second = line.tokens.size() > 1 ? line.tokens[1] : nullptr;
  bool dollarAllowed = type == G::BUS || type == G::OUT;
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
      if (type == G::BUS)
        program.brokenDefinitions.push_back(line.tokens[0]->getText().substr(1));
      else if (type == G::OUT)
        program.brokenDefinitions.push_back("out");
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
    G parser(&stream);
    StatementErrorListener listener(diags, offsets, line.tokens);
    parser.removeErrorListeners();
    parser.addErrorListener(&listener);
    G::StatementContext* tree = parser.statement();
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
