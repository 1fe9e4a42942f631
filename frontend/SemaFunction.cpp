// Function values (LANGUAGE §3.6): a transform missing its pattern, an effect missing its
// input, a section, a chain section or a composition, as steps; `$` chains; sections on
// patterns and on signals; the conditional effect forms (`every 2 (# lpf 300 1)`,
// `every_effect`); applying a function to a subject, and the error for a transform applied to a
// signal.
#include "Sema.h"

#include <algorithm>

namespace phonon::sema {

namespace {

/// The conditional effect forms of LANGUAGE §3.6, the one list of them: the transforms that,
/// given an effect section, switch a signal between dry and processed per cycle. Each marks its
/// cycles with a transform of the same name, or (the sometimes family) with `someCyclesBy`, at
/// a fixed probability or the one given.
struct ConditionalForm {
  const char* name;
  const char* condition; ///< the transform that marks the cycles
  double probability;    ///< of `someCyclesBy`; negative where its pattern arguments give it
};
constexpr ConditionalForm kConditionalForms[] = {
    {"every", "every", -1},
    {"every'", "every'", -1},
    {"whenmod", "whenmod", -1},
    {"sometimesBy", "someCyclesBy", -1},
    {"sometimes", "someCyclesBy", 0.5},
    {"often", "someCyclesBy", 0.75},
    {"rarely", "someCyclesBy", 0.25},
    {"almostNever", "someCyclesBy", 0.1},
    {"almostAlways", "someCyclesBy", 0.9},
    {"always", "someCyclesBy", 1.0},
    {"never", "someCyclesBy", 0.0},
    {"someCyclesBy", "someCyclesBy", -1},
    {"somecyclesBy", "someCyclesBy", -1},
    {"someCycles", "someCyclesBy", 0.5},
};

const ConditionalForm* findConditionalForm(std::string_view name) {
  for (const ConditionalForm& f : kConditionalForms)
    if (name == f.name) return &f;
  return nullptr;
}

/// The conditional forms as functions of an input and an effect (LANGUAGE §7.10).
struct EffectForm {
  const char* name;
  const char* form;  ///< the conditional form it applies
  size_t patterns;   ///< the pattern arguments between the input and the effect
  const char* usage; ///< its arguments, for errors
};
constexpr EffectForm kEffectForms[] = {
    {"every_effect", "every", 1, " in n fx"},
    {"sometimes_effect", "sometimes", 0, " in fx"},
    {"whenmod_effect", "whenmod", 2, " in a b fx"},
};

const EffectForm* findEffectForm(std::string_view name) {
  for (const EffectForm& f : kEffectForms)
    if (name == f.name) return &f;
  return nullptr;
}

} // namespace

bool isConditionalForm(const std::string& name) {
  return findConditionalForm(name) != nullptr;
}

/// `every_effect`, `sometimes_effect`, `whenmod_effect`.
bool isEffectForm(const std::string& name) {
  return findEffectForm(name) != nullptr;
}

/// A function written where one is expected (LANGUAGE §3.6): a transform missing its
/// pattern, a node call missing its input, a section, a chain section, a composition, a
/// user function missing its first argument, or a template holding one of these.
std::optional<Sema::FunctionValue> Sema::lowerFunction(const ast::Expr& e) {
  std::optional<FunctionValue> f = lowerFunctionSteps(e);
  if (f)
    for (FnStep& step : *f)
      if (!step.scope) step.scope = scope_;
  return f;
}

std::optional<Sema::FunctionValue> Sema::lowerFunctionSteps(const ast::Expr& e) {
  switch (e.kind) {
  case ast::ExprKind::Paren:
    return lowerFunction(*ast::as<ast::Paren>(e).inner);
  case ast::ExprKind::Name:
  case ast::ExprKind::Call: {
    const std::string& name =
        e.kind == ast::ExprKind::Name ? ast::as<ast::Name>(e).name : ast::as<ast::Call>(e).callee;
    SourceRange nameRange =
        e.kind == ast::ExprKind::Name ? e.range : ast::as<ast::Call>(e).calleeRange;
    static const std::vector<ast::Argument> none;
    const std::vector<ast::Argument>& args =
        e.kind == ast::ExprKind::Call ? ast::as<ast::Call>(e).args : none;
    if (const Binding* b = parameter(name)) {
      if (b->function && e.kind == ast::ExprKind::Name)
        return inScope(b->scope, [&] { return lowerFunction(*b->function); });
      auto& d = diags_.error(e.range, "expected a function here, but parameter `" + name +
                                          "` holds a value");
      (void)d;
      return std::nullopt;
    }
    if (const ast::Stmt* fn = userFunction(name)) {
      if (broken_.count("fn " + name)) return std::nullopt;
      if (fn->params.empty() || args.size() + 1 != fn->params.size()) {
        auto& d = diags_.error(e.range, "`" + name +
                                            "` is a function here only when its "
                                            "first argument is left out");
        DiagnosticEngine::note(d, fn->headRange, "defined here as `" + fnSignature(*fn) + "`");
        return std::nullopt;
      }
      return FunctionValue{FnStep{FnStep::Effect, nullptr, &e, nullptr, e.range, nullptr, {}}};
    }
    if (isPluginName(name)) {
      diags_.error(nameRange, "`" + name + "`: plugin hosting is not supported");
      return std::nullopt;
    }
    // `(# speed 2)`, `(# legato 0.5)`: controls set on the subject.
    if (isControlName(name) && (chainPart_ || !transformNamed(name)))
      return FunctionValue{FnStep{FnStep::Effect, nullptr, &e, nullptr, e.range, nullptr, {}}};
    if (const pattern::OpInfo* op = transformNamed(name)) {
      size_t arity = transformArity(op);
      bool variadic = arity && op->args[arity - 1] == 'F';
      if (isConditionalForm(name) && args.size() == arity) {
        std::optional<std::optional<FunctionValue>> conditional =
            conditionalForm(name, args, e.range);
        if (conditional) return *conditional;
      }
      size_t least = transformMinArity(op);
      if (variadic ? args.size() < arity : args.size() < least || args.size() > arity) {
        auto& d = diags_.error(e.range, "`" + name + "` takes " +
                                            (least < arity ? std::to_string(least) + " or " : "") +
                                            std::to_string(arity) +
                                            (arity == 1 ? " argument" : " arguments") +
                                            " before its pattern");
        DiagnosticEngine::note(d, "signature: " + transformSignature(op));
        return std::nullopt;
      }
      pattern::PatternFnPtr fn = transformFunction(op, std::span(args), e.range);
      if (!fn) return std::nullopt;
      return FunctionValue{
          FnStep{FnStep::PatternTransform, fn, nullptr, nullptr, e.range, nullptr, {}}};
    }
    // `$ sqrt`: the pattern's values mapped, or the node on a signal (see call).
    if (const NodeInfo* node = nodes::findNode(name);
        (node && node->has(nodes::NodeHasInput)) || (pointwiseMath(name) && args.empty()))
      return FunctionValue{FnStep{FnStep::Effect, nullptr, &e, nullptr, e.range, nullptr, {}}};
    if (name.empty() || !nodes::findNode(name)) {
      unknownFunction(name, nameRange);
      return std::nullopt;
    }
    auto& d = diags_.error(nameRange, "`" + name +
                                          "` has no input, so it is not a function of "
                                          "a signal or pattern");
    DiagnosticEngine::note(d, "signature: " + signatureOf(*nodes::findNode(name)));
    return std::nullopt;
  }
  case ast::ExprKind::Section:
    return FunctionValue{
        FnStep{FnStep::Section, nullptr, nullptr, &ast::as<ast::Section>(e), e.range, nullptr, {}}};
  case ast::ExprKind::ChainSection: {
    FunctionValue steps;
    for (const ast::ExprPtr& part : ast::as<ast::ChainSection>(e).parts) {
      bool saved = std::exchange(chainPart_, true);
      std::optional<FunctionValue> f = lowerFunction(*part);
      chainPart_ = saved;
      if (!f) return std::nullopt;
      for (FnStep& step : *f) {
        if (step.kind == FnStep::PatternTransform) {
          auto& d = diags_.error(part->range, "`#` applies effects and controls; a transform "
                                              "is applied with `$`");
          (void)d;
          return std::nullopt;
        }
        steps.push_back(std::move(step));
      }
    }
    return steps;
  }
  case ast::ExprKind::Chain: {
    const auto& c = ast::as<ast::Chain>(e);
    std::optional<FunctionValue> steps = lowerFunction(*c.lhs);
    if (!steps) return std::nullopt;
    bool saved = std::exchange(chainPart_, true);
    std::optional<FunctionValue> rest = lowerFunction(*c.rhs);
    chainPart_ = saved;
    if (!rest) return std::nullopt;
    for (FnStep& step : *rest) {
      if (step.kind == FnStep::PatternTransform) {
        diags_.error(c.rhs->range, "`#` applies effects and controls; a transform is applied "
                                   "with `$`");
        return std::nullopt;
      }
      steps->push_back(std::move(step));
    }
    return steps;
  }
  case ast::ExprKind::Dollar: {
    // A parenthesised composition `(T1 $ T2)` applies T2 first, as `T1 $ T2 $ p` would.
    const auto& d = ast::as<ast::Dollar>(e);
    FunctionValue steps;
    for (auto it = d.operands.rbegin(); it != d.operands.rend(); ++it) {
      std::optional<FunctionValue> f = lowerFunction(**it);
      if (!f) return std::nullopt;
      steps.insert(steps.end(), f->begin(), f->end());
    }
    return steps;
  }
  case ast::ExprKind::Template:
    return expandTemplate(
        e, [&](const ast::Expr& body) { return lowerFunction(body); },
        std::optional<FunctionValue>());
  default: {
    auto& d = diags_.error(e.range, "expected a function here (a transform such as `fast 2`, "
                                    "an effect such as `lpf 800 1`, or a section such as "
                                    "`(|+ 12)`)");
    (void)d;
    return std::nullopt;
  }
  }
}

/// Whether a step works on signals (an effect) rather than on patterns (a transform, a
/// section, controls set with `#`).
bool Sema::isSignalStep(const FnStep& step) {
  if (step.kind == FnStep::Conditional) return true;
  if (step.kind != FnStep::Effect) return false;
  if (pointwiseMathStep(step)) return false; // on patterns first: `every 2 sqrt`
  const ast::Expr* head = step.effect;
  const std::string& name = head->kind == ast::ExprKind::Name   ? ast::as<ast::Name>(*head).name
                            : head->kind == ast::ExprKind::Call ? ast::as<ast::Call>(*head).callee
                                                                : std::string();
  size_t given = head->kind == ast::ExprKind::Call ? ast::as<ast::Call>(*head).args.size() : 0;
  if ((name == "gain" || name == "pan") && given == 1) return false;
  return !isControlName(name);
}

/// The pattern function `(|> operand)`; by default it sets each value to 1, a condition's
/// marker.
pattern::PatternFnPtr Sema::setToOne(pattern::PatternExprPtr operand) {
  auto one = std::make_shared<pattern::PatternExpr>();
  one->kind = pattern::PatternExpr::Kind::Number;
  one->number = 1.0;
  if (!operand) operand = one;
  auto fn = std::make_shared<pattern::PatternFn>();
  fn->kind = pattern::PatternFn::Kind::Section;
  fn->sectionKind = static_cast<uint8_t>(pattern::PatternExpr::Kind::Set);
  fn->structure = pattern::Structure::Left;
  fn->operand = operand;
  return fn;
}

/// The condition of a conditional effect form (LANGUAGE §3.6) as a function that marks the
/// cycles where the effect applies: `name` with its pattern arguments `patternArgs`; the
/// sometimes family decides per cycle, as `someCyclesBy` does.
pattern::PatternFnPtr Sema::conditionFunction(const std::string& name,
                                              const std::vector<const ast::Expr*>& patternArgs) {
  const ConditionalForm& form = *findConditionalForm(name);
  auto fn = std::make_shared<pattern::PatternFn>();
  fn->kind = pattern::PatternFn::Kind::Transform;
  fn->name = form.condition;
  if (form.probability >= 0) {
    auto p = std::make_shared<pattern::PatternExpr>();
    p->kind = pattern::PatternExpr::Kind::Number;
    p->number = form.probability;
    fn->args.push_back(patternArg(p));
  } else {
    for (const ast::Expr* a : patternArgs) {
      pattern::PatternExprPtr p = patternArgument(*a, pattern::AtomContext::Numeric);
      if (!p) return nullptr;
      fn->args.push_back(patternArg(p));
    }
  }
  fn->args.push_back(functionArg(setToOne()));
  return fn;
}

/// `every 2 (# reverb 0.8 0.5 0.4)`: when the function argument of a conditional form is an
/// effect section, a step that switches its subject between dry and processed. nullopt
/// when the argument is a pattern function (an ordinary transform); an inner nullopt after
/// an error.
std::optional<std::optional<Sema::FunctionValue>>
Sema::conditionalForm(const std::string& name, std::span<const ast::Argument> args,
                      SourceRange range) {
  std::string kinds = pattern::findOp(name)->args;
  size_t fi = kinds.find('f');
  std::optional<FunctionValue> inner = lowerFunction(*args[fi].value);
  if (!inner) return std::optional<FunctionValue>();
  size_t signalSteps = 0;
  for (const FnStep& step : *inner) signalSteps += isSignalStep(step);
  if (signalSteps == 0) return std::nullopt;
  if (signalSteps != inner->size()) {
    auto& d =
        diags_.error(args[fi].value->range, "this function mixes pattern transforms and effects");
    DiagnosticEngine::help(d, "use two conditionals, one with the transforms and one with "
                              "the effects");
    return std::optional<FunctionValue>();
  }
  std::vector<const ast::Expr*> patternArgs;
  for (size_t i = 0; i < fi; ++i) patternArgs.push_back(args[i].value.get());
  pattern::PatternFnPtr condition = conditionFunction(name, patternArgs);
  if (!condition) return std::optional<FunctionValue>();
  FnStep step{FnStep::Conditional, condition, nullptr, nullptr, range, nullptr, {}};
  step.effects = std::make_shared<const FunctionValue>(std::move(*inner));
  return std::optional<FunctionValue>(FunctionValue{std::move(step)});
}

/// `every_effect in n fx`, `sometimes_effect in fx`, `whenmod_effect in a b fx` (§7.10).
Value Sema::conditionalEffectCall(const std::string& name, const std::vector<ast::Argument>& args,
                                  const Value* input, SourceRange range) {
  const EffectForm& form = *findEffectForm(name);
  size_t patterns = form.patterns;
  size_t expected = patterns + 1 + (input ? 0 : 1);
  std::string usage = name + form.usage;
  for (const ast::Argument& a : args)
    if (!a.keyword.empty()) {
      diags_.error(a.keywordRange, "`" + name + "` takes no keyword arguments");
      return {};
    }
  if (args.size() != expected) {
    auto& d = diags_.error(range, "`" + name + "` takes " + std::to_string(patterns + 2) +
                                      " arguments: `" + usage + "`");
    (void)d;
    return {};
  }
  size_t first = input ? 0 : 1;
  Value subject = input ? *input : lower(*args[0].value);
  if (!subject.ok()) return {};
  std::optional<FunctionValue> fx = lowerFunction(*args.back().value);
  if (!fx) return {};
  for (const FnStep& step : *fx)
    if (!isSignalStep(step)) {
      auto& d = diags_.error(args.back().value->range, "`" + name + "` applies an effect");
      DiagnosticEngine::help(d, "give it an effect section such as `(lpf 300 1)`");
      return {};
    }
  std::vector<const ast::Expr*> patternArgs;
  for (size_t i = first; i + 1 < args.size(); ++i) patternArgs.push_back(args[i].value.get());
  pattern::PatternFnPtr condition = conditionFunction(form.form, patternArgs);
  if (!condition) return {};
  FnStep step{FnStep::Conditional, condition, nullptr, nullptr, range, scope_, {}};
  step.effects = std::make_shared<const FunctionValue>(std::move(*fx));
  return applyFunction(FunctionValue{std::move(step)}, subject, nullptr, range);
}

/// Applies a conditional step: the subject (realized if it is a sound pattern) runs through
/// the effects continuously; per cycle the output is the processed or the dry signal.
Value Sema::applyConditional(const FnStep& step, Value subject, SourceRange range) {
  Value dry = materialize(subject, pattern::SignalConversion::Plain);
  if (!dry.ok()) return {};
  Value wet = applyFunction(*step.effects, dry, nullptr, range);
  if (!wet.ok()) return {};
  wet = materialize(wet, pattern::SignalConversion::Plain);
  if (!wet.ok()) return {};
  Value zero{Value::Number, constant(0.0f, range)};
  Value condition =
      materialize(applyPatternFn(step.patternFn, zero, range), pattern::SignalConversion::Plain);
  ir::Instr in;
  in.op = ir::Opcode::Node;
  in.node = nodes::findNodeExact("switch");
  in.operands = {dry.id, wet.id, condition.id};
  in.rate = ir::Rate::Audio;
  if (module_[dry.id].type == ir::Type::Stereo || module_[wet.id].type == ir::Type::Stereo)
    in.type = ir::Type::Stereo;
  in.seed = nextSeed();
  in.loc = range;
  in.hasLoc = true;
  return {Value::Signal, module_.add(std::move(in))};
}

/// A section as a pattern function, its operand a number or pattern.
pattern::PatternFnPtr Sema::sectionFunction(const ast::Section& s) {
  Value operand = lower(*s.operand);
  if (!operand.ok()) return nullptr;
  if (operand.kind == Value::Signal || operand.kind == Value::Function) {
    diags_.error(s.operand->range, "a section applied to patterns needs a number or a pattern");
    return nullptr;
  }
  auto fn = std::make_shared<pattern::PatternFn>();
  if (s.op.kind == ast::OpKind::Early || s.op.kind == ast::OpKind::Late) {
    if (!s.operandOnLeft) {
      diags_.error(s.range, "write the time first: `(0.25 " + s.op.spelling + ")`");
      return nullptr;
    }
    fn->kind = pattern::PatternFn::Kind::Transform;
    fn->name = shiftTransformOf(s.op.kind);
    fn->args.push_back(patternArg(exprOf(operand)));
    return fn;
  }
  fn->kind = pattern::PatternFn::Kind::Section;
  fn->sectionKind = static_cast<uint8_t>(patternKindOf(s.op.kind));
  if (fn->sectionKind == static_cast<uint8_t>(pattern::PatternExpr::Kind::Arithmetic))
    fn->op = arithOpOf(s.op.kind);
  fn->structure = structureOf(s.op.structure);
  fn->operand = exprOf(operand);
  fn->operandOnLeft = s.operandOnLeft;
  return fn;
}

/// The math function (`sqrt`, `abs` …) that an effect step names, or null: as an argument of
/// a transform it maps values.
const pattern::OpInfo* Sema::pointwiseMathStep(const FnStep& step) {
  if (step.effect->kind != ast::ExprKind::Name) return nullptr;
  const std::string& name = ast::as<ast::Name>(*step.effect).name;
  return inScope(step.scope, [&]() -> const pattern::OpInfo* {
    return parameter(name) || userFunction(name) ? nullptr : pointwiseMath(name);
  });
}

/// A function argument of a transform: it must act on patterns.
pattern::PatternFnPtr Sema::patternFunction(const ast::Expr& e) {
  std::optional<FunctionValue> f = lowerFunction(e);
  if (!f) return nullptr;
  auto compose = std::make_shared<pattern::PatternFn>();
  compose->kind = pattern::PatternFn::Kind::Compose;
  for (const FnStep& step : *f) {
    switch (step.kind) {
    case FnStep::PatternTransform:
      compose->steps.push_back(step.patternFn);
      break;
    case FnStep::Section: {
      pattern::PatternFnPtr s = inScope(step.scope, [&] { return sectionFunction(*step.section); });
      if (!s) return nullptr;
      compose->steps.push_back(s);
      break;
    }
    case FnStep::Effect:
      if (const pattern::OpInfo* op = pointwiseMathStep(step)) {
        // `superimpose sqrt`: the values mapped (LANGUAGE §6.3).
        auto fn = std::make_shared<pattern::PatternFn>();
        fn->kind = pattern::PatternFn::Kind::Transform;
        fn->name = op->name;
        compose->steps.push_back(fn);
        break;
      }
      if (!isSignalStep(step)) {
        // `(# speed 2)`: the controls set on each event (`|>`, structure from the left).
        Value controls = inScope(step.scope, [&]() -> Value {
          const ast::Expr& h = *step.effect;
          static const std::vector<ast::Argument> none;
          return h.kind == ast::ExprKind::Call
                     ? call(ast::as<ast::Call>(h).callee, ast::as<ast::Call>(h).calleeRange,
                            ast::as<ast::Call>(h).args, nullptr, h.range)
                     : call(ast::as<ast::Name>(h).name, h.range, none, nullptr, h.range);
        });
        if (!controls.ok()) return nullptr;
        compose->steps.push_back(setToOne(exprOf(controls)));
        break;
      }
      [[fallthrough]];
    case FnStep::Conditional: {
      auto& d = diags_.error(step.range, "an effect cannot be an argument of this transform");
      DiagnosticEngine::help(d, "the conditional forms (`every`, `whenmod`, `sometimes` …) take "
                                "effects; other transforms take pattern functions");
      return nullptr;
    }
    }
  }
  if (compose->steps.size() == 1) return compose->steps[0];
  return compose;
}

Value Sema::applyPatternFn(pattern::PatternFnPtr fn, Value subject, SourceRange range) {
  auto e = std::make_shared<pattern::PatternExpr>();
  e->kind = pattern::PatternExpr::Kind::Apply;
  e->function = fn;
  e->lhs = exprOf(subject);
  Value v = patternValue(e, range);
  v.controls = subject.controls;
  v.words = subject.words;
  if (auto it = argumentPatterns_.find(fn); it != argumentPatterns_.end()) {
    v.controls.insert(it->second.controls.begin(), it->second.controls.end());
    v.words = v.words && it->second.words;
  }
  // Transforms that set controls (LANGUAGE §8.3 †).
  static const std::map<std::string, std::vector<std::string>> sets = {
      {"jux", {"pan"}},
      {"juxBy", {"pan"}},
      {"chop", {"begin", "end"}},
      {"striate", {"begin", "end"}},
      {"slice", {"begin", "end"}},
      {"splice", {"begin", "end", "speed", "unit"}},
      {"loopAt", {"speed", "unit"}},
      {"legato", {"legato"}},
      {"staccato", {"legato"}},
      {"stretch", {"legato"}},
      {"dur", {"dur"}}};
  if (fn->kind == pattern::PatternFn::Kind::Transform && !v.controls.empty())
    if (auto it = sets.find(fn->name); it != sets.end())
      v.controls.insert(it->second.begin(), it->second.end());
  return v;
}

/// Applies a function value to a subject (LANGUAGE §3.6).
Value Sema::applyFunction(const FunctionValue& f, Value subject, const ast::Expr* subjectExpr,
                          SourceRange range) {
  for (const FnStep& step : f) {
    if (!subject.ok()) return {};
    switch (step.kind) {
    case FnStep::PatternTransform:
      if (subject.kind == Value::Signal) {
        if (!patternFeedback(subject)) transformOnSignal(step, subjectExpr);
        return {};
      }
      subject = applyPatternFn(step.patternFn, subject, range);
      break;
    case FnStep::Section:
      if (subject.kind == Value::Signal) {
        const ast::Section& s = *step.section;
        if (s.op.kind == ast::OpKind::Early || s.op.kind == ast::OpKind::Late) {
          transformOnSignal(step, subjectExpr);
          return {};
        }
        Value operand = inScope(step.scope, [&] { return lower(*s.operand); });
        subject = s.operandOnLeft ? applyOperator(s.op, operand, subject, range)
                                  : applyOperator(s.op, subject, operand, range);
      } else {
        pattern::PatternFnPtr fn =
            inScope(step.scope, [&] { return sectionFunction(*step.section); });
        if (!fn) return {};
        subject = applyPatternFn(fn, subject, range);
      }
      break;
    case FnStep::Effect:
      subject = inScope(step.scope, [&] { return lowerWithInput(*step.effect, subject); });
      break;
    case FnStep::Conditional:
      subject = inScope(step.scope, [&] { return applyConditional(step, subject, range); });
      break;
    }
  }
  return subject;
}

/// The error of LANGUAGE §3.6 for a transform applied to a signal, with the fix.
void Sema::transformOnSignal(const FnStep& step, const ast::Expr* subjectExpr) {
  std::string what =
      step.kind == FnStep::PatternTransform ? "`" + step.patternFn->name + "`" : "this section";
  std::string text = file_.text().substr(step.range.begin, step.range.end - step.range.begin);
  std::string subject = subjectExpr
                            ? file_.text().substr(subjectExpr->range.begin,
                                                  subjectExpr->range.end - subjectExpr->range.begin)
                            : "the subject";
  auto& d = diags_.error(step.range,
                         what + " transforms patterns, but `" + subject + "` is an audio signal");
  // Suggest moving the transform inside, onto the pattern the signal is made from.
  const ast::Expr* inner = subjectExpr ? &ast::withoutParens(*subjectExpr) : nullptr;
  if (inner && inner->kind == ast::ExprKind::Call) {
    const auto& c = ast::as<ast::Call>(*inner);
    for (const ast::Argument& a : c.args)
      if (a.value->kind == ast::ExprKind::String) {
        std::string pat =
            file_.text().substr(a.value->range.begin, a.value->range.end - a.value->range.begin);
        DiagnosticEngine::help(d, "write `" + c.callee + " (" + pat + " $ " + text + ")`");
        return;
      }
  }
  if (inner && inner->kind == ast::ExprKind::Chain) {
    const auto& ch = ast::as<ast::Chain>(*inner);
    std::string lhs =
        file_.text().substr(ch.lhs->range.begin, ch.lhs->range.end - ch.lhs->range.begin);
    std::string rhs =
        file_.text().substr(ch.rhs->range.begin, ch.rhs->range.end - ch.rhs->range.begin);
    DiagnosticEngine::help(d, "write `(" + lhs + " $ " + text + ") # " + rhs + "`");
    return;
  }
  DiagnosticEngine::help(d, "apply `" + text + "` to the pattern inside the signal");
}

/// Whether an operand of a `$` chain is a function (LANGUAGE §3.6).
bool Sema::isFunctionOperand(const ast::Expr& e) {
  switch (e.kind) {
  case ast::ExprKind::Section:
  case ast::ExprKind::ChainSection:
    return true;
  case ast::ExprKind::Paren:
    return isFunctionOperand(*ast::as<ast::Paren>(e).inner);
  case ast::ExprKind::Chain:
    // `delay 0.3 0.4 # reverb 0.6 0.5`: an effect section when its head is a function.
    return isFunctionOperand(*ast::as<ast::Chain>(e).lhs);
  case ast::ExprKind::Dollar: {
    for (const ast::ExprPtr& o : ast::as<ast::Dollar>(e).operands)
      if (!isFunctionOperand(*o)) return false;
    return true;
  }
  case ast::ExprKind::Template: {
    // Checked for cycles before any expression is lowered.
    const std::string& name = ast::as<ast::Template>(e).name;
    auto it = templates_.find(name);
    if (it == templates_.end() || broken_.count("@" + name)) return false;
    return isFunctionOperand(*it->second->values[0]);
  }
  case ast::ExprKind::Name:
  case ast::ExprKind::Call: {
    const std::string& name =
        e.kind == ast::ExprKind::Name ? ast::as<ast::Name>(e).name : ast::as<ast::Call>(e).callee;
    size_t given = e.kind == ast::ExprKind::Call ? ast::as<ast::Call>(e).args.size() : 0;
    if (const Binding* b = parameter(name)) return b->function != nullptr;
    if (const ast::Stmt* fn = userFunction(name))
      return !fn->params.empty() && given + 1 == fn->params.size();
    if (const pattern::OpInfo* op = transformNamed(name)) {
      if (std::string_view(op->args) == "P") return false; // `stack [p, q]` is a value
      size_t arity = transformArity(op);
      bool variadic = arity && op->args[arity - 1] == 'F';
      return variadic ? true : given <= arity;
    }
    const NodeInfo* node = nodes::findNode(name);
    return (node && node->has(nodes::NodeHasInput)) || (pointwiseMath(name) && given == 0);
  }
  default:
    return false;
  }
}

/// Whether `e` calls a name that nothing defines (`fastt 2`): in a `$` chain it is an
/// unknown function, not a second value.
bool Sema::callsUnknownName(const ast::Expr& e) {
  const ast::Expr* inner = &ast::withoutParens(e);
  if (inner->kind != ast::ExprKind::Name && inner->kind != ast::ExprKind::Call) return false;
  const std::string& name = inner->kind == ast::ExprKind::Name ? ast::as<ast::Name>(*inner).name
                                                               : ast::as<ast::Call>(*inner).callee;
  if (name.empty() || name[0] == '~' || isEffectForm(name) || name == "adsr") return false;
  return !parameter(name) && !userFunction(name) && !isPluginName(name) && !isControlName(name) &&
         !generatorArgs(name) && !pattern::findOp(name) && !nodes::findNode(name);
}

/// Reports the first operand of a `$` chain that calls an unknown name, as the unknown
/// function it is written as (with the nearest transform or node name).
bool Sema::reportUnknownOperand(const ast::Dollar& d) {
  for (const ast::ExprPtr& operand : d.operands)
    if (callsUnknownName(*operand)) {
      (void)lowerFunction(*operand);
      return true;
    }
  return false;
}

Value Sema::lowerDollar(const ast::Dollar& d) {
  if (reportUnknownOperand(d)) return {};
  std::vector<size_t> values;
  for (size_t i = 0; i < d.operands.size(); ++i)
    if (!isFunctionOperand(*d.operands[i])) values.push_back(i);
  if (values.size() != 1) {
    auto& diag = diags_.error(values.empty() ? d.range : d.operands[values[1]]->range,
                              values.empty() ? "this `$` chain has no value to apply its "
                                               "functions to"
                                             : "`$` joins one value with transforms or effects");
    if (values.empty())
      DiagnosticEngine::help(diag, "store a function for later in a template: `@f: …`");
    return {};
  }
  size_t v = values[0];
  Value subject = lower(*d.operands[v]);
  // The functions right of the value apply first, left to right; then those left of it,
  // right to left.
  for (size_t i = v + 1; i < d.operands.size() && subject.ok(); ++i) {
    std::optional<FunctionValue> f = lowerFunction(*d.operands[i]);
    if (!f) return {};
    subject = applyFunction(*f, subject, d.operands[v].get(), d.range);
  }
  for (size_t i = v; i-- > 0 && subject.ok();) {
    std::optional<FunctionValue> f = lowerFunction(*d.operands[i]);
    if (!f) return {};
    subject = applyFunction(*f, subject, d.operands[v].get(), d.range);
  }
  return subject;
}

} // namespace phonon::sema
