// AST → IR: resolves buses (order-independent) and functions against the node catalogue,
// checks signatures, evaluates the tempo exactly and builds the dataflow graph.
#include "phonon/frontend/Frontend.h"
#include "phonon/frontend/Mini.h"
#include "phonon/nodes/Catalogue.h"

#include <charconv>
#include <map>
#include <set>

namespace phonon {

namespace {

using nodes::NodeInfo;

/// The kind of a lowered expression (LANGUAGE §3.4), for the subset supported so far.
struct Value {
  enum Kind { Invalid, Number, Signal, Pattern };
  Value() = default;
  Value(Kind k, ir::ValueId i) : kind(k), id(i) {}
  Kind kind = Invalid;
  ir::ValueId id = 0;           ///< Number, Signal: the IR value
  pattern::PatternExprPtr expr; ///< Pattern: a pattern not yet turned into a signal
  SourceRange range;            ///< Pattern: where it was written
  bool ok() const { return kind != Invalid; }
};

Value patternValue(pattern::PatternExprPtr expr, SourceRange range) {
  Value v;
  v.kind = Value::Pattern;
  v.expr = std::move(expr);
  v.range = range;
  return v;
}

pattern::ArithOp arithOpOf(const NodeInfo* op) {
  std::string_view n = op->name;
  return n == "add"   ? pattern::ArithOp::Add
         : n == "sub" ? pattern::ArithOp::Sub
         : n == "mul" ? pattern::ArithOp::Mul
                      : pattern::ArithOp::Div;
}

std::string formatNumber(float v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

std::string signatureOf(const NodeInfo& n) {
  std::string s = n.name;
  for (unsigned i = 0; i < n.numPorts; ++i) {
    const nodes::PortInfo& p = n.ports[i];
    s += " ";
    s += p.name;
    if (!(p.flags & nodes::PortRequired)) s += "=" + formatNumber(p.defaultValue);
  }
  return s;
}

uint32_t fnv1a(std::string_view s) {
  uint32_t h = 2166136261u;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return h;
}

bool isNumberLiteral(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::Number) return true;
  if (e.kind == ast::ExprKind::Negate) return isNumberLiteral(*ast::as<ast::Negate>(e).operand);
  if (e.kind == ast::ExprKind::Paren) return isNumberLiteral(*ast::as<ast::Paren>(e).inner);
  return false;
}

class Sema {
public:
  Sema(const ast::Program& p, const SourceFile& f, DiagnosticEngine& d)
      : program_(p), file_(f), diags_(d) {
    module_.sourceName = f.name();
  }

  std::optional<ir::Module> run() {
    collectDefinitions();
    evaluateTempo();
    for (const std::string& name : busOrder_)
      resolveBus(name, buses_.at(name).stmt->headRange, /*fromStatement=*/nullptr);
    lowerOutputs();
    warnUnusedBuses();
    if (diags_.hasErrors()) return std::nullopt;
    return std::move(module_);
  }

private:
  struct BusDef {
    const ast::Stmt* stmt = nullptr;
    enum State { Unvisited, InProgress, Done } state = Unvisited;
    Value value;
    std::set<std::string> references; ///< buses its definition reads
  };

  // ---- definitions -------------------------------------------------------------------------

  void duplicate(const ast::Stmt& s, const ast::Stmt& first, const std::string& what) {
    auto& d = diags_.error(s.headRange, what + " is defined twice");
    DiagnosticEngine::note(d, first.headRange, "first defined here");
  }

  void collectDefinitions() {
    for (const std::string& b : program_.brokenDefinitions) broken_.insert(b);
    for (const ast::Stmt& s : program_.statements) {
      switch (s.kind) {
      case ast::StmtKind::Tempo:
      case ast::StmtKind::Bpm:
        if (tempo_) {
          auto& d = diags_.error(s.headRange, "the tempo is set twice");
          DiagnosticEngine::note(d, tempo_->headRange, "first set here");
        } else {
          tempo_ = &s;
        }
        break;
      case ast::StmtKind::Bus: {
        auto [it, fresh] = buses_.try_emplace(s.name);
        if (!fresh) {
          duplicate(s, *it->second.stmt, "bus `~" + s.name + "`");
          break;
        }
        it->second.stmt = &s;
        busOrder_.push_back(s.name);
        break;
      }
      case ast::StmtKind::Out:
        if (out_)
          duplicate(s, *out_, "output `out`");
        else
          out_ = &s;
        break;
      }
    }
  }

  // ---- tempo -------------------------------------------------------------------------------

  std::optional<Rational> constant(const ast::Expr& e) {
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
      switch (b.op) {
      case ast::BinaryOp::Add:
        return *l + *r;
      case ast::BinaryOp::Sub:
        return *l - *r;
      case ast::BinaryOp::Mul:
        return *l * *r;
      case ast::BinaryOp::Div:
        if (r->num() == 0) {
          diags_.error(b.rhs->range, "division by zero in a constant expression");
          return std::nullopt;
        }
        return *l / *r;
      }
      return std::nullopt;
    }
    default:
      diags_.error(e.range, "the tempo must be a constant expression of numbers");
      return std::nullopt;
    }
  }

  void evaluateTempo() {
    if (!tempo_) return;
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
        cps = *cps / Rational(60) / beats;
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

  // ---- expressions -------------------------------------------------------------------------

  ir::ValueId constant(float v, SourceRange r) { return module_.addConst(v, r, true); }

  /// The value of a Number-kind expression (constants and operators on them).
  float numberOf(ir::ValueId id) {
    const ir::Instr& in = module_[id];
    if (in.op == ir::Opcode::Const) return in.value;
    std::vector<float> operands;
    for (ir::ValueId op : in.operands) operands.push_back(numberOf(op));
    float out = 0;
    const nodes::Env env{48000.0f, 1.0f / 48000.0f};
    in.node->tick(nullptr, operands.data(), &out, &env);
    return out;
  }

  pattern::PatternExprPtr exprOf(const Value& v) {
    if (v.kind == Value::Pattern) return v.expr;
    auto e = std::make_shared<pattern::PatternExpr>();
    e->kind = pattern::PatternExpr::Kind::Number;
    e->number = numberOf(v.id);
    return e;
  }

  /// A pattern used where a signal is needed becomes an event-rate value (LANGUAGE §4.3):
  /// one slot of the pattern program per pattern and conversion.
  Value materialize(const Value& v, pattern::SignalConversion conversion) {
    if (v.kind != Value::Pattern) return v;
    auto key = std::make_pair(v.expr.get(), conversion);
    if (auto it = materialized_.find(key); it != materialized_.end())
      return {Value::Signal, it->second};
    ir::Instr in;
    in.op = ir::Opcode::Pattern;
    in.rate = ir::Rate::Event;
    in.slot = static_cast<uint32_t>(module_.patterns.patterns.size());
    in.loc = v.range;
    in.hasLoc = true;
    module_.patterns.patterns.push_back({v.expr, conversion});
    ir::ValueId id = module_.add(std::move(in));
    materialized_[key] = id;
    return {Value::Signal, id};
  }

  Value binary(const NodeInfo* op, Value l, Value r, SourceRange range) {
    if (!l.ok() || !r.ok()) return {};
    if ((l.kind == Value::Pattern || r.kind == Value::Pattern) && l.kind != Value::Signal &&
        r.kind != Value::Signal) {
      // Between patterns (numbers count as pure patterns) the operators work on events, with
      // the structure from both sides (LANGUAGE §3.7).
      auto e = std::make_shared<pattern::PatternExpr>();
      e->kind = pattern::PatternExpr::Kind::Arithmetic;
      e->op = arithOpOf(op);
      e->structure = pattern::Structure::Both;
      e->lhs = exprOf(l);
      e->rhs = exprOf(r);
      return patternValue(e, range);
    }
    l = materialize(l, pattern::SignalConversion::Plain);
    r = materialize(r, pattern::SignalConversion::Plain);
    ir::Instr in;
    in.op = ir::Opcode::Node;
    in.node = op;
    in.operands = {l.id, r.id};
    in.rate = ir::maxRate(module_[l.id].rate, module_[r.id].rate);
    in.loc = range;
    in.hasLoc = true;
    in.seed = nextSeed();
    Value::Kind kind =
        l.kind == Value::Number && r.kind == Value::Number ? Value::Number : Value::Signal;
    return {kind, module_.add(std::move(in))};
  }

  Value negate(Value v, SourceRange range) {
    if (!v.ok()) return {};
    return binary(nodes::findNodeExact("mul"), v, {Value::Number, constant(-1.0f, range)}, range);
  }

  const NodeInfo* operatorNode(ast::BinaryOp op) {
    switch (op) {
    case ast::BinaryOp::Add:
      return nodes::findNodeExact("add");
    case ast::BinaryOp::Sub:
      return nodes::findNodeExact("sub");
    case ast::BinaryOp::Mul:
      return nodes::findNodeExact("mul");
    case ast::BinaryOp::Div:
      return nodes::findNodeExact("div");
    }
    return nullptr;
  }

  Value lower(const ast::Expr& e) {
    switch (e.kind) {
    case ast::ExprKind::Number:
      return {Value::Number, constant(static_cast<float>(ast::as<ast::Number>(e).value), e.range)};
    case ast::ExprKind::String: {
      // A string is a mini-notation pattern; its atoms are typed where it is used. Every use
      // so far is numeric (a parameter, arithmetic, an output).
      const auto& text = ast::as<ast::String>(e).text;
      pattern::MiniPtr tree = parseMini(text, e.range.begin + 1, diags_);
      if (!tree) return {};
      try {
        (void)pattern::buildMiniPattern(*tree, pattern::AtomContext::Numeric);
      } catch (const pattern::MiniError& error) {
        auto& d = diags_.error(SourceRange{error.loc.begin, error.loc.end}, error.what());
        DiagnosticEngine::note(d, "this pattern is used as numbers; sound patterns (`s \"bd\"`) "
                                  "are not available yet");
        return {};
      }
      auto expr = std::make_shared<pattern::PatternExpr>();
      expr->kind = pattern::PatternExpr::Kind::Mini;
      expr->mini = tree;
      expr->text = text;
      expr->context = pattern::AtomContext::Numeric;
      return patternValue(expr, e.range);
    }
    case ast::ExprKind::Bus:
      return resolveBus(ast::as<ast::Bus>(e).name, e.range, currentBus_);
    case ast::ExprKind::Name:
      return call(ast::as<ast::Name>(e).name, e.range, {}, nullptr, e.range);
    case ast::ExprKind::Call: {
      const auto& c = ast::as<ast::Call>(e);
      return call(c.callee, c.calleeRange, c.args, nullptr, e.range);
    }
    case ast::ExprKind::Paren:
      return lower(*ast::as<ast::Paren>(e).inner);
    case ast::ExprKind::Negate: {
      const ast::Expr& operand = *ast::as<ast::Negate>(e).operand;
      if (operand.kind == ast::ExprKind::Number)
        return {Value::Number,
                constant(-static_cast<float>(ast::as<ast::Number>(operand).value), e.range)};
      return negate(lower(operand), e.range);
    }
    case ast::ExprKind::Binary: {
      const auto& b = ast::as<ast::Binary>(e);
      Value l = lower(*b.lhs);
      Value r = lower(*b.rhs);
      return binary(operatorNode(b.op), l, r, e.range);
    }
    case ast::ExprKind::Chain: {
      const auto& c = ast::as<ast::Chain>(e);
      Value input = lower(*c.lhs);
      return lowerWithInput(*c.rhs, input);
    }
    }
    return {};
  }

  /// `input # e`: `input` becomes the first argument of the head of `e` (LANGUAGE §3.5).
  Value lowerWithInput(const ast::Expr& e, Value input) {
    switch (e.kind) {
    case ast::ExprKind::Name:
      return call(ast::as<ast::Name>(e).name, e.range, {}, &input, e.range);
    case ast::ExprKind::Call: {
      const auto& c = ast::as<ast::Call>(e);
      return call(c.callee, c.calleeRange, c.args, &input, e.range);
    }
    case ast::ExprKind::Paren:
      return lowerWithInput(*ast::as<ast::Paren>(e).inner, input);
    case ast::ExprKind::Negate:
      return negate(lowerWithInput(*ast::as<ast::Negate>(e).operand, input), e.range);
    case ast::ExprKind::Binary: {
      const auto& b = ast::as<ast::Binary>(e);
      Value l = lowerWithInput(*b.lhs, input);
      Value r = lower(*b.rhs);
      return binary(operatorNode(b.op), l, r, e.range);
    }
    case ast::ExprKind::Chain: {
      const auto& c = ast::as<ast::Chain>(e);
      return lowerWithInput(*c.rhs, lowerWithInput(*c.lhs, input));
    }
    default: {
      auto& d = diags_.error(e.range, "`#` needs a function on its right, not a value");
      DiagnosticEngine::help(d, "`a # f x` passes `a` as the input of `f`, as in "
                                "`saw 110 # lpf 800 0.7`");
      return {};
    }
    }
  }

  std::vector<std::string> callableNames() const {
    std::vector<std::string> names;
    for (const NodeInfo& n : nodes::catalogue()) {
      if (n.has(nodes::NodeOperator)) continue;
      names.push_back(n.name);
      for (unsigned i = 0; i < n.numAliases; ++i) names.push_back(n.aliases[i]);
    }
    return names;
  }

  Value call(const std::string& name, SourceRange nameRange, const std::vector<ast::ExprPtr>& args,
             const Value* input, SourceRange range) {
    const NodeInfo* node = nodes::findNode(name);
    if (!node || node->has(nodes::NodeOperator)) {
      auto& d = diags_.error(nameRange, "unknown function `" + name + "`");
      std::string suggestion = closestMatch(name, callableNames());
      if (!suggestion.empty()) DiagnosticEngine::help(d, "did you mean `" + suggestion + "`?");
      return {};
    }
    bool hasInput = node->has(nodes::NodeHasInput);
    if (input && !hasInput) {
      auto& d = diags_.error(nameRange, "`" + name + "` has no input, so it cannot follow `#`");
      DiagnosticEngine::note(d, "signature: " + signatureOf(*node));
      return {};
    }
    std::vector<Value> ports(node->numPorts);
    std::vector<bool> given(node->numPorts, false);
    unsigned next = 0;
    bool ok = true;
    if (input) {
      if (!input->ok()) ok = false;
      ports[0] = *input;
      given[0] = true;
      next = 1;
    }
    for (const ast::ExprPtr& arg : args) {
      if (next >= node->numPorts) {
        auto& d = diags_.error(arg->range, "too many arguments to `" + name + "`");
        DiagnosticEngine::note(d, "signature: " + signatureOf(*node) +
                                      (hasInput && input ? " (`in` comes from `#`)" : ""));
        return {};
      }
      if (hasInput && next == 0 && isNumberLiteral(*arg)) {
        auto& d = diags_.error(arg->range, "`" + name + "` expects an input signal first");
        DiagnosticEngine::help(d, "filter a signal with `saw 110 # " + name + " …` or `" + name +
                                      " (saw 110) …`");
        return {};
      }
      Value v = lower(*arg);
      if (!v.ok()) ok = false;
      ports[next] = v;
      given[next] = true;
      ++next;
    }
    for (unsigned i = 0; i < node->numPorts; ++i) {
      if (given[i]) continue;
      const nodes::PortInfo& p = node->ports[i];
      if (p.flags & nodes::PortRequired) {
        auto& d = diags_.error(range, "`" + name + "` is missing its argument `" +
                                          std::string(p.name) + "`");
        DiagnosticEngine::note(d, "signature: " + signatureOf(*node));
        return {};
      }
      ports[i] = {Value::Number, module_.addConst(p.defaultValue)};
    }
    if (!ok) return {};
    // Patterns reach the node as event-rate values; at a Hz parameter a pitch becomes Hz.
    for (unsigned i = 0; i < node->numPorts; ++i)
      ports[i] = materialize(ports[i], std::string_view(node->ports[i].unit) == "Hz"
                                           ? pattern::SignalConversion::Hz
                                           : pattern::SignalConversion::Plain);
    ir::Instr in;
    in.op = ir::Opcode::Node;
    in.node = node;
    in.rate = ir::Rate::Const;
    for (const Value& v : ports) {
      in.operands.push_back(v.id);
      in.rate = ir::maxRate(in.rate, module_[v.id].rate);
    }
    if (node->has(nodes::NodeStateful)) in.rate = ir::Rate::Audio;
    in.seed = nextSeed();
    in.loc = range;
    in.hasLoc = true;
    return {Value::Signal, module_.add(std::move(in))};
  }

  // ---- buses -------------------------------------------------------------------------------

  /// Stable identity of the next node: its statement and its position there (LANGUAGE §7).
  uint32_t nextSeed() { return fnv1a(identity_ + "#" + std::to_string(position_++)); }

  Value resolveBus(const std::string& name, SourceRange range, const std::string* fromBus) {
    if (broken_.count(name)) return {};
    auto it = buses_.find(name);
    if (it == buses_.end()) {
      auto& d = diags_.error(range, "unknown bus `~" + name + "`");
      std::vector<std::string> names;
      for (const std::string& b : busOrder_) names.push_back(b);
      std::string suggestion = closestMatch(name, names);
      if (!suggestion.empty()) DiagnosticEngine::help(d, "did you mean `~" + suggestion + "`?");
      return {};
    }
    BusDef& bus = it->second;
    if (fromBus) buses_.at(*fromBus).references.insert(name);
    if (bus.state == BusDef::Done) return bus.value;
    if (bus.state == BusDef::InProgress) {
      std::string path;
      for (const std::string& b : busStack_) path += "~" + b + " → ";
      auto& d = diags_.error(range, "feedback through buses is not available yet");
      DiagnosticEngine::note(d, "the definitions form a loop: " + path + "~" + name);
      broken_.insert(name);
      return {};
    }
    bus.state = BusDef::InProgress;
    busStack_.push_back(name);
    std::string savedIdentity = identity_;
    uint32_t savedPosition = position_;
    const std::string* savedBus = currentBus_;
    identity_ = "~" + name;
    position_ = 0;
    currentBus_ = &it->first;
    Value v = lower(*bus.stmt->values[0]);
    identity_ = savedIdentity;
    position_ = savedPosition;
    currentBus_ = savedBus;
    busStack_.pop_back();
    if (v.ok() && v.kind != Value::Pattern && module_[v.id].name.empty())
      module_[v.id].name = "~" + name;
    bus.value = v;
    bus.state = BusDef::Done;
    return v;
  }

  // ---- outputs -----------------------------------------------------------------------------

  void addOutput(Value v, SourceRange loc) {
    if (!v.ok()) return;
    v = materialize(v, pattern::SignalConversion::Plain);
    ir::Instr out;
    out.op = ir::Opcode::Output;
    out.operands = {v.id};
    out.outputIndex = 0;
    out.loc = loc;
    out.hasLoc = true;
    module_.add(std::move(out));
  }

  void markUsed(const std::string& bus) {
    if (!used_.insert(bus).second) return;
    for (const std::string& r : buses_.at(bus).references) markUsed(r);
  }

  void lowerOutputs() {
    if (out_) {
      identity_ = "out";
      position_ = 0;
      currentBus_ = nullptr;
      outReferences_.clear();
      collectBusReferences(*out_->values[0]);
      addOutput(lower(*out_->values[0]), out_->range);
      for (const std::string& b : outReferences_)
        if (buses_.count(b)) markUsed(b);
      return;
    }
    if (broken_.count("out") || (program_.statements.empty() && diags_.hasErrors())) return;
    // Auto output (LANGUAGE §2.4): ~master, else ~out, else 0.25 × the top-level audio buses.
    for (const char* name : {"master", "out"}) {
      auto it = buses_.find(name);
      if (it == buses_.end()) continue;
      diags_.warning(it->second.stmt->headRange,
                     std::string("no output defined; playing ~") + name);
      markUsed(name);
      addOutput(it->second.value, it->second.stmt->range);
      return;
    }
    std::set<std::string> referenced;
    for (const auto& [name, bus] : buses_)
      referenced.insert(bus.references.begin(), bus.references.end());
    std::vector<std::string> topLevel;
    for (const std::string& name : busOrder_) {
      const BusDef& bus = buses_.at(name);
      if (!referenced.count(name) && bus.value.kind == Value::Signal) topLevel.push_back(name);
    }
    if (topLevel.empty()) {
      if (diags_.hasErrors()) return; // an error above is the likelier cause
      SourceRange at = SourceRange::at(0, 0);
      if (file_.text().find_first_not_of(" \t\r\n") == std::string::npos) {
        auto& d = diags_.error(at, "the program is empty");
        DiagnosticEngine::help(d, "a program needs an output, such as `out: sine 440 * 0.2`");
        return;
      }
      auto& d = diags_.error(at, "the program has no output");
      DiagnosticEngine::help(d, "add an output such as `out: sine 440 * 0.2`, or a bus that "
                                "plays a signal");
      return;
    }
    identity_ = "out";
    position_ = 0;
    std::string list;
    Value sum;
    for (const std::string& name : topLevel) {
      const BusDef& bus = buses_.at(name);
      markUsed(name);
      list += (list.empty() ? "~" : " + ~") + name;
      sum = sum.ok() ? binary(nodes::findNodeExact("add"), sum, bus.value, bus.stmt->range)
                     : bus.value;
    }
    Value quarter{Value::Number, module_.addConst(0.25f)};
    auto& d = diags_.warning(buses_.at(topLevel[0]).stmt->headRange,
                             "no output defined; playing 0.25 × (" + list + ")");
    DiagnosticEngine::help(d, "add `out: …` to choose what plays");
    addOutput(binary(nodes::findNodeExact("mul"), sum, quarter, SourceRange::at(0, 0)),
              SourceRange::at(0, 0));
  }

  void collectBusReferences(const ast::Expr& e) {
    switch (e.kind) {
    case ast::ExprKind::Bus:
      outReferences_.insert(ast::as<ast::Bus>(e).name);
      break;
    case ast::ExprKind::Call:
      for (const ast::ExprPtr& a : ast::as<ast::Call>(e).args) collectBusReferences(*a);
      break;
    case ast::ExprKind::Paren:
      collectBusReferences(*ast::as<ast::Paren>(e).inner);
      break;
    case ast::ExprKind::Negate:
      collectBusReferences(*ast::as<ast::Negate>(e).operand);
      break;
    case ast::ExprKind::Binary:
      collectBusReferences(*ast::as<ast::Binary>(e).lhs);
      collectBusReferences(*ast::as<ast::Binary>(e).rhs);
      break;
    case ast::ExprKind::Chain:
      collectBusReferences(*ast::as<ast::Chain>(e).lhs);
      collectBusReferences(*ast::as<ast::Chain>(e).rhs);
      break;
    default:
      break;
    }
  }

  void warnUnusedBuses() {
    if (diags_.hasErrors()) return;
    for (const std::string& name : busOrder_)
      if (!used_.count(name))
        diags_.warning(buses_.at(name).stmt->headRange, "bus `~" + name + "` is never used");
  }

  const ast::Program& program_;
  const SourceFile& file_;
  DiagnosticEngine& diags_;
  ir::Module module_;

  const ast::Stmt* tempo_ = nullptr;
  const ast::Stmt* out_ = nullptr;
  std::map<std::string, BusDef> buses_;
  std::vector<std::string> busOrder_;
  std::set<std::string> broken_;
  std::set<std::string> used_;
  std::set<std::string> outReferences_;
  std::vector<std::string> busStack_;
  std::map<std::pair<const pattern::PatternExpr*, pattern::SignalConversion>, ir::ValueId>
      materialized_;
  const std::string* currentBus_ = nullptr;
  std::string identity_;
  uint32_t position_ = 0;
};

} // namespace

std::optional<ir::Module> lowerToIr(const ast::Program& program, const SourceFile& file,
                                    DiagnosticEngine& diags) {
  return Sema(program, file, diags).run();
}

std::optional<ir::Module> compileFile(const std::string& path, DiagnosticEngine& diags,
                                      std::optional<SourceFile>& file) {
  file = readSource(path, diags);
  if (!file) return std::nullopt;
  diags.setFile(&*file);
  if (!checkSourceText(*file, diags)) return std::nullopt;
  ast::Program program = parse(*file, diags);
  return lowerToIr(program, *file, diags);
}

} // namespace phonon
