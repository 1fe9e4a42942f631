// Expressions (LANGUAGE §3): lowering each kind of expression, `#` (an input passed into the
// head on its right), the operators of §3.7 on numbers, signals and patterns (the one table
// mapping operators to nodes and pattern arithmetic), patterns materialized as event-rate values
// or realized as voices, and node instructions with their stable seeds.
#include "Sema.h"

#include <algorithm>
#include <stdexcept>

namespace phonon::sema {

namespace {

/// The arithmetic operators of LANGUAGE §3.7: each is a node of the catalogue on signals (named
/// by ast::opKindName) and an arithmetic on pattern values. The one mapping between the three.
struct ArithmeticOperator {
  ast::OpKind kind;
  pattern::ArithOp op;
};

constexpr ArithmeticOperator kArithmeticOperators[] = {{ast::OpKind::Add, pattern::ArithOp::Add},
                                                       {ast::OpKind::Sub, pattern::ArithOp::Sub},
                                                       {ast::OpKind::Mul, pattern::ArithOp::Mul},
                                                       {ast::OpKind::Div, pattern::ArithOp::Div},
                                                       {ast::OpKind::Mod, pattern::ArithOp::Mod}};

} // namespace

Value patternValue(pattern::PatternExprPtr expr, SourceRange range) {
  Value v;
  v.kind = Value::Pattern;
  v.expr = std::move(expr);
  v.range = range;
  return v;
}

pattern::ArithOp arithOpOf(ast::OpKind kind) {
  for (const ArithmeticOperator& a : kArithmeticOperators)
    if (a.kind == kind) return a.op;
  throw std::logic_error("not an arithmetic operator");
}

/// The node computing operator `kind` per sample (null for the non-arithmetic operators).
const NodeInfo* operatorNode(ast::OpKind kind) {
  for (const ArithmeticOperator& a : kArithmeticOperators)
    if (a.kind == kind) return nodes::findNodeExact(ast::opKindName(kind));
  return nullptr;
}

pattern::ArithOp arithOpOf(const NodeInfo* node) {
  for (const ArithmeticOperator& a : kArithmeticOperators)
    if (node->name == std::string_view(ast::opKindName(a.kind))) return a.op;
  throw std::logic_error("not an arithmetic node");
}

/// The arithmetic operator whose node is `node` (`add` for `+`, and `~add a b`), if any.
std::optional<ast::OpKind> arithmeticOperatorOfNode(std::string_view node) {
  for (const ArithmeticOperator& a : kArithmeticOperators)
    if (node == ast::opKindName(a.kind)) return a.kind;
  return std::nullopt;
}

/// What operator `kind` is between patterns: `|>` sets, `|<` keeps, the rest is arithmetic.
pattern::PatternExpr::Kind patternKindOf(ast::OpKind kind) {
  return kind == ast::OpKind::Set    ? pattern::PatternExpr::Kind::Set
         : kind == ast::OpKind::Keep ? pattern::PatternExpr::Kind::Keep
                                     : pattern::PatternExpr::Kind::Arithmetic;
}

/// The transform a shift operator applies (`<~` early, `~>` late): it has the operator's name.
const char* shiftTransformOf(ast::OpKind kind) {
  if (kind != ast::OpKind::Early && kind != ast::OpKind::Late)
    throw std::logic_error("not a shift operator");
  return ast::opKindName(kind);
}

uint32_t fnv1a(std::string_view s) {
  uint32_t h = 2166136261u;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return h;
}

ir::ValueId Sema::constant(float v, SourceRange r) {
  return module_.addConst(v, r, true);
}

/// The value of a Number-kind expression (constants and operators on them).
float Sema::numberOf(ir::ValueId id) {
  const ir::Instr& in = module_[id];
  if (in.op == ir::Opcode::Const) return in.value;
  std::vector<float> operands;
  for (ir::ValueId op : in.operands) operands.push_back(numberOf(op));
  float out = 0;
  const nodes::Env env{48000.0f, 1.0f / 48000.0f, 0.0};
  in.node->tick(nullptr, operands.data(), &out, &env);
  return out;
}

pattern::PatternExprPtr Sema::exprOf(const Value& v) {
  if (v.kind == Value::Pattern) return v.expr;
  auto e = std::make_shared<pattern::PatternExpr>();
  e->kind = pattern::PatternExpr::Kind::Number;
  e->number = v.exact ? v.exact->toDouble() : numberOf(v.id);
  e->exact = v.exact;
  return e;
}

/// A pattern used where a signal is needed becomes an event-rate value (LANGUAGE §4.3):
/// one slot of the pattern program per pattern and conversion.
Value Sema::materialize(const Value& v, pattern::SignalConversion conversion) {
  if (v.kind != Value::Pattern) return v;
  if (v.isSound()) return realize(v);
  if (v.words) {
    wordsAsNumbers(v);
    return {};
  }
  if (v.isControl() && !v.controls.count("note") && !v.controls.count("n")) {
    auto& d = diags_.error(v.range, "this control pattern has no `note` or `n` to give a number");
    DiagnosticEngine::help(d, "to play it, give it a sound: `… # s \"bd\"`");
    return {};
  }
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

/// Whether an operator between `l` and `r` works on events (LANGUAGE §3.7): between
/// patterns, numbers counting as pure patterns. A sound pattern against a control pattern
/// without a sound works on their controls, as in Tidal (`s "bd sn" |+ n 1`, `|* speed 2`);
/// against numbers, signals or other sounds it is audio, so it is realized (mixed, scaled).
bool Sema::onEvents(const Value& l, const Value& r) {
  auto controlsOnly = [](const Value& v) { return v.isControl() && !v.isSound(); };
  if ((l.isSound() && controlsOnly(r)) || (r.isSound() && controlsOnly(l))) return true;
  return (l.kind == Value::Pattern || r.kind == Value::Pattern) && l.kind != Value::Signal &&
         r.kind != Value::Signal && !l.isSound() && !r.isSound() && l.words == r.words;
}

/// The pattern `e` combining `l` and `r`: it holds the controls of both.
Value Sema::combined(pattern::PatternExprPtr e, const Value& l, const Value& r, SourceRange range) {
  Value v = patternValue(std::move(e), range);
  v.controls = l.controls;
  v.controls.insert(r.controls.begin(), r.controls.end());
  v.words = (l.words || r.words) && v.controls.empty();
  return v;
}

/// The pattern `e` of arithmetic between `l` and `r` (LANGUAGE §3.7): between control
/// patterns it applies to their controls; a control pattern against plain numbers is read as
/// its number first (§3.4: its `note` as a pitch, else its `n`), so the result is numbers.
Value Sema::arithmeticResult(pattern::PatternExprPtr e, const Value& l, const Value& r,
                             SourceRange range) {
  if (l.isControl() == r.isControl()) return combined(std::move(e), l, r, range);
  const Value& control = l.isControl() ? l : r;
  if (!control.controls.count("note") && !control.controls.count("n")) {
    auto& d =
        diags_.error(control.range, "this control pattern has no `note` or `n` to give a number");
    DiagnosticEngine::help(d, "arithmetic between a control pattern and numbers reads its "
                              "`note` or `n`; name the control on both sides, as in "
                              "`gain \"1 0.5\" |* gain 0.8`");
    return {};
  }
  return patternValue(std::move(e), range);
}

/// A sound pattern where audio is expected: a player whose voices its events start, its
/// output stereo (LANGUAGE §8.2). Each place that plays a pattern has its own player.
Value Sema::realize(const Value& v) {
  ir::Instr in;
  in.op = ir::Opcode::Voices;
  in.type = ir::Type::Stereo;
  in.rate = ir::Rate::Audio;
  in.slot = static_cast<uint32_t>(module_.voices.size());
  in.seed = nextSeed();
  in.loc = v.range;
  in.hasLoc = true;
  module_.voices.push_back(v.expr);
  return {Value::Signal, module_.add(std::move(in))};
}

/// The error for a pattern of words used as numbers.
void Sema::wordsAsNumbers(const Value& v) {
  size_t before = diags_.errorCount();
  if (v.string) lowerString(*v.string, pattern::AtomContext::Numeric); // reports the atom
  if (diags_.errorCount() == before) {
    auto& d = diags_.error(v.range, "expected numbers here, but this pattern holds words");
    DiagnosticEngine::help(d, "to play sounds, write `s \"…\"`");
  }
}

Value Sema::binary(const NodeInfo* op, Value l, Value r, SourceRange range) {
  if (!l.ok() || !r.ok()) return {};
  if (onEvents(l, r)) {
    // Between patterns the operators work on events, with the structure from both sides.
    auto e = std::make_shared<pattern::PatternExpr>();
    e->kind = pattern::PatternExpr::Kind::Arithmetic;
    e->op = arithOpOf(op);
    e->structure = pattern::Structure::Both;
    e->lhs = exprOf(l);
    e->rhs = exprOf(r);
    return arithmeticResult(e, l, r, range);
  }
  l = materialize(l, pattern::SignalConversion::Plain);
  r = materialize(r, pattern::SignalConversion::Plain);
  if (!l.ok() || !r.ok()) return {};
  ir::Instr in;
  in.op = ir::Opcode::Node;
  in.node = op;
  in.operands = {l.id, r.id};
  in.rate = ir::maxRate(module_[l.id].rate, module_[r.id].rate);
  // Operators work per channel: a stereo operand makes the result stereo.
  if (module_[l.id].type == ir::Type::Stereo || module_[r.id].type == ir::Type::Stereo)
    in.type = ir::Type::Stereo;
  in.loc = range;
  in.hasLoc = true;
  in.seed = nextSeed();
  Value::Kind kind =
      l.kind == Value::Number && r.kind == Value::Number ? Value::Number : Value::Signal;
  Value v{kind, module_.add(std::move(in))};
  if (kind == Value::Number && l.exact && r.exact) {
    // A constant expression of literals keeps its exact value for patterns (`(1/3)`).
    try {
      if (std::optional<ast::OpKind> k = arithmeticOperatorOfNode(op->name))
        v.exact = exactArithmetic(*k, *l.exact, *r.exact);
    } catch (const RationalOverflow&) { // too fine for a fraction: the float is what there is
    }
  }
  return v;
}

Value Sema::negate(Value v, SourceRange range) {
  if (!v.ok()) return {};
  Value minusOne{Value::Number, constant(-1.0f, range)};
  minusOne.exact = Rational(-1);
  return binary(operatorNode(ast::OpKind::Mul), v, minusOne, range);
}

pattern::Structure Sema::structureOf(ast::OpStructure s) {
  switch (s) {
  case ast::OpStructure::Left:
    return pattern::Structure::Left;
  case ast::OpStructure::Right:
    return pattern::Structure::Right;
  case ast::OpStructure::Squeeze:
    return pattern::Structure::Squeeze;
  default:
    return pattern::Structure::Both;
  }
}

/// Any binary operator of LANGUAGE §3.7 between two values.
Value Sema::applyOperator(const ast::Operator& op, Value l, Value r, SourceRange range) {
  if (!l.ok() || !r.ok()) return {};
  bool patterns = onEvents(l, r) && op.structure != ast::OpStructure::PerSample;
  if (op.kind == ast::OpKind::Early || op.kind == ast::OpKind::Late) {
    // `t <~ p`: p shifted earlier by t cycles (t may be a pattern).
    if (r.kind == Value::Signal || l.kind == Value::Signal) {
      auto& d = diags_.error(op.range, "`" + op.spelling + "` shifts patterns, not signals");
      DiagnosticEngine::help(d, "shift the pattern inside, as in `sine (0.25 <~ \"110 220\")`");
      return {};
    }
    auto fn = std::make_shared<pattern::PatternFn>();
    fn->kind = pattern::PatternFn::Kind::Transform;
    fn->name = shiftTransformOf(op.kind);
    fn->args.push_back(patternArg(exprOf(l)));
    return applyPatternFn(fn, r, range);
  }
  if (op.kind == ast::OpKind::Set || op.kind == ast::OpKind::Keep) {
    if (patterns) {
      auto e = std::make_shared<pattern::PatternExpr>();
      e->kind = patternKindOf(op.kind);
      e->structure = structureOf(op.structure);
      e->lhs = exprOf(l);
      e->rhs = exprOf(r);
      return combined(e, l, r, range);
    }
    // Between signals (or numbers) `|>` yields the right operand, `|<` the left.
    return op.kind == ast::OpKind::Set ? r : l;
  }
  if (patterns) {
    auto e = std::make_shared<pattern::PatternExpr>();
    e->kind = pattern::PatternExpr::Kind::Arithmetic;
    e->op = arithOpOf(op.kind);
    e->structure = structureOf(op.structure);
    e->lhs = exprOf(l);
    e->rhs = exprOf(r);
    return arithmeticResult(e, l, r, range);
  }
  // Numbers and signals: per sample (structure markers mean nothing to a signal).
  Value v = binary(operatorNode(op.kind), materialize(l, pattern::SignalConversion::Plain),
                   materialize(r, pattern::SignalConversion::Plain), range);
  if (v.ok() && op.structure == ast::OpStructure::PerSample) perSample_.insert(v.id);
  return v;
}

/// Where a construct of the language is parsed but not compiled yet: a clear error.
Value Sema::notYet(SourceRange range, const std::string& what) {
  diags_.error(range, what + " are not available yet");
  return {};
}

Value Sema::lower(const ast::Expr& e) {
  switch (e.kind) {
  case ast::ExprKind::Number: {
    Value v{Value::Number, constant(static_cast<float>(ast::as<ast::Number>(e).value), e.range)};
    v.exact = exactLiteral(ast::as<ast::Number>(e));
    return v;
  }
  case ast::ExprKind::String:
    // A string is a mini-notation pattern whose atoms are typed where it is used (LANGUAGE
    // §3.4): read as numbers if it can be, else as words; a use that needs the other reading
    // reads the string again.
    return lowerUntypedString(ast::as<ast::String>(e));
  case ast::ExprKind::Bus:
    return resolveBus(ast::as<ast::Bus>(e).name, e.range, currentBus_);
  case ast::ExprKind::Name: {
    const std::string& name = ast::as<ast::Name>(e).name;
    if (const Binding* b = parameter(name)) {
      if (b->function) {
        auto& d = diags_.error(e.range, "parameter `" + name + "` holds a function, not a value");
        DiagnosticEngine::help(d, "apply it with `$` or `#`");
        return {};
      }
      return b->value;
    }
    return call(name, e.range, {}, nullptr, e.range);
  }
  case ast::ExprKind::Call: {
    const auto& c = ast::as<ast::Call>(e);
    return call(c.callee, c.calleeRange, c.args, nullptr, e.range);
  }
  case ast::ExprKind::Paren:
    return lower(*ast::as<ast::Paren>(e).inner);
  case ast::ExprKind::Template:
    // Each use is the body in parentheses, so each use makes its own nodes.
    return expandTemplate(
        e, [&](const ast::Expr& body) { return lower(body); }, Value{});
  case ast::ExprKind::Dollar:
    return lowerDollar(ast::as<ast::Dollar>(e));
  case ast::ExprKind::List: {
    auto& d = diags_.error(e.range, "a list is an argument, not a value");
    DiagnosticEngine::help(d, "lists are given to functions, as in `stack [\"0 2\", \"7\"]` or "
                              "`layer [fast 2, rev]`");
    return {};
  }
  case ast::ExprKind::Section:
  case ast::ExprKind::ChainSection: {
    auto& d = diags_.error(e.range, "a function is not a value");
    DiagnosticEngine::help(d, "apply it with `$`, as in `\"0 7\" $ (|+ 12)`");
    return {};
  }
  case ast::ExprKind::Negate: {
    const ast::Expr& operand = *ast::as<ast::Negate>(e).operand;
    if (operand.kind == ast::ExprKind::Number) {
      Value v{Value::Number,
              constant(-static_cast<float>(ast::as<ast::Number>(operand).value), e.range)};
      if (std::optional<Rational> x = exactLiteral(ast::as<ast::Number>(operand))) v.exact = -*x;
      return v;
    }
    return negate(lower(operand), e.range);
  }
  case ast::ExprKind::Binary: {
    const auto& b = ast::as<ast::Binary>(e);
    Value l = lower(*b.lhs);
    Value r = lower(*b.rhs);
    return applyOperator(b.op, l, r, e.range);
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
Value Sema::lowerWithInput(const ast::Expr& e, Value input) {
  switch (e.kind) {
  case ast::ExprKind::Name: {
    const std::string& name = ast::as<ast::Name>(e).name;
    if (const Binding* b = parameter(name)) {
      if (!b->function) break;
      std::optional<FunctionValue> f =
          inScope(b->scope, [&] { return lowerFunction(*b->function); });
      return f ? applyFunction(*f, input, nullptr, e.range) : Value{};
    }
    return call(name, e.range, {}, &input, e.range);
  }
  case ast::ExprKind::Template:
    return expandTemplate(
        e, [&](const ast::Expr& body) { return lowerWithInput(body, input); }, Value{});
  case ast::ExprKind::Section:
  case ast::ExprKind::ChainSection:
  case ast::ExprKind::Dollar: {
    if (!isFunctionOperand(e)) {
      if (e.kind != ast::ExprKind::Dollar) break;
      // `a # speed 2 $ fast 2`: the head `speed 2` takes `a`; the functions right of it
      // apply to the result (LANGUAGE §3.5).
      const auto& d = ast::as<ast::Dollar>(e);
      if (reportUnknownOperand(d)) return {};
      Value subject = lowerWithInput(*d.operands[0], input);
      for (size_t i = 1; i < d.operands.size() && subject.ok(); ++i) {
        if (!isFunctionOperand(*d.operands[i])) {
          diags_.error(d.operands[i]->range, "`$` joins one value with transforms or effects");
          return {};
        }
        std::optional<FunctionValue> f = lowerFunction(*d.operands[i]);
        if (!f) return {};
        subject = applyFunction(*f, subject, d.operands[0].get(), d.range);
      }
      return subject;
    }
    std::optional<FunctionValue> f = lowerFunction(e);
    return f ? applyFunction(*f, input, nullptr, e.range) : Value{};
  }
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
    return applyOperator(b.op, l, r, e.range);
  }
  case ast::ExprKind::Chain: {
    const auto& c = ast::as<ast::Chain>(e);
    return lowerWithInput(*c.rhs, lowerWithInput(*c.lhs, input));
  }
  case ast::ExprKind::Bus:
    if (broken_.count("~" + ast::as<ast::Bus>(e).name)) return {};
    break;
  default:
    break;
  }
  auto& d = diags_.error(e.range, "`#` needs a function on its right, not a value");
  DiagnosticEngine::help(d, "`a # f x` passes `a` as the input of `f`, as in "
                            "`saw 110 # lpf 800 0.7`");
  return {};
}

/// What sema gives a PortInternal port: the block-rate tempo (one instruction per module), or
/// the onset or active column of an event port's pattern (the k-th of each for the k-th).
Value Sema::internalPort(const NodeInfo& node, unsigned port, const std::vector<Value>& ports) {
  const nodes::PortInfo& p = node.ports[port];
  if (uint32_t column = p.flags & (nodes::PortEventOnset | nodes::PortEventActive)) {
    unsigned k = 0;
    for (unsigned i = 0; i < port; ++i) k += (node.ports[i].flags & column) != 0;
    for (unsigned i = 0; i < ports.size(); ++i)
      if ((node.ports[i].flags & nodes::PortEvents) && k-- == 0)
        return materialize(ports[i], column == nodes::PortEventOnset
                                         ? pattern::SignalConversion::Onset
                                         : pattern::SignalConversion::Active);
    throw std::logic_error(std::string("no event port for ") + p.name);
  }
  if (std::string_view(p.name) != "cps")
    throw std::logic_error(std::string("no value for internal port ") + p.name);
  if (!tempoValue_) {
    ir::Instr in;
    in.op = ir::Opcode::Tempo;
    in.rate = ir::Rate::Block;
    tempoValue_ = module_.add(std::move(in));
  }
  return {Value::Signal, *tempoValue_};
}

/// The node instruction for `node` with a value per port.
Value Sema::nodeValue(const NodeInfo* node, std::vector<Value> ports, SourceRange range) {
  const unsigned numPorts = node->numPorts;
  // Patterns reach the node as event-rate values; at a Hz parameter a pitch becomes Hz.
  for (size_t i = 0; i < ports.size(); ++i)
    ports[i] =
        materialize(ports[i], (node->ports[std::min<size_t>(i, numPorts - 1)].flags & nodes::PortHz)
                                  ? pattern::SignalConversion::Hz
                                  : pattern::SignalConversion::Plain);
  for (const Value& v : ports)
    if (!v.ok()) return {};
  if (!voiceBus_.empty()) {
    // In a bus voice every pitch parameter is transposed by the voice's note (LANGUAGE §8.4).
    for (size_t i = 0; i < ports.size(); ++i)
      if (node->ports[std::min<size_t>(i, numPorts - 1)].flags & nodes::PortPitch)
        ports[i] = binary(operatorNode(ast::OpKind::Mul), ports[i], voicePitch(), range);
    for (const Value& v : ports)
      if (!v.ok()) return {};
  }
  if (std::string_view(node->name) == "select") return selectChain(ports, range);
  ir::Instr in;
  in.op = ir::Opcode::Node;
  in.node = node;
  in.rate = ir::Rate::Const;
  for (size_t i = 0; i < ports.size(); ++i) {
    ir::ValueId id = ports[i].id;
    if (module_[id].type == ir::Type::Stereo) {
      // A stereo signal input makes a stereo node (processed per channel); a parameter
      // takes the mono sum.
      if (node->ports[std::min<size_t>(i, numPorts - 1)].flags & nodes::PortSignal)
        in.type = ir::Type::Stereo;
      else
        id = unaryNode("mono", {Value::Signal, id}, range).id;
    }
    in.operands.push_back(id);
    in.rate = ir::maxRate(in.rate, module_[id].rate);
  }
  if (node->has(nodes::NodeStateful)) in.rate = ir::Rate::Audio;
  if (node->has(nodes::NodeStereoOutput)) in.type = ir::Type::Stereo;  // pan, pan2, stereo
  if (std::string_view(node->name) == "mono") in.type = ir::Type::F32; // (L + R)/2
  // `mix a b …` (LANGUAGE §7.8) of mono signals is the n-ary sum, in ir::sumOf's order.
  // Of stereo signals it is the chain of per-channel additions that `stack` makes of them.
  if (node->has(nodes::NodeLoweredBySema) && in.type == ir::Type::F32) {
    in.op = ir::Opcode::Sum;
    in.node = nullptr;
  } else if (node->has(nodes::NodeLoweredBySema)) {
    Value sum{Value::Signal, in.operands[0]};
    for (size_t i = 1; i < in.operands.size(); ++i)
      sum = binary(operatorNode(ast::OpKind::Add), sum, {Value::Signal, in.operands[i]}, range);
    return sum;
  }
  in.seed = nextSeed();
  in.loc = range;
  in.hasLoc = true;
  return {Value::Signal, module_.add(std::move(in))};
}

/// The voice's pitch ratio in a voice template's graph (one instruction, made at first use).
Value Sema::voicePitch() {
  if (!voicePitch_) {
    ir::Instr in;
    in.op = ir::Opcode::VoicePitch;
    in.rate = ir::Rate::Block;
    voicePitch_ = module_.add(std::move(in));
  }
  return {Value::Signal, *voicePitch_};
}

/// `select i s0 s1 …` (LANGUAGE §7.8): s_j with j = floor(i) clamped to the list, written as
/// if(sign(i − k) + 1, s_k, …) for k = n − 1 … 1 around s0: sign(i − k) + 1 > 0.5 exactly when
/// i ≥ k, that is floor(i) ≥ k. A non-finite i chooses s0.
Value Sema::selectChain(const std::vector<Value>& ports, SourceRange range) {
  const NodeInfo* ifNode = nodes::findNodeExact("if");
  const NodeInfo* sign = nodes::findNodeExact("sign");
  Value chosen = ports[1];
  for (size_t k = 2; k < ports.size(); ++k) {
    Value below = binary(operatorNode(ast::OpKind::Sub), ports[0],
                         {Value::Number, constant(static_cast<float>(k - 1), range)}, range);
    Value atLeast = binary(operatorNode(ast::OpKind::Add), nodeValue(sign, {below}, range),
                           {Value::Number, constant(1.0f, range)}, range);
    chosen = nodeValue(ifNode, {atLeast, ports[k], chosen}, range);
    if (!chosen.ok()) return {};
  }
  return chosen;
}

/// Stable identity of the next node: its statement and its position there (LANGUAGE §7).
uint32_t Sema::nextSeed() {
  return fnv1a(identity_ + "#" + std::to_string(position_++));
}

} // namespace phonon::sema
