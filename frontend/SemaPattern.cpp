// Patterns (LANGUAGE §3.4, §6): strings read as mini-notation in the context they are used in,
// pattern arguments, transforms and their argument kinds, lists of patterns (`stack`, `cat`),
// the pattern generators (`run`, `scale`, `choose` …), and the first cycles of every pattern
// played before running so that what would fail there is an error at its place (§10).
#include "Sema.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace phonon::sema {

pattern::PatternArg patternArg(pattern::PatternExprPtr p) {
  pattern::PatternArg a;
  a.pattern = std::move(p);
  return a;
}

pattern::PatternArg functionArg(pattern::PatternFnPtr f) {
  pattern::PatternArg a;
  a.function = std::move(f);
  return a;
}

/// `abs`, `sqrt`, `exp` … (LANGUAGE §7.8): a math node that is also a transform of no
/// arguments, which maps pattern values pointwise. Null for other names.
const pattern::OpInfo* pointwiseMath(const std::string& name) {
  const NodeInfo* node = nodes::findNode(name);
  const pattern::OpInfo* op = pattern::findOp(name);
  if (!node || node->group != nodes::Group::Arithmetic || !op || *op->args) return nullptr;
  return op;
}

/// Plays the first cycles of every pattern the patch renders, as the runtime will, so that
/// what would fail there (a pattern denser than 1 000 000 events per cycle, a value a signal
/// cannot take) is an error at its place instead of a pattern dropped while rendering.
void Sema::playPatterns() {
  constexpr int kCycles = 4;
  const int64_t first = module_.patterns.start.floor();
  for (const ir::Instr& in : module_.instrs) {
    if (in.op != ir::Opcode::Pattern && in.op != ir::Opcode::Voices) continue;
    const bool signal = in.op == ir::Opcode::Pattern;
    // An event stream's onset and active columns repeat its values' pattern: checked there.
    if (signal &&
        (module_.patterns.patterns[in.slot].conversion == pattern::SignalConversion::Onset ||
         module_.patterns.patterns[in.slot].conversion == pattern::SignalConversion::Active))
      continue;
    try {
      pattern::PatternV p = pattern::buildPattern(signal ? *module_.patterns.patterns[in.slot].expr
                                                         : *module_.voices[in.slot]);
      bool simultaneous = false;
      std::optional<std::string> notFinite;
      for (int64_t c = first; c < first + kCycles; ++c) {
        pattern::QueryBudget limit(pattern::QueryBudget::kEventsPerCycle);
        pattern::PatternV::EventList events = p.query({Rational(c), Rational(c + 1)});
        if (!signal) continue;
        for (const pattern::EventV& e : events) {
          // Words go to word ports (`synth`'s wave), which take them as they are.
          if (e.value.isWord()) continue;
          float x = pattern::signalValue(e.value, module_.patterns.patterns[in.slot].conversion);
          if (!std::isfinite(x) && !notFinite) notFinite = e.value.toString();
        }
        simultaneous = simultaneous || overlapping(events);
      }
      if (notFinite) {
        // A signal is a 32-bit float (LANGUAGE §9.2): `sine "1e39"` would be muted blocks.
        diags_.error(in.loc, "this pattern plays " + *notFinite +
                                 ", which is beyond the range of a signal (a 32-bit float)");
        continue;
      }
      if (simultaneous) {
        auto& d = diags_.warning(in.loc, "this pattern plays several values at once, but a "
                                         "signal takes one value: only one is heard");
        DiagnosticEngine::help(d, "voices play chords and stacks: every note of `synth "
                                  "\"c3'maj\" \"saw\"` sounds (LANGUAGE §8.4)");
      }
    } catch (const pattern::PatternLimitError&) {
      auto& d = diags_.error(in.loc, "this pattern makes more than 1 000 000 events per cycle");
      DiagnosticEngine::note(d, "the limit of LANGUAGE §10; a denser pattern cannot be played");
    } catch (const std::exception& e) {
      diags_.error(in.loc, std::string("this pattern cannot be played: ") + e.what());
    }
  }
}

/// Whether two events of `events` begin together (a chord, a stack): the same onset, both
/// sounding. Events that only overlap (`humanize`, `off`) are heard one after the other.
bool Sema::overlapping(pattern::PatternV::EventList& events) {
  std::vector<std::pair<Rational, Rational>> onsets; // whole begin, part begin
  for (const pattern::EventV& e : events)
    if (e.whole) onsets.emplace_back(e.whole->begin, e.part.begin);
  std::sort(onsets.begin(), onsets.end());
  return std::adjacent_find(onsets.begin(), onsets.end()) != onsets.end();
}

Value Sema::lowerString(const ast::String& e, pattern::AtomContext context) {
  pattern::MiniPtr tree = parseMini(e.text, e.range.begin + 1, diags_);
  if (!tree) return {};
  try {
    (void)pattern::buildMiniPattern(*tree, context);
  } catch (const pattern::MiniError& error) {
    auto& d = diags_.error(SourceRange{error.loc.begin, error.loc.end}, error.what());
    if (context == pattern::AtomContext::Numeric)
      DiagnosticEngine::note(d, "this pattern is used as numbers here; to play sounds, "
                                "write `s \"…\"`");
    return {};
  } catch (const std::exception& error) {
    // A value out of range (`bd(3,1e40)`) or time that overflows: found while building.
    diags_.error(e.range, std::string("this pattern cannot be built: ") + error.what());
    return {};
  }
  auto expr = std::make_shared<pattern::PatternExpr>();
  expr->kind = pattern::PatternExpr::Kind::Mini;
  expr->mini = tree;
  expr->text = e.text;
  expr->context = context;
  return patternValue(expr, e.range);
}

/// `v` with its atoms read in `context`: a string literal is read again; another pattern of
/// words where numbers are needed is an error.
Value Sema::retyped(const Value& v, pattern::AtomContext context) {
  if (v.kind != Value::Pattern || !v.expr || v.expr->kind != pattern::PatternExpr::Kind::Mini ||
      v.expr->context == context || !v.string)
    return v;
  Value typed = lowerString(*v.string, context);
  typed.words = context == pattern::AtomContext::Sound;
  typed.string = v.string;
  return typed;
}

Value Sema::lowerUntypedString(const ast::String& e) {
  pattern::MiniPtr tree = parseMini(e.text, e.range.begin + 1, diags_);
  if (!tree) return {};
  for (pattern::AtomContext context : {pattern::AtomContext::Numeric, pattern::AtomContext::Sound})
    try {
      (void)pattern::buildMiniPattern(*tree, context);
      auto expr = std::make_shared<pattern::PatternExpr>();
      expr->kind = pattern::PatternExpr::Kind::Mini;
      expr->mini = tree;
      expr->text = e.text;
      expr->context = context;
      Value v = patternValue(expr, e.range);
      v.words = context == pattern::AtomContext::Sound;
      v.string = &e;
      return v;
    } catch (const std::exception&) { // MiniError and the like: try the next context
    }
  return lowerString(e, pattern::AtomContext::Numeric); // reports why
}

const pattern::OpInfo* Sema::transformNamed(const std::string& name) const {
  // A node of that name wins, except for the names that are both (LANGUAGE §7.2, §7.8):
  // the transform on patterns, the node on signals.
  if (nodes::findNode(name) && !isDualName(name)) return nullptr;
  return pattern::findOp(name);
}

bool Sema::isDualName(const std::string& name) {
  return name == "struct" || name == "quantize" || name == "quantise" || name == "range";
}

size_t Sema::transformArity(const pattern::OpInfo* op) {
  return std::string(op->args).size();
}

/// The arguments a transform needs: its arity less the amounts that may be left out.
size_t Sema::transformMinArity(const pattern::OpInfo* op) {
  std::string kinds = op->args;
  return kinds.size() - static_cast<size_t>(std::count(kinds.begin(), kinds.end(), 'o'));
}

std::string Sema::transformSignature(const pattern::OpInfo* op) {
  std::string sig = op->name;
  for (char k : std::string(op->args)) {
    switch (static_cast<pattern::ArgKind>(k)) {
    case pattern::ArgKind::Pattern:
      sig += " n";
      break;
    case pattern::ArgKind::Bools:
      sig += " bools";
      break;
    case pattern::ArgKind::Function:
      sig += " f";
      break;
    case pattern::ArgKind::Functions:
      sig += " [f, …]";
      break;
    case pattern::ArgKind::Patterns:
      sig += " [p, …]";
      break;
    case pattern::ArgKind::Any:
      sig += " p";
      break;
    case pattern::ArgKind::Optional:
      sig += " [amount=1]";
      break;
    case pattern::ArgKind::Numbers:
      sig += " [n, …]";
      break;
    case pattern::ArgKind::Values:
      sig += " [x, …]";
      break;
    case pattern::ArgKind::Word:
      sig += " name";
      break;
    }
  }
  return sig + " pattern";
}

/// A pattern argument (a number, a string, a pattern bus …), its strings read in `context`.
pattern::PatternExprPtr Sema::patternArgument(const ast::Expr& e, pattern::AtomContext context) {
  const ast::Expr* inner = &ast::withoutParens(e);
  Value v = inner->kind == ast::ExprKind::String
                ? lowerString(ast::as<ast::String>(*inner), context)
                : retyped(lower(e), context);
  if (!v.ok()) return nullptr;
  if (v.words && context != pattern::AtomContext::Sound) {
    wordsAsNumbers(v);
    return nullptr;
  }
  if (v.kind == Value::Signal || v.kind == Value::Function) {
    auto& d =
        diags_.error(e.range, "expected a number or a pattern here, not a " +
                                  std::string(v.kind == Value::Signal ? "signal" : "function"));
    if (v.kind == Value::Signal)
      // Tidal's `# pan sine` is a continuous pattern; Phonon's `sine` is an oscillator.
      DiagnosticEngine::help(
          d, "a pattern's continuous values come from `cosine`, `rand` or "
             "`irand n` (`range 0 1 cosine`); a signal such as `sine 0.5` "
             "works on signals: `s \"bd*4\" # pan2 (sine 0.5)` pans the played samples");
    return nullptr;
  }
  return exprOf(v);
}

/// The transform `name` with its arguments, missing its pattern.
pattern::PatternFnPtr Sema::transformFunction(const pattern::OpInfo* op,
                                              std::span<const ast::Argument> args,
                                              SourceRange range) {
  std::string kinds = op->args;
  auto fn = std::make_shared<pattern::PatternFn>();
  fn->kind = pattern::PatternFn::Kind::Transform;
  fn->name = op->name;
  size_t next = 0;
  for (char kind : kinds) {
    pattern::PatternArg arg;
    switch (static_cast<pattern::ArgKind>(kind)) {
    case pattern::ArgKind::Pattern:
    case pattern::ArgKind::Bools:
      arg.pattern =
          patternArgument(*args[next++].value, kind == 'b' ? pattern::AtomContext::Boolean
                                                           : pattern::AtomContext::Numeric);
      if (!arg.pattern) return nullptr;
      break;
    case pattern::ArgKind::Function: {
      arg.function = patternFunction(*args[next++].value);
      if (!arg.function) return nullptr;
      break;
    }
    case pattern::ArgKind::Functions: {
      // `layer [f, g]`, or the functions written one after another.
      std::vector<const ast::Expr*> items;
      if (next + 1 == args.size() && args[next].value->kind == ast::ExprKind::List)
        for (const ast::ExprPtr& item : ast::as<ast::List>(*args[next].value).items)
          items.push_back(item.get());
      else
        for (; next < args.size(); ++next) items.push_back(args[next].value.get());
      next = args.size();
      for (const ast::Expr* item : items) {
        pattern::PatternFnPtr f = patternFunction(*item);
        if (!f) return nullptr;
        arg.functions.push_back(f);
      }
      break;
    }
    case pattern::ArgKind::Patterns:
      diags_.error(range, "`" + std::string(op->name) + "` takes its patterns as a list: `" +
                              op->name + " [p, q]`");
      return nullptr;
    case pattern::ArgKind::Any:
    case pattern::ArgKind::Optional:
    case pattern::ArgKind::Numbers:
    case pattern::ArgKind::Values:
    case pattern::ArgKind::Word:
      if (!transformArgument(op, kind, next < args.size() ? args[next].value.get() : nullptr, fn,
                             arg))
        return nullptr;
      next += next < args.size();
      break;
    }
    fn->args.push_back(std::move(arg));
  }
  for (const ast::Argument& a : args)
    if (!a.keyword.empty()) {
      diags_.error(a.keywordRange, "transforms take no keyword arguments");
      return nullptr;
    }
  if (size_t w = kinds.find('w'); w != std::string::npos && !checkWordArgument(fn, *args[w].value))
    return nullptr;
  return fn;
}

/// An argument of the kinds `a`, `o`, `N`, `V` and `w` (Ops.h) of `fn`; `e` is null when an
/// optional amount is left out.
bool Sema::transformArgument(const pattern::OpInfo* op, char kind, const ast::Expr* e,
                             const std::shared_ptr<pattern::PatternFn>& fn,
                             pattern::PatternArg& arg) {
  const std::string name = op->name;
  if (kind == 'o' && !e) {
    auto one = std::make_shared<pattern::PatternExpr>();
    one->kind = pattern::PatternExpr::Kind::Number;
    one->number = 1.0;
    arg.pattern = one;
    return true;
  }
  if (kind == 'o') {
    arg.pattern = patternArgument(*e, pattern::AtomContext::Numeric);
    return arg.pattern != nullptr;
  }
  const ast::Expr* inner = &ast::withoutParens(*e);
  if (kind == 'a') {
    // `euclidFull 3 8 "bd" …`: read as the transformed pattern is, controls kept.
    Value v = lower(*e);
    if (!v.ok()) return false;
    if (v.kind == Value::Signal || v.kind == Value::Function) {
      diags_.error(e->range, "`" + name + "` takes a pattern here, not a " +
                                 (v.kind == Value::Signal ? "signal" : "function"));
      return false;
    }
    ArgumentPatterns& brought = argumentPatterns_[fn];
    brought.controls.insert(v.controls.begin(), v.controls.end());
    brought.words = brought.words && v.words;
    arg.pattern = exprOf(v);
    return arg.pattern != nullptr;
  }
  if (kind == 'w') {
    const std::string* text =
        inner->kind == ast::ExprKind::String ? &ast::as<ast::String>(*inner).text : nullptr;
    if (!text || text->empty() || !std::all_of(text->begin(), text->end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_';
        })) {
      auto& d = diags_.error(e->range, "`" + name + "` takes a name here, written as a string");
      DiagnosticEngine::note(d, "signature: " + transformSignature(op));
      return false;
    }
    Value v = lowerString(ast::as<ast::String>(*inner), pattern::AtomContext::Sound);
    if (!v.ok()) return false;
    arg.pattern = exprOf(v);
    return arg.pattern != nullptr;
  }
  // `N`, `V`: `foldEvery [2, 3] …`, `fit 1 [0, 2, 7] …`.
  if (inner->kind != ast::ExprKind::List || ast::as<ast::List>(*inner).items.empty()) {
    auto& d = diags_.error(e->range, "`" + name + "` takes a list here");
    DiagnosticEngine::note(d, "signature: " + transformSignature(op));
    return false;
  }
  arg.isPatterns = true;
  for (const ast::ExprPtr& item : ast::as<ast::List>(*inner).items) {
    pattern::PatternExprPtr p;
    if (kind == 'N') {
      p = patternArgument(*item, pattern::AtomContext::Numeric);
    } else {
      Value v = lower(*item);
      if (!v.ok()) return false;
      if (v.kind != Value::Number) {
        diags_.error(item->range, "`" + name + "` takes constant numbers in this list");
        return false;
      }
      p = exprOf(v);
    }
    if (!p) return false;
    arg.patterns.push_back(p);
  }
  return true;
}

/// A word the transform does not know (`groove "polka"`) is an error here, not when the
/// patch starts: the transform checks its word when it is applied.
bool Sema::checkWordArgument(const pattern::PatternFnPtr& fn, const ast::Expr& word) {
  try {
    pattern::Fn transform = pattern::buildFunction(*fn);
    (void)transform(pattern::silence<pattern::Value>());
  } catch (const std::exception& ex) {
    diags_.error(word.range, ex.what());
    return false;
  }
  return true;
}

/// The pattern of one word (a default such as `wave="saw"`).
Value Sema::wordPattern(const std::string& word, SourceRange at) {
  DiagnosticEngine quiet;
  auto expr = std::make_shared<pattern::PatternExpr>();
  expr->kind = pattern::PatternExpr::Kind::Mini;
  expr->mini = parseMini(word, at.begin, quiet);
  expr->text = word;
  expr->context = pattern::AtomContext::Sound;
  return patternValue(expr, at);
}

/// A list argument (`[1, 0.5, 0.33]` of constant numbers), carried as the sequence pattern
/// of its items, which is also how a string of numbers given there is read (LANGUAGE §7.1).
Value Sema::listArgument(const ast::List& list) {
  std::string text;
  for (const ast::ExprPtr& item : list.items) {
    Value v = lower(*item);
    if (!v.ok()) return {};
    if (v.kind != Value::Number) {
      diags_.error(item->range, "a list here holds constant numbers");
      return {};
    }
    text += (text.empty() ? "" : " ") + formatNumber(numberOf(v.id));
  }
  if (text.empty()) {
    diags_.error(list.range, "this list is empty");
    return {};
  }
  DiagnosticEngine quiet;
  auto expr = std::make_shared<pattern::PatternExpr>();
  expr->kind = pattern::PatternExpr::Kind::Mini;
  expr->mini = parseMini(text, list.range.begin, quiet);
  expr->text = text;
  expr->context = pattern::AtomContext::Numeric;
  return patternValue(expr, list.range);
}

/// `stack [p, q, …]`, `cat [p, q, …]`, `fastcat …`: patterns combined into one (§6.2).
Value Sema::patternList(const pattern::OpInfo* op, const std::vector<ast::Argument>& args,
                        const Value* input, SourceRange range) {
  std::string usage = std::string(op->name) + " [p, q, …]";
  if (input || args.size() != 1 || !args[0].keyword.empty() ||
      args[0].value->kind != ast::ExprKind::List ||
      ast::as<ast::List>(*args[0].value).items.empty()) {
    auto& d = diags_.error(range, "`" + std::string(op->name) + "` takes one list of patterns: `" +
                                      usage + "`");
    (void)d;
    return {};
  }
  const auto& listItems = ast::as<ast::List>(*args[0].value).items;
  std::vector<Value> items;
  for (const ast::ExprPtr& item : listItems) {
    items.push_back(lower(*item));
    if (!items.back().ok()) return {};
  }
  bool anySignal = std::any_of(items.begin(), items.end(),
                               [](const Value& v) { return v.kind == Value::Signal; });
  if (anySignal && op->name == std::string_view("stack")) {
    // A stack with a signal in it is the per-sample sum of its elements (LANGUAGE §6.2): one
    // n-ary sum of mono elements (its order is ir::sumOf's), which a bank of them can
    // accumulate into; with a stereo element, a chain of per-channel additions.
    std::vector<Value> signals;
    for (const Value& item : items) {
      signals.push_back(materialize(item, pattern::SignalConversion::Plain));
      if (!signals.back().ok()) return {};
    }
    if (signals.size() >= 2 && std::all_of(signals.begin(), signals.end(), [&](const Value& v) {
          return module_[v.id].type == ir::Type::F32;
        })) {
      ir::Instr in;
      in.op = ir::Opcode::Sum;
      for (const Value& v : signals) {
        in.operands.push_back(v.id);
        in.rate = ir::maxRate(in.rate, module_[v.id].rate);
      }
      in.loc = range;
      in.hasLoc = true;
      return Value{Value::Signal, module_.add(std::move(in))};
    }
    Value sum;
    for (size_t i = 0; i < items.size(); ++i) {
      Value v = signals[i];
      sum = sum.ok() ? binary(operatorNode(ast::OpKind::Add), sum, v,
                              SourceRange::cover(listItems[0]->range, listItems[i]->range))
                     : v;
    }
    return sum;
  }
  for (size_t i = 0; i < items.size(); ++i) {
    const Value& v = items[i];
    const ast::ExprPtr& item = listItems[i];
    if (v.kind != Value::Pattern && v.kind != Value::Number) {
      auto& d = diags_.error(item->range, "`" + std::string(op->name) +
                                              "` combines patterns, "
                                              "not signals");
      DiagnosticEngine::help(d, "mix signals with `+`, or `stack` them");
      return {};
    }
  }
  auto fn = std::make_shared<pattern::PatternFn>();
  fn->kind = pattern::PatternFn::Kind::Transform;
  fn->name = op->name;
  pattern::PatternArg rest;
  rest.isPatterns = true;
  Value result = items[0];
  for (size_t i = 1; i < items.size(); ++i) {
    rest.patterns.push_back(exprOf(items[i]));
    result.controls.insert(items[i].controls.begin(), items[i].controls.end());
    result.words = result.words && items[i].words;
  }
  fn->args.push_back(std::move(rest));
  Value v = applyPatternFn(fn, items[0], range);
  v.controls = result.controls;
  v.words = result.words && v.controls.empty();
  return v;
}

/// The pattern functions that build a pattern, by argument kinds: `p` a pattern read as
/// numbers, `b` as booleans, `w` as words, `a` any pattern (controls kept), `v` a constant
/// number; `L` a list of constant numbers, `W` of [value, weight] pairs, `T` of
/// [weight, pattern] pairs, `A` of patterns (controls kept).
const char* Sema::generatorArgs(const std::string& name) {
  static const std::map<std::string, const char*> table = {{"run", "p"},
                                                           {"scan", "p"},
                                                           {"irand", "p"},
                                                           {"binary", "p"},
                                                           {"binaryN", "pp"},
                                                           {"walk", "p"},
                                                           {"rand", ""},
                                                           {"cosine", ""},
                                                           {"wedge", "paa"},
                                                           {"sew", "baa"},
                                                           {"stitch", "baa"},
                                                           {"scale", "wa"},
                                                           {"chord", "wa"},
                                                           {"every_val", "pvv"},
                                                           {"whenmod_val", "ppvv"},
                                                           {"sometimes_val", "vv"},
                                                           {"sometimes_by_val", "pvv"},
                                                           {"choose", "L"},
                                                           {"wchoose", "W"},
                                                           {"timeCat", "T"},
                                                           {"weave", "paA"},
                                                           {"timecat", "T"}};
  auto it = table.find(name);
  return it == table.end() ? nullptr : it->second;
}

std::optional<Value> Sema::generatorCall(const std::string& name,
                                         const std::vector<ast::Argument>& args, const Value* input,
                                         SourceRange range) {
  const char* kinds = generatorArgs(name);
  if (!kinds) return std::nullopt;
  std::string k = kinds;
  if (name == "wedge" && args.empty() && !input) // bare `wedge` is `phasor` (LANGUAGE §3.3)
    return call("phasor", range, args, nullptr, range);
  std::string usage = name;
  for (char c : k)
    usage += c == 'p' || c == 'a' ? " p"
             : c == 'b'           ? " bools"
             : c == 'w'           ? " names"
             : c == 'v'           ? " x"
             : c == 'L'           ? " [x, …]"
             : c == 'W'           ? " [[x, w], …]"
             : c == 'A'           ? " [p, …]"
                                  : " [[w, p], …]";
  // `p # scale "major"`, `p # chord "maj"`: the input is the last argument.
  bool takesInput = name == "scale" || name == "chord";
  if (input && !takesInput) {
    auto& d = diags_.error(range, "`" + name + "` makes a pattern; it takes no input");
    DiagnosticEngine::note(d, "signature: " + usage);
    return Value{};
  }
  for (const ast::Argument& a : args)
    if (!a.keyword.empty()) {
      diags_.error(a.keywordRange, "`" + name + "` takes no keyword arguments");
      return Value{};
    }
  std::vector<const ast::Expr*> given;
  for (const ast::Argument& a : args) given.push_back(a.value.get());
  size_t expected = k.size() - (input ? 1 : 0);
  bool standaloneChord = name == "chord" && !input && given.size() == 1;
  if (given.size() != expected && !standaloneChord) {
    auto& d = diags_.error(range, "`" + name + "` takes " + std::to_string(expected) +
                                      (expected == 1 ? " argument" : " arguments"));
    DiagnosticEngine::note(d, "signature: " + usage);
    return Value{};
  }
  auto e = std::make_shared<pattern::PatternExpr>();
  e->kind = pattern::PatternExpr::Kind::Generator;
  e->generator = name == "timecat" ? "timeCat" : name;
  Value result = patternValue(e, range);
  auto number = [&](const ast::Expr& x) -> pattern::PatternExprPtr {
    Value v = lower(x);
    if (!v.ok()) return nullptr;
    if (v.kind != Value::Number) {
      diags_.error(x.range, "`" + name + "` takes a constant number here");
      return nullptr;
    }
    return exprOf(v);
  };
  auto list = [&](const ast::Expr& x) -> const std::vector<ast::ExprPtr>* {
    const ast::Expr* inner = &ast::withoutParens(x);
    if (inner->kind != ast::ExprKind::List || ast::as<ast::List>(*inner).items.empty()) {
      auto& d = diags_.error(x.range, "`" + name + "` takes a list here");
      DiagnosticEngine::note(d, "signature: " + usage);
      return nullptr;
    }
    return &ast::as<ast::List>(*inner).items;
  };
  for (size_t i = 0; i < k.size(); ++i) {
    pattern::PatternExprPtr item;
    if (i >= given.size()) {
      // The input of `scale`/`chord`, or the root 0 of a standalone `chord`.
      Value v = input ? *input : Value{Value::Number, constant(0.0f, range)};
      if (!v.ok()) return Value{}; // the input's error is reported
      if (v.kind == Value::Signal) {
        diags_.error(range, "`" + name + "` maps the values of a pattern, not a signal");
        return Value{};
      }
      result.controls.insert(v.controls.begin(), v.controls.end());
      item = exprOf(v);
    } else if (k[i] == 'p' || k[i] == 'b' || k[i] == 'w') {
      item = patternArgument(*given[i], k[i] == 'p'   ? pattern::AtomContext::Numeric
                                        : k[i] == 'b' ? pattern::AtomContext::Boolean
                                                      : pattern::AtomContext::Sound);
      if (item && k[i] == 'w') {
        // A literal scale or chord name is checked here; a patterned one at run time.
        const ast::Expr* inner = &ast::withoutParens(*given[i]);
        if (inner->kind == ast::ExprKind::String) {
          const std::string& text = ast::as<ast::String>(*inner).text;
          bool known = name == "scale" ? !pattern::scaleSteps(text).empty()
                                       : !pattern::chordIntervals(text).empty();
          if (text.find_first_of(" <[{~*") == std::string::npos && !known) {
            auto& d =
                diags_.error(inner->range,
                             "unknown " + std::string(name == "scale" ? "scale" : "chord quality") +
                                 " `" + text + "`");
            DiagnosticEngine::note(d, name == "scale"
                                          ? "the scales are " + pattern::scaleNames()
                                          : "the qualities are " + pattern::chordQualityNames());
            return Value{};
          }
        }
      }
    } else if (k[i] == 'a') {
      Value v = lower(*given[i]);
      if (!v.ok()) return Value{};
      if (v.kind == Value::Signal) {
        diags_.error(given[i]->range, "`" + name + "` combines patterns, not signals");
        return Value{};
      }
      result.controls.insert(v.controls.begin(), v.controls.end());
      item = exprOf(v);
    } else if (k[i] == 'v') {
      item = number(*given[i]);
    } else {
      const std::vector<ast::ExprPtr>* items = list(*given[i]);
      if (!items) return Value{};
      for (const ast::ExprPtr& x : *items) {
        if (k[i] == 'A') {
          // `weave 4 (pan "0 1") [s "bd", s "hh"]`: patterns, their controls kept.
          Value v = lower(*x);
          if (!v.ok()) return Value{};
          if (v.kind == Value::Signal) {
            diags_.error(x->range, "`" + name + "` combines patterns, not signals");
            return Value{};
          }
          result.controls.insert(v.controls.begin(), v.controls.end());
          e->items.push_back(exprOf(v));
          continue;
        }
        if (k[i] == 'L') {
          pattern::PatternExprPtr v = number(*x);
          if (!v) return Value{};
          e->items.push_back(v);
          continue;
        }
        const std::vector<ast::ExprPtr>* pair = list(*x);
        if (!pair) return Value{};
        if (pair->size() != 2) {
          diags_.error(x->range, "each item here is a pair: `" + usage + "`");
          return Value{};
        }
        pattern::PatternExprPtr first = number(*(*pair)[0]);
        pattern::PatternExprPtr second =
            k[i] == 'W' ? number(*(*pair)[1])
                        : patternArgument(*(*pair)[1], pattern::AtomContext::Numeric);
        if (!first || !second) return Value{};
        e->items.push_back(first);
        e->items.push_back(second);
      }
      continue;
    }
    if (!item) return Value{};
    e->items.push_back(item);
  }
  return result;
}

} // namespace phonon::sema
