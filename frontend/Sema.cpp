// AST → IR: resolves buses (order-independent) and functions against the node catalogue,
// checks signatures, evaluates the tempo exactly and builds the dataflow graph.
#include "phonon/frontend/Frontend.h"
#include "phonon/frontend/Mini.h"
#include "phonon/nodes/Catalogue.h"
#include "phonon/pattern/Ops.h"
#include "phonon/pattern/Transforms.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>

namespace phonon {

namespace {

using nodes::NodeInfo;

/// The kind of a lowered expression (LANGUAGE §3.4).
struct Value {
  enum Kind { Invalid, Number, Signal, Pattern, Function };
  Value() = default;
  Value(Kind k, ir::ValueId i) : kind(k), id(i) {}
  Kind kind = Invalid;
  ir::ValueId id = 0;           ///< Number, Signal: the IR value
  pattern::PatternExprPtr expr; ///< Pattern: a pattern not yet turned into a signal
  SourceRange range;            ///< Pattern: where it was written
  /// Pattern: the controls its values hold when it is a control pattern (LANGUAGE §8.3);
  /// empty for patterns of plain values.
  std::set<std::string> controls;
  /// Pattern: its atoms are words, not numbers (a string such as "bd sn").
  bool words = false;
  /// Pattern: the string literal it was read from, to read again where its atoms are typed.
  const ast::String* string = nullptr;
  bool ok() const { return kind != Invalid; }
  bool isControl() const { return kind == Pattern && !controls.empty(); }
  /// A control pattern with a sound: realized as voices where audio is expected (§8.2).
  bool isSound() const { return kind == Pattern && controls.count("s"); }
};

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

/// The controls of LANGUAGE §8.3: each is a function producing a control pattern.
bool isControlName(const std::string& name) {
  static const std::set<std::string> names = {
      "s",    "sound",  "n",   "note", "speed",  "accelerate", "unit", "begin", "end",
      "loop", "legato", "dur", "cut",  "attack", "release",    "ar",   "gain",  "pan"};
  return names.count(name) != 0;
}

/// What Phonon has for a control name a Tidal (SuperDirt) user reaches for: the node to chain
/// or the parameter to set. Null for other names.
const char* tidalEquivalent(const std::string& name) {
  static const std::map<std::string, const char*> equivalents = {
      {"cutoff", "a low-pass filter is a node here: `# lpf 800 0.7` (cutoff in Hz, then q)"},
      {"lpq", "resonance is the filter's q: `# lpf 800 0.9`"},
      {"resonance", "resonance is the filter's q: `# lpf 800 0.9`"},
      {"hcutoff", "a high-pass filter is a node here: `# hpf 300 0.7` (cutoff in Hz, then q)"},
      {"hpq", "resonance is the filter's q: `# hpf 300 0.9`"},
      {"hresonance", "resonance is the filter's q: `# hpf 300 0.9`"},
      {"bandf", "a band-pass filter is a node here: `# bpf 1000 2` (center in Hz, then q)"},
      {"bandq", "the band-pass q is `bpf`'s second parameter: `# bpf 1000 2`"},
      {"room", "reverb is a node here: `# reverb 0.8 0.5 0.3` (room, damping, mix)"},
      {"size", "reverb is a node here: `# reverb 0.8 0.5 0.3` (room, damping, mix)"},
      {"dry", "reverb is a node here, with its mix: `# reverb 0.8 0.5 0.3` (room, damping, mix)"},
      {"shape", "waveshaping is a node here: `# distort 4` (drive), or `# tanh`"},
      {"crush", "bit reduction is a node here: `# bitcrush 4` (bits)"},
      {"delaytime",
       "delay is a node here: `# delay 0.375 0.5 0.3` (time in seconds, feedback, mix)"},
      {"delayt", "delay is a node here: `# delay 0.375 0.5 0.3` (time in seconds, feedback, mix)"},
      {"delayfeedback",
       "delay is a node here: `# delay 0.375 0.5 0.3` (time in seconds, feedback, mix)"},
      {"delayfb", "delay is a node here: `# delay 0.375 0.5 0.3` (time in seconds, feedback, mix)"},
      {"orbit", "there are no orbits: effects are chained onto each signal, and numbered outputs "
                "(`out1: …`) are separate stems"},
      {"squiz", "there is no `squiz`; `# bitcrush 8 4` or `# decimator` reduce the resolution"},
      {"djf", "`djf` is a node with an input: `# djf 0.3`"},
  };
  auto it = equivalents.find(name);
  return it == equivalents.end() ? nullptr : it->second;
}

/// Names kept for plugin hosting (LANGUAGE §7.10).
bool isPluginName(const std::string& name) {
  return name == "vst" || name == "vst2" || name == "vst3" || name == "au" || name == "clap" ||
         name == "lv2" || name == "plugin";
}

/// The conditional effect forms of LANGUAGE §3.6: the transforms that, given an effect
/// section, switch a signal between dry and processed per cycle.
bool isConditionalForm(const std::string& name) {
  static const std::set<std::string> names = {
      "every", "every'",       "whenmod",      "sometimesBy",  "sometimes",
      "often", "rarely",       "almostNever",  "almostAlways", "always",
      "never", "someCyclesBy", "somecyclesBy", "someCycles"};
  return names.count(name) != 0;
}

/// `out`, `outN`, `oN`, `dN`: the names of outputs.
bool isOutputName(const std::string& s) {
  if (s == "out") return true;
  size_t prefix = s.rfind("out", 0) == 0 ? 3 : (!s.empty() && (s[0] == 'o' || s[0] == 'd')) ? 1 : 0;
  return prefix && s.size() > prefix &&
         s.find_first_not_of("0123456789", prefix) == std::string::npos;
}

Value patternValue(pattern::PatternExprPtr expr, SourceRange range) {
  Value v;
  v.kind = Value::Pattern;
  v.expr = std::move(expr);
  v.range = range;
  return v;
}

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

std::string formatNumber(float v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

std::string signatureOf(const NodeInfo& n) {
  std::string s = n.name;
  for (unsigned i = 0; i < n.numUserPorts(); ++i) {
    const nodes::PortInfo& p = n.ports[i];
    s += " ";
    s += p.name;
    if (!(p.flags & nodes::PortRequired))
      s += p.defaultWord ? "=\"" + std::string(p.defaultWord) + "\""
                         : "=" + formatNumber(p.defaultValue);
    if (p.flags & nodes::PortVariadic) s += " …";
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
    findFeedback();
    for (const std::string& name : busOrder_)
      resolveBus(name, buses_.at(name).stmt->headRange, /*fromStatement=*/nullptr);
    lowerOutputs();
    writeFeedback();
    warnUnusedBuses();
    if (!diags_.hasErrors()) playPatterns();
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
      case ast::StmtKind::Out: {
        if (s.outputIndex > 99) {
          diags_.error(s.headRange, "outputs are numbered 1 to 99");
          break;
        }
        auto [it, fresh] = outputs_.try_emplace(s.outputIndex, &s);
        if (!fresh)
          duplicate(s, *it->second,
                    s.outputIndex == 0
                        ? std::string("output `out`")
                        : "output " + std::to_string(s.outputIndex) + " (`" + s.keyword + "`)");
        break;
      }
      case ast::StmtKind::Hush:
      case ast::StmtKind::Panic:
      case ast::StmtKind::Unhush:
        commands_.push_back(&s);
        break;
      case ast::StmtKind::Outmix: {
        static const char* const modes[] = {"none", "gain", "sqrt", "tanh", "hard"};
        if (outmix_) {
          auto& d = diags_.error(s.headRange, "`outmix` is set twice");
          DiagnosticEngine::note(d, outmix_->headRange, "first set here");
        } else if (std::find(std::begin(modes), std::end(modes), s.name) == std::end(modes)) {
          auto& d = diags_.error(s.range, "unknown outmix mode `" + s.name + "`");
          DiagnosticEngine::help(d, "the modes are none, gain, sqrt, tanh and hard");
        } else {
          outmix_ = &s;
        }
        break;
      }
      case ast::StmtKind::ResetCycles:
        module_.patterns.start = Rational(0);
        break;
      case ast::StmtKind::Buffer: {
        std::optional<Rational> n;
        try {
          constantWhat_ = "`buffer`";
          n = constant(*s.values[0]);
        } catch (const RationalOverflow&) {
          n = Rational(0); // out of range, reported below
        }
        if (n && (n->den() != 1 || n->num() < 64 || n->num() > 16384))
          diags_.error(s.values[0]->range, "`buffer` takes a whole number from 64 to 16384");
        break; // only a live session uses it
      }
      case ast::StmtKind::SetCycle:
      case ast::StmtKind::Nudge: {
        // In a file they set where the render starts (LANGUAGE §2.2), in source order.
        constantWhat_ = "the cycle position";
        std::optional<Rational> x;
        try {
          x = constant(*s.values[0]);
          if (x)
            module_.patterns.start =
                s.kind == ast::StmtKind::SetCycle ? *x : within64(module_.patterns.start + *x);
        } catch (const RationalOverflow&) {
          diags_.error(s.values[0]->range, "this cycle position cannot be represented exactly");
        }
        break;
      }
      case ast::StmtKind::Fn: {
        auto [it, fresh] = functions_.try_emplace(s.name, &s);
        if (!fresh) {
          duplicate(s, *it->second, "function `" + s.name + "`");
          break;
        }
        for (size_t i = 0; i < s.params.size(); ++i)
          for (size_t j = 0; j < i; ++j)
            if (s.params[i] == s.params[j]) {
              auto& d = diags_.error(s.paramRanges[i], "parameter `" + s.params[i] + "` of `" +
                                                           s.name + "` is named twice");
              DiagnosticEngine::note(d, s.paramRanges[j], "first named here");
              broken_.insert("fn " + s.name);
            }
        if (nodes::findNode(s.name) || pattern::findOp(s.name))
          diags_.warning(s.headRange,
                         "function `" + s.name + "` shadows the built-in `" + s.name + "`");
        break;
      }
      case ast::StmtKind::Template: {
        auto [it, fresh] = templates_.try_emplace(s.name, &s);
        if (!fresh) duplicate(s, *it->second, "template `@" + s.name + "`");
        break;
      }
      }
    }
    findDefinitionCycles();
  }

  // ---- functions and templates (LANGUAGE §2.5) -----------------------------------------------

  /// The functions (`fn f`) and templates (`@t`) an expression refers to; `params` are names
  /// that mean a parameter there, not a function.
  void collectCallees(const ast::Expr& e, const std::vector<std::string>& params,
                      std::vector<std::pair<std::string, SourceRange>>& out) {
    auto visit = [&](const ast::Expr& child) { collectCallees(child, params, out); };
    auto named = [&](const std::string& name, SourceRange at) {
      if (std::find(params.begin(), params.end(), name) == params.end() && functions_.count(name))
        out.push_back({"fn " + name, at});
    };
    switch (e.kind) {
    case ast::ExprKind::Template:
      out.push_back({"@" + ast::as<ast::Template>(e).name, e.range});
      break;
    case ast::ExprKind::Name:
      named(ast::as<ast::Name>(e).name, e.range);
      break;
    case ast::ExprKind::Call: {
      const auto& c = ast::as<ast::Call>(e);
      named(c.callee, c.calleeRange);
      for (const ast::Argument& a : c.args) visit(*a.value);
      break;
    }
    case ast::ExprKind::Paren:
      visit(*ast::as<ast::Paren>(e).inner);
      break;
    case ast::ExprKind::Negate:
      visit(*ast::as<ast::Negate>(e).operand);
      break;
    case ast::ExprKind::Binary:
      visit(*ast::as<ast::Binary>(e).lhs);
      visit(*ast::as<ast::Binary>(e).rhs);
      break;
    case ast::ExprKind::Chain:
      visit(*ast::as<ast::Chain>(e).lhs);
      visit(*ast::as<ast::Chain>(e).rhs);
      break;
    case ast::ExprKind::Dollar:
      for (const ast::ExprPtr& o : ast::as<ast::Dollar>(e).operands) visit(*o);
      break;
    case ast::ExprKind::List:
      for (const ast::ExprPtr& i : ast::as<ast::List>(e).items) visit(*i);
      break;
    case ast::ExprKind::Section:
      visit(*ast::as<ast::Section>(e).operand);
      break;
    case ast::ExprKind::ChainSection:
      for (const ast::ExprPtr& p : ast::as<ast::ChainSection>(e).parts) visit(*p);
      break;
    default:
      break;
    }
  }

  /// Recursion through functions and cycles through templates are errors (LANGUAGE §2.5); the
  /// definitions on a cycle are marked broken so that their uses report nothing more.
  void findDefinitionCycles() {
    std::map<std::string, const ast::Stmt*> defs;
    for (const auto& [name, stmt] : functions_) defs["fn " + name] = stmt;
    for (const auto& [name, stmt] : templates_) defs["@" + name] = stmt;
    std::map<std::string, std::vector<std::pair<std::string, SourceRange>>> edges;
    for (const auto& [key, stmt] : defs) {
      static const std::vector<std::string> none;
      collectCallees(*stmt->values[0], stmt->kind == ast::StmtKind::Fn ? stmt->params : none,
                     edges[key]);
    }
    std::map<std::string, int> state; // 0 unvisited, 1 on the stack, 2 done
    std::vector<std::string> stack;
    std::function<void(const std::string&)> visit = [&](const std::string& key) {
      state[key] = 1;
      stack.push_back(key);
      for (const auto& [callee, at] : edges[key]) {
        if (!defs.count(callee)) continue;
        if (state[callee] == 1) {
          auto begin = std::find(stack.begin(), stack.end(), callee);
          std::string path;
          for (auto it = begin; it != stack.end(); ++it) {
            path += (it->rfind("fn ", 0) == 0 ? it->substr(3) : *it) + " → ";
            broken_.insert(*it);
          }
          path += callee.rfind("fn ", 0) == 0 ? callee.substr(3) : callee;
          bool isFn = callee.rfind("fn ", 0) == 0;
          auto& d = diags_.error(at, isFn ? "function `" + callee.substr(3) +
                                                "` calls itself (recursion is not allowed)"
                                          : "template `" + callee + "` uses itself");
          DiagnosticEngine::note(d, "the definitions form a loop: " + path);
        } else if (state[callee] == 0) {
          visit(callee);
        }
      }
      stack.pop_back();
      state[key] = 2;
    };
    for (const auto& [key, stmt] : defs)
      if (state[key] == 0) visit(key);
  }

  /// What a parameter of a user function is bound to in one call: a value, evaluated once, or
  /// a function argument (a transform, an effect, a section), kept as written with its scope.
  struct Scope;
  struct Binding {
    Value value;
    const ast::Expr* function = nullptr;
    std::shared_ptr<const Scope> scope;
  };
  struct Scope {
    std::map<std::string, Binding> names;
  };

  const Binding* parameter(const std::string& name) const {
    if (!scope_) return nullptr;
    auto it = scope_->names.find(name);
    return it == scope_->names.end() ? nullptr : &it->second;
  }

  /// Runs `f` with `scope` as the current parameter scope.
  template <class F> auto inScope(std::shared_ptr<const Scope> scope, F&& f) {
    std::shared_ptr<const Scope> saved = std::exchange(scope_, std::move(scope));
    auto result = f();
    scope_ = std::move(saved);
    return result;
  }

  /// The body of template `@name`, or nullptr after reporting why there is none.
  const ast::Expr* templateBody(const std::string& name, SourceRange at) {
    if (broken_.count("@" + name)) return nullptr;
    auto it = templates_.find(name);
    if (it == templates_.end()) {
      auto& d = diags_.error(at, "unknown template `@" + name + "`");
      std::vector<std::string> names;
      for (const auto& [t, stmt] : templates_) names.push_back(t);
      std::string suggestion = closestMatch(name, names);
      if (!suggestion.empty()) DiagnosticEngine::help(d, "did you mean `@" + suggestion + "`?");
      return nullptr;
    }
    return it->second->values[0].get();
  }

  /// Notes, on the diagnostics reported since `before` about `definition`, the use that
  /// expanded it (a function call or a template use).
  void noteExpansion(size_t before, SourceRange definition, SourceRange use,
                     const std::string& what) {
    for (size_t i = before; i < diags_.diagnostics().size(); ++i) {
      Diagnostic& d = diags_.pending(i);
      if (d.hasRange && d.range.begin >= definition.begin && d.range.end <= definition.end)
        DiagnosticEngine::note(d, use, what);
    }
  }

  /// `f(body)` for the body of the template used at `use`, or `fallback` if there is none.
  template <class F, class R> R expandTemplate(const ast::Expr& use, F&& f, R fallback) {
    const std::string& name = ast::as<ast::Template>(use).name;
    const ast::Expr* body = templateBody(name, use.range);
    if (!body) return fallback;
    size_t before = diags_.diagnostics().size();
    R result = f(*body);
    noteExpansion(before, templates_.at(name)->range, use.range, "in this use of `@" + name + "`");
    return result;
  }

  static std::string fnSignature(const ast::Stmt& fn) {
    std::string s = "fn " + fn.name;
    for (const std::string& p : fn.params) s += " " + p;
    return s;
  }

  /// A call of user function `fn` (LANGUAGE §2.5): the arguments are evaluated once and bound
  /// to the parameters (the first may come from `#` or `$`), then the body is lowered afresh.
  Value callFunction(const ast::Stmt& fn, const std::vector<ast::Argument>& args,
                     const Value* input, SourceRange range) {
    if (broken_.count("fn " + fn.name)) return {};
    size_t k = fn.params.size();
    auto scope = std::make_shared<Scope>();
    std::vector<bool> given(k, false);
    size_t next = 0;
    bool ok = true;
    if (input) {
      if (k == 0) {
        auto& d = diags_.error(range, "`" + fn.name + "` has no parameters, so it has no input");
        DiagnosticEngine::note(d, fn.headRange, "defined here as `" + fnSignature(fn) + "`");
        return {};
      }
      scope->names[fn.params[0]].value = *input;
      if (!input->ok()) ok = false;
      given[0] = true;
      next = 1;
    }
    for (const ast::Argument& arg : args) {
      size_t index = next;
      if (!arg.keyword.empty()) {
        auto it = std::find(fn.params.begin(), fn.params.end(), arg.keyword);
        if (it == fn.params.end()) {
          auto& d = diags_.error(arg.keywordRange,
                                 "`" + fn.name + "` has no parameter `" + arg.keyword + "`");
          std::string suggestion = closestMatch(arg.keyword, fn.params);
          if (!suggestion.empty()) DiagnosticEngine::help(d, "did you mean `:" + suggestion + "`?");
          DiagnosticEngine::note(d, fn.headRange, "defined here as `" + fnSignature(fn) + "`");
          return {};
        }
        index = static_cast<size_t>(it - fn.params.begin());
        if (given[index]) {
          diags_.error(arg.keywordRange,
                       "parameter `" + arg.keyword + "` of `" + fn.name + "` is given twice");
          return {};
        }
      } else {
        if (next >= k) {
          auto& d = diags_.error(arg.value->range, "too many arguments to `" + fn.name + "`");
          DiagnosticEngine::note(d, fn.headRange, "defined here as `" + fnSignature(fn) + "`");
          return {};
        }
        ++next;
      }
      Binding& b = scope->names[fn.params[index]];
      if (isFunctionOperand(*arg.value)) {
        b.function = arg.value.get();
        b.scope = scope_;
      } else {
        b.value = lower(*arg.value);
        if (!b.value.ok()) ok = false;
      }
      given[index] = true;
    }
    for (size_t i = 0; i < k; ++i)
      if (!given[i]) {
        auto& d =
            diags_.error(range, "`" + fn.name + "` is missing its argument `" + fn.params[i] + "`");
        DiagnosticEngine::note(d, fn.headRange, "defined here as `" + fnSignature(fn) + "`");
        return {};
      }
    if (!ok) return {};
    size_t before = diags_.diagnostics().size();
    Value v = inScope(scope, [&] { return lower(*fn.values[0]); });
    noteExpansion(before, fn.range, range, "in this call of `" + fn.name + "`");
    return v;
  }

  /// The user function `name`, unless a parameter of that name hides it.
  const ast::Stmt* userFunction(const std::string& name) const {
    if (parameter(name)) return nullptr;
    auto it = functions_.find(name);
    return it == functions_.end() ? nullptr : it->second;
  }

  // ---- feedback (LANGUAGE §2.3) -------------------------------------------------------------

  /// The buses an expression reads, looking into the templates and functions it uses.
  void collectBusReferences(const ast::Expr& e, std::set<std::string>& out,
                            std::set<std::string>& expanded) {
    auto visit = [&](const ast::Expr& child) { collectBusReferences(child, out, expanded); };
    auto expand = [&](const std::string& key, const ast::Stmt* def) {
      if (def && expanded.insert(key).second) visit(*def->values[0]);
    };
    switch (e.kind) {
    case ast::ExprKind::Bus:
      out.insert(ast::as<ast::Bus>(e).name);
      break;
    case ast::ExprKind::Template: {
      auto it = templates_.find(ast::as<ast::Template>(e).name);
      expand("@" + ast::as<ast::Template>(e).name, it == templates_.end() ? nullptr : it->second);
      break;
    }
    case ast::ExprKind::Name: {
      auto it = functions_.find(ast::as<ast::Name>(e).name);
      expand("fn " + ast::as<ast::Name>(e).name, it == functions_.end() ? nullptr : it->second);
      break;
    }
    case ast::ExprKind::Call: {
      const auto& c = ast::as<ast::Call>(e);
      auto it = functions_.find(c.callee);
      expand("fn " + c.callee, it == functions_.end() ? nullptr : it->second);
      for (const ast::Argument& a : c.args) visit(*a.value);
      break;
    }
    case ast::ExprKind::Paren:
      visit(*ast::as<ast::Paren>(e).inner);
      break;
    case ast::ExprKind::Negate:
      visit(*ast::as<ast::Negate>(e).operand);
      break;
    case ast::ExprKind::Binary:
      visit(*ast::as<ast::Binary>(e).lhs);
      visit(*ast::as<ast::Binary>(e).rhs);
      break;
    case ast::ExprKind::Chain:
      visit(*ast::as<ast::Chain>(e).lhs);
      visit(*ast::as<ast::Chain>(e).rhs);
      break;
    case ast::ExprKind::Dollar:
      for (const ast::ExprPtr& o : ast::as<ast::Dollar>(e).operands) visit(*o);
      break;
    case ast::ExprKind::List:
      for (const ast::ExprPtr& i : ast::as<ast::List>(e).items) visit(*i);
      break;
    case ast::ExprKind::Section:
      visit(*ast::as<ast::Section>(e).operand);
      break;
    case ast::ExprKind::ChainSection:
      for (const ast::ExprPtr& p : ast::as<ast::ChainSection>(e).parts) visit(*p);
      break;
    default:
      break;
    }
  }

  /// Finds the strongly connected components of the bus reference graph (Tarjan). Inside one,
  /// a reference from bus A to a bus defined at or before A reads the previous sample; those
  /// references break every cycle, so the rest resolves in dependency order.
  void findFeedback() {
    std::map<std::string, std::set<std::string>> edges;
    for (size_t i = 0; i < busOrder_.size(); ++i) {
      busIndex_[busOrder_[i]] = i;
      std::set<std::string> expanded;
      collectBusReferences(*buses_.at(busOrder_[i]).stmt->values[0], edges[busOrder_[i]], expanded);
    }
    std::map<std::string, size_t> index, low;
    std::vector<std::string> stack;
    std::set<std::string> onStack;
    size_t next = 0, components = 0;
    std::function<void(const std::string&)> connect = [&](const std::string& v) {
      index[v] = low[v] = next++;
      stack.push_back(v);
      onStack.insert(v);
      for (const std::string& w : edges[v]) {
        if (!buses_.count(w)) continue;
        if (!index.count(w)) {
          connect(w);
          low[v] = std::min(low[v], low[w]);
        } else if (onStack.count(w)) {
          low[v] = std::min(low[v], index[w]);
        }
      }
      if (low[v] != index[v]) return;
      std::string w;
      do {
        w = stack.back();
        stack.pop_back();
        onStack.erase(w);
        component_[w] = components;
      } while (w != v);
      ++components;
    };
    for (const std::string& b : busOrder_)
      if (!index.count(b)) connect(b);
    for (const std::string& b : busOrder_)
      for (const std::string& w : edges[b])
        if (buses_.count(w) && component_[w] == component_[b] && busIndex_[w] <= busIndex_[b])
          delayed_.insert({b, w});
  }

  /// A reference read one sample late: the bus's feedback cell.
  Value feedbackRead(const std::string& bus, SourceRange at) {
    auto [it, fresh] = feedbackCells_.try_emplace(bus, module_.feedbackCells);
    if (fresh) {
      ++module_.feedbackCells;
      feedbackUses_[bus] = at;
    }
    ir::Instr in;
    in.op = ir::Opcode::FeedbackRead;
    in.rate = ir::Rate::Audio;
    in.slot = it->second;
    in.loc = at;
    in.hasLoc = true;
    return {Value::Signal, module_.add(std::move(in))};
  }

  /// A stereo bus fed back: its late reads are stereo, and so is what they flow into.
  void stereoFeedback(uint32_t cell, SourceRange at) {
    for (ir::ValueId id = 0; id < module_.instrs.size(); ++id) {
      ir::Instr& in = module_.instrs[id];
      if (in.op == ir::Opcode::FeedbackRead && in.slot == cell) in.type = ir::Type::Stereo;
      if (in.op == ir::Opcode::Bus && module_[in.operands[0]].type == ir::Type::Stereo)
        in.type = ir::Type::Stereo;
      if (in.op != ir::Opcode::Node) continue;
      for (size_t i = 0; i < in.operands.size(); ++i) {
        if (module_[in.operands[i]].type != ir::Type::Stereo) continue;
        if (in.node->ports[std::min<size_t>(i, in.node->numPorts - 1)].flags & nodes::PortSignal) {
          in.type = ir::Type::Stereo;
        } else {
          diags_.error(at, "a stereo bus fed back into a parameter is not available yet");
          return;
        }
      }
    }
  }

  /// The rate `id` would have if every late read of a bus were a constant: audio only where a
  /// signal source (a stateful node, a voice, a per-sample operator `~+`) takes part, not just
  /// the loop itself.
  ir::Rate rateWithoutFeedback(ir::ValueId id) {
    std::map<ir::ValueId, ir::Rate> known;
    std::function<ir::Rate(ir::ValueId)> rateOf = [&](ir::ValueId v) {
      if (auto it = known.find(v); it != known.end()) return it->second;
      const ir::Instr& in = module_[v];
      ir::Rate r = in.rate;
      if (perSample_.count(v)) {
        r = ir::Rate::Audio; // `~+`: a signal by the writer's choice
      } else if (in.op == ir::Opcode::FeedbackRead) {
        r = ir::Rate::Const;
      } else if (!(in.op == ir::Opcode::Node && in.node->has(nodes::NodeStateful)) &&
                 !in.operands.empty()) {
        r = ir::Rate::Const;
        for (ir::ValueId o : in.operands) r = ir::maxRate(r, rateOf(o));
      }
      known[v] = r;
      return r;
    };
    return rateOf(id);
  }

  /// After everything else: each fed-back bus stores its value for the next sample.
  void writeFeedback() {
    if (diags_.hasErrors()) return;
    for (const auto& [bus, cell] : feedbackCells_) {
      const BusDef& def = buses_.at(bus);
      Value v = def.value;
      if (v.kind == Value::Pattern && !v.isSound()) {
        auto& d = diags_.error(feedbackUses_.at(bus),
                               "patterns cannot be defined in terms of themselves");
        DiagnosticEngine::note(d, def.stmt->headRange, "`~" + bus + "` is a pattern");
        continue;
      }
      v = materialize(v, pattern::SignalConversion::Plain);
      if (!v.ok()) continue;
      if (rateWithoutFeedback(v.id) != ir::Rate::Audio) {
        // Only the late reads make this value a signal: the loop runs through patterns and
        // numbers, each defined by itself (LANGUAGE §2.3).
        auto& d = diags_.error(feedbackUses_.at(bus),
                               "patterns cannot be defined in terms of themselves");
        DiagnosticEngine::note(d, def.stmt->headRange,
                               "no signal runs through this loop: `~" + bus +
                                   "` holds patterns and numbers only");
        DiagnosticEngine::help(d, "to feed a signal back sample by sample, say so with a "
                                  "per-sample operator: `~+ ~- ~* ~/`");
        continue;
      }
      if (module_[v.id].type == ir::Type::Stereo) stereoFeedback(cell, feedbackUses_.at(bus));
      ir::Instr in;
      in.op = ir::Opcode::FeedbackWrite;
      in.rate = ir::Rate::Audio;
      in.operands = {v.id};
      in.slot = cell;
      in.loc = def.stmt->headRange;
      in.hasLoc = true;
      module_.add(std::move(in));
    }
  }

  // ---- patterns played before running (LANGUAGE §10) ----------------------------------------

  /// Plays the first cycles of every pattern the patch renders, as the runtime will, so that
  /// what would fail there (a pattern denser than 1 000 000 events per cycle, a value a signal
  /// cannot take) is an error at its place instead of a pattern dropped while rendering.
  void playPatterns() {
    constexpr int kCycles = 4;
    const int64_t first = module_.patterns.start.floor();
    for (const ir::Instr& in : module_.instrs) {
      if (in.op != ir::Opcode::Pattern && in.op != ir::Opcode::Voices) continue;
      const bool signal = in.op == ir::Opcode::Pattern;
      try {
        pattern::PatternV p = pattern::buildPattern(
            signal ? *module_.patterns.patterns[in.slot].expr : *module_.voices[in.slot]);
        bool simultaneous = false;
        for (int64_t c = first; c < first + kCycles; ++c) {
          pattern::QueryBudget limit(pattern::QueryBudget::kEventsPerCycle);
          pattern::PatternV::EventList events = p.query({Rational(c), Rational(c + 1)});
          if (!signal) continue;
          for (const pattern::EventV& e : events)
            // Words go to word ports (`synth`'s wave), which take them as they are.
            if (!e.value.isWord())
              (void)pattern::signalValue(e.value, module_.patterns.patterns[in.slot].conversion);
          simultaneous = simultaneous || overlapping(events);
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
  static bool overlapping(pattern::PatternV::EventList& events) {
    std::vector<std::pair<Rational, Rational>> onsets; // whole begin, part begin
    for (const pattern::EventV& e : events)
      if (e.whole) onsets.emplace_back(e.whole->begin, e.part.begin);
    std::sort(onsets.begin(), onsets.end());
    return std::adjacent_find(onsets.begin(), onsets.end()) != onsets.end();
  }

  // ---- tempo -------------------------------------------------------------------------------

  /// Constants are stored as 64-bit fractions (IR, object files): past that, RationalOverflow.
  static Rational within64(Rational v) {
    if (!v.fits64()) throw RationalOverflow();
    return v;
  }

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
      if (b.op.structure != ast::OpStructure::Both) {
        diags_.error(b.op.range, constantWhat_ + " must be a constant expression of numbers");
        return std::nullopt;
      }
      switch (b.op.kind) {
      case ast::OpKind::Add:
        return within64(*l + *r);
      case ast::OpKind::Sub:
        return within64(*l - *r);
      case ast::OpKind::Mul:
        return within64(*l * *r);
      case ast::OpKind::Div:
        if (r->num() == 0) {
          diags_.error(b.rhs->range, "division by zero in a constant expression");
          return std::nullopt;
        }
        return within64(*l / *r);
      default:
        diags_.error(b.op.range, constantWhat_ + " must be a constant expression of numbers");
        return std::nullopt;
      }
    }
    default:
      diags_.error(e.range, constantWhat_ + " must be a constant expression of numbers");
      return std::nullopt;
    }
  }

  void evaluateTempo() {
    if (!tempo_) return;
    constantWhat_ = "the tempo";
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
        cps = within64(*cps / Rational(60) / beats);
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
    const nodes::Env env{48000.0f, 1.0f / 48000.0f, 0.0};
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
  /// patterns, numbers counting as pure patterns; a sound pattern is audio, so it is realized.
  static bool onEvents(const Value& l, const Value& r) {
    return (l.kind == Value::Pattern || r.kind == Value::Pattern) && l.kind != Value::Signal &&
           r.kind != Value::Signal && !l.isSound() && !r.isSound() && l.words == r.words;
  }

  /// The pattern `e` combining `l` and `r`: it holds the controls of both.
  static Value combined(pattern::PatternExprPtr e, const Value& l, const Value& r,
                        SourceRange range) {
    Value v = patternValue(std::move(e), range);
    v.controls = l.controls;
    v.controls.insert(r.controls.begin(), r.controls.end());
    v.words = (l.words || r.words) && v.controls.empty();
    return v;
  }

  /// The pattern `e` of arithmetic between `l` and `r` (LANGUAGE §3.7): between control
  /// patterns it applies to their controls; a control pattern against plain numbers is read as
  /// its number first (§3.4: its `note` as a pitch, else its `n`), so the result is numbers.
  Value arithmeticResult(pattern::PatternExprPtr e, const Value& l, const Value& r,
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
  Value realize(const Value& v) {
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
  void wordsAsNumbers(const Value& v) {
    size_t before = diags_.errorCount();
    if (v.string) lowerString(*v.string, pattern::AtomContext::Numeric); // reports the atom
    if (diags_.errorCount() == before) {
      auto& d = diags_.error(v.range, "expected numbers here, but this pattern holds words");
      DiagnosticEngine::help(d, "to play sounds, write `s \"…\"`");
    }
  }

  Value binary(const NodeInfo* op, Value l, Value r, SourceRange range) {
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
    return {kind, module_.add(std::move(in))};
  }

  Value negate(Value v, SourceRange range) {
    if (!v.ok()) return {};
    return binary(operatorNode(ast::OpKind::Mul), v, {Value::Number, constant(-1.0f, range)},
                  range);
  }

  static pattern::Structure structureOf(ast::OpStructure s) {
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
  Value applyOperator(const ast::Operator& op, Value l, Value r, SourceRange range) {
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
      fn->name = op.kind == ast::OpKind::Early ? "early" : "late";
      fn->args.push_back(patternArg(exprOf(l)));
      return applyPatternFn(fn, r, range);
    }
    if (op.kind == ast::OpKind::Set || op.kind == ast::OpKind::Keep) {
      if (patterns) {
        auto e = std::make_shared<pattern::PatternExpr>();
        e->kind = op.kind == ast::OpKind::Set ? pattern::PatternExpr::Kind::Set
                                              : pattern::PatternExpr::Kind::Keep;
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
  Value notYet(SourceRange range, const std::string& what) {
    diags_.error(range, what + " are not available yet");
    return {};
  }

  // ---- patterns from strings -----------------------------------------------------------------

  Value lowerString(const ast::String& e, pattern::AtomContext context) {
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
  Value retyped(const Value& v, pattern::AtomContext context) {
    if (v.kind != Value::Pattern || !v.expr || v.expr->kind != pattern::PatternExpr::Kind::Mini ||
        v.expr->context == context || !v.string)
      return v;
    Value typed = lowerString(*v.string, context);
    typed.words = context == pattern::AtomContext::Sound;
    typed.string = v.string;
    return typed;
  }

  Value lowerUntypedString(const ast::String& e) {
    pattern::MiniPtr tree = parseMini(e.text, e.range.begin + 1, diags_);
    if (!tree) return {};
    for (pattern::AtomContext context :
         {pattern::AtomContext::Numeric, pattern::AtomContext::Sound})
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

  // ---- functions (LANGUAGE §3.4–3.6) ---------------------------------------------------------

  /// One step of a function value, applied to a subject.
  struct FnStep {
    enum Kind { PatternTransform, Effect, Section, Conditional } kind = PatternTransform;
    pattern::PatternFnPtr patternFn;       ///< PatternTransform; Conditional: the condition
    const ast::Expr* effect = nullptr;     ///< Effect: a node call with its input omitted
    const ast::Section* section = nullptr; ///< Section
    SourceRange range;
    std::shared_ptr<const Scope> scope; ///< the parameters `effect` and `section` see
    /// Conditional (LANGUAGE §3.6): the effects, applied where the condition holds.
    std::shared_ptr<const std::vector<FnStep>> effects;
  };
  using FunctionValue = std::vector<FnStep>; ///< applied first to last

  const pattern::OpInfo* transformNamed(const std::string& name) const {
    // A node of that name wins, except for the names that are both (LANGUAGE §7.2, §7.8):
    // the transform on patterns, the node on signals.
    if (nodes::findNode(name) && !isDualName(name)) return nullptr;
    return pattern::findOp(name);
  }

  static bool isDualName(const std::string& name) {
    return name == "struct" || name == "quantize" || name == "quantise";
  }

  static size_t transformArity(const pattern::OpInfo* op) { return std::string(op->args).size(); }

  /// The arguments a transform needs: its arity less the amounts that may be left out.
  static size_t transformMinArity(const pattern::OpInfo* op) {
    std::string kinds = op->args;
    return kinds.size() - static_cast<size_t>(std::count(kinds.begin(), kinds.end(), 'o'));
  }

  static std::string transformSignature(const pattern::OpInfo* op) {
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
  pattern::PatternExprPtr patternArgument(const ast::Expr& e, pattern::AtomContext context) {
    const ast::Expr* inner = &e;
    while (inner->kind == ast::ExprKind::Paren) inner = ast::as<ast::Paren>(*inner).inner.get();
    Value v = inner->kind == ast::ExprKind::String
                  ? lowerString(ast::as<ast::String>(*inner), context)
                  : retyped(lower(e), context);
    if (!v.ok()) return nullptr;
    if (v.words && context != pattern::AtomContext::Sound) {
      wordsAsNumbers(v);
      return nullptr;
    }
    if (v.kind == Value::Signal || v.kind == Value::Function) {
      diags_.error(e.range, "expected a number or a pattern here, not a " +
                                std::string(v.kind == Value::Signal ? "signal" : "function"));
      return nullptr;
    }
    return exprOf(v);
  }

  /// The transform `name` with its arguments, missing its pattern.
  pattern::PatternFnPtr transformFunction(const pattern::OpInfo* op,
                                          std::span<const ast::Argument> args, SourceRange range) {
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
    if (size_t w = kinds.find('w');
        w != std::string::npos && !checkWordArgument(fn, *args[w].value))
      return nullptr;
    return fn;
  }

  /// What the pattern arguments of kind `a` (Ops.h) of a transform bring to its result: their
  /// controls, and whether they are words too.
  struct ArgumentPatterns {
    std::set<std::string> controls;
    bool words = true;
  };
  std::map<pattern::PatternFnPtr, ArgumentPatterns> argumentPatterns_;

  /// An argument of the kinds `a`, `o`, `N`, `V` and `w` (Ops.h) of `fn`; `e` is null when an
  /// optional amount is left out.
  bool transformArgument(const pattern::OpInfo* op, char kind, const ast::Expr* e,
                         const std::shared_ptr<pattern::PatternFn>& fn, pattern::PatternArg& arg) {
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
    const ast::Expr* inner = e;
    while (inner->kind == ast::ExprKind::Paren) inner = ast::as<ast::Paren>(*inner).inner.get();
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
  bool checkWordArgument(const pattern::PatternFnPtr& fn, const ast::Expr& word) {
    try {
      pattern::Fn transform = pattern::buildFunction(*fn);
      (void)transform(pattern::silence<pattern::Value>());
    } catch (const std::exception& ex) {
      diags_.error(word.range, ex.what());
      return false;
    }
    return true;
  }

  /// A function written where one is expected (LANGUAGE §3.6): a transform missing its
  /// pattern, a node call missing its input, a section, a chain section, a composition, a
  /// user function missing its first argument, or a template holding one of these.
  std::optional<FunctionValue> lowerFunction(const ast::Expr& e) {
    std::optional<FunctionValue> f = lowerFunctionSteps(e);
    if (f)
      for (FnStep& step : *f)
        if (!step.scope) step.scope = scope_;
    return f;
  }

  std::optional<FunctionValue> lowerFunctionSteps(const ast::Expr& e) {
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
          auto& d = diags_.error(
              e.range, "`" + name + "` takes " +
                           (least < arity ? std::to_string(least) + " or " : "") +
                           std::to_string(arity) + (arity == 1 ? " argument" : " arguments") +
                           " before its pattern");
          DiagnosticEngine::note(d, "signature: " + transformSignature(op));
          return std::nullopt;
        }
        pattern::PatternFnPtr fn = transformFunction(op, std::span(args), e.range);
        if (!fn) return std::nullopt;
        return FunctionValue{
            FnStep{FnStep::PatternTransform, fn, nullptr, nullptr, e.range, nullptr, {}}};
      }
      if (const NodeInfo* node = nodes::findNode(name); node && node->has(nodes::NodeHasInput))
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
      return FunctionValue{FnStep{
          FnStep::Section, nullptr, nullptr, &ast::as<ast::Section>(e), e.range, nullptr, {}}};
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
  bool isSignalStep(const FnStep& step) const {
    if (step.kind == FnStep::Conditional) return true;
    if (step.kind != FnStep::Effect) return false;
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
  static pattern::PatternFnPtr setToOne(pattern::PatternExprPtr operand = nullptr) {
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
  pattern::PatternFnPtr conditionFunction(const std::string& name,
                                          const std::vector<const ast::Expr*>& patternArgs) {
    static const std::map<std::string, double> probabilities = {
        {"sometimes", 0.5},    {"often", 0.75}, {"rarely", 0.25}, {"almostNever", 0.1},
        {"almostAlways", 0.9}, {"always", 1.0}, {"never", 0.0},   {"someCycles", 0.5}};
    auto fn = std::make_shared<pattern::PatternFn>();
    fn->kind = pattern::PatternFn::Kind::Transform;
    fn->name = name;
    if (auto it = probabilities.find(name); it != probabilities.end()) {
      auto p = std::make_shared<pattern::PatternExpr>();
      p->kind = pattern::PatternExpr::Kind::Number;
      p->number = it->second;
      fn->name = "someCyclesBy";
      fn->args.push_back(patternArg(p));
    } else {
      if (name == "sometimesBy" || name == "somecyclesBy") fn->name = "someCyclesBy";
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
  std::optional<std::optional<FunctionValue>>
  conditionalForm(const std::string& name, std::span<const ast::Argument> args, SourceRange range) {
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
  Value conditionalEffectCall(const std::string& name, const std::vector<ast::Argument>& args,
                              const Value* input, SourceRange range) {
    size_t patterns = name == "every_effect" ? 1 : name == "whenmod_effect" ? 2 : 0;
    size_t expected = patterns + 1 + (input ? 0 : 1);
    std::string usage = name + (name == "every_effect"     ? " in n fx"
                                : name == "whenmod_effect" ? " in a b fx"
                                                           : " in fx");
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
    pattern::PatternFnPtr condition = conditionFunction(name == "every_effect"     ? "every"
                                                        : name == "whenmod_effect" ? "whenmod"
                                                                                   : "sometimes",
                                                        patternArgs);
    if (!condition) return {};
    FnStep step{FnStep::Conditional, condition, nullptr, nullptr, range, scope_, {}};
    step.effects = std::make_shared<const FunctionValue>(std::move(*fx));
    return applyFunction(FunctionValue{std::move(step)}, subject, nullptr, range);
  }

  /// Applies a conditional step: the subject (realized if it is a sound pattern) runs through
  /// the effects continuously; per cycle the output is the processed or the dry signal.
  Value applyConditional(const FnStep& step, Value subject, SourceRange range) {
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
  pattern::PatternFnPtr sectionFunction(const ast::Section& s) {
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
      fn->name = s.op.kind == ast::OpKind::Early ? "early" : "late";
      fn->args.push_back(patternArg(exprOf(operand)));
      return fn;
    }
    fn->kind = pattern::PatternFn::Kind::Section;
    fn->sectionKind = static_cast<uint8_t>(
        s.op.kind == ast::OpKind::Set    ? pattern::PatternExpr::Kind::Set
        : s.op.kind == ast::OpKind::Keep ? pattern::PatternExpr::Kind::Keep
                                         : pattern::PatternExpr::Kind::Arithmetic);
    if (fn->sectionKind == static_cast<uint8_t>(pattern::PatternExpr::Kind::Arithmetic))
      fn->op = arithOpOf(s.op.kind);
    fn->structure = structureOf(s.op.structure);
    fn->operand = exprOf(operand);
    fn->operandOnLeft = s.operandOnLeft;
    return fn;
  }

  /// A function argument of a transform: it must act on patterns.
  pattern::PatternFnPtr patternFunction(const ast::Expr& e) {
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
        pattern::PatternFnPtr s =
            inScope(step.scope, [&] { return sectionFunction(*step.section); });
        if (!s) return nullptr;
        compose->steps.push_back(s);
        break;
      }
      case FnStep::Effect:
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

  Value applyPatternFn(pattern::PatternFnPtr fn, Value subject, SourceRange range) {
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
  Value applyFunction(const FunctionValue& f, Value subject, const ast::Expr* subjectExpr,
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

  /// A transform applied to a bus read a sample late: a cycle through pattern buses (§2.3).
  bool patternFeedback(const Value& subject) {
    ir::ValueId id = subject.id;
    while (module_[id].op == ir::Opcode::Bus) id = module_[id].operands[0];
    if (module_[id].op != ir::Opcode::FeedbackRead) return false;
    diags_.error(module_[id].loc, "patterns cannot be defined in terms of themselves");
    return true;
  }

  /// The error of LANGUAGE §3.6 for a transform applied to a signal, with the fix.
  void transformOnSignal(const FnStep& step, const ast::Expr* subjectExpr) {
    std::string what =
        step.kind == FnStep::PatternTransform ? "`" + step.patternFn->name + "`" : "this section";
    std::string text = file_.text().substr(step.range.begin, step.range.end - step.range.begin);
    std::string subject =
        subjectExpr ? file_.text().substr(subjectExpr->range.begin,
                                          subjectExpr->range.end - subjectExpr->range.begin)
                    : "the subject";
    auto& d = diags_.error(step.range,
                           what + " transforms patterns, but `" + subject + "` is an audio signal");
    // Suggest moving the transform inside, onto the pattern the signal is made from.
    const ast::Expr* inner = subjectExpr;
    while (inner && inner->kind == ast::ExprKind::Paren)
      inner = ast::as<ast::Paren>(*inner).inner.get();
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
  bool isFunctionOperand(const ast::Expr& e) {
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
      return node && node->has(nodes::NodeHasInput);
    }
    default:
      return false;
    }
  }

  /// Whether `e` calls a name that nothing defines (`fastt 2`): in a `$` chain it is an
  /// unknown function, not a second value.
  bool callsUnknownName(const ast::Expr& e) {
    const ast::Expr* inner = &e;
    while (inner->kind == ast::ExprKind::Paren) inner = ast::as<ast::Paren>(*inner).inner.get();
    if (inner->kind != ast::ExprKind::Name && inner->kind != ast::ExprKind::Call) return false;
    const std::string& name = inner->kind == ast::ExprKind::Name
                                  ? ast::as<ast::Name>(*inner).name
                                  : ast::as<ast::Call>(*inner).callee;
    if (name.empty() || name[0] == '~' || name == "every_effect" || name == "sometimes_effect" ||
        name == "whenmod_effect" || name == "adsr")
      return false;
    return !parameter(name) && !userFunction(name) && !isPluginName(name) && !isControlName(name) &&
           !generatorArgs(name) && !pattern::findOp(name) && !nodes::findNode(name);
  }

  /// Reports the first operand of a `$` chain that calls an unknown name, as the unknown
  /// function it is written as (with the nearest transform or node name).
  bool reportUnknownOperand(const ast::Dollar& d) {
    for (const ast::ExprPtr& operand : d.operands)
      if (callsUnknownName(*operand)) {
        (void)lowerFunction(*operand);
        return true;
      }
    return false;
  }

  Value lowerDollar(const ast::Dollar& d) {
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

  Value lower(const ast::Expr& e) {
    switch (e.kind) {
    case ast::ExprKind::Number:
      return {Value::Number, constant(static_cast<float>(ast::as<ast::Number>(e).value), e.range)};
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
      if (operand.kind == ast::ExprKind::Number)
        return {Value::Number,
                constant(-static_cast<float>(ast::as<ast::Number>(operand).value), e.range)};
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
  Value lowerWithInput(const ast::Expr& e, Value input) {
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

  /// The error for a name that is no function, with the likeliest fix: a Tidal habit (a
  /// comment, a SuperDirt control, a sound name without quotes), else the closest name.
  void unknownFunction(const std::string& name, SourceRange nameRange) {
    auto& d = diags_.error(nameRange, "unknown function `" + name + "`");
    uint32_t line = file_.lineCol(nameRange.begin).line;
    std::string_view lineText = file_.lineText(line);
    size_t first = lineText.find_first_not_of(" \t");
    if (first != std::string_view::npos && lineText[first] == '#' &&
        nameRange.begin == file_.lineStart(line) + first + 1 +
                               (lineText.size() > first + 1 && lineText[first + 1] == ' ')) {
      DiagnosticEngine::help(d, "comments start with `--`; a line starting with `#` chains "
                                "onto the statement above");
      return;
    }
    if (const char* equivalent = tidalEquivalent(name)) {
      DiagnosticEngine::help(d, "`" + name + "` is a SuperDirt control; " + equivalent);
      return;
    }
    if (!soundControl_.empty()) {
      DiagnosticEngine::help(d, "sound names are a pattern in a string: add quotes, as in `" +
                                    soundControl_ + " \"" + name + "\"`");
      return;
    }
    std::vector<std::string> names = callableNames();
    for (const pattern::OpInfo& op : pattern::ops()) names.push_back(op.name);
    std::string suggestion = closestMatch(name, names);
    if (!suggestion.empty()) DiagnosticEngine::help(d, "did you mean `" + suggestion + "`?");
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

  /// LANGUAGE §3.3: a number literal as the input of a filter, effect, dynamics, spatial or
  /// analysis node is an error (math nodes such as `tanh 0.5` take numbers).
  static bool takesSignalInput(const NodeInfo& node) {
    switch (node.group) {
    case nodes::Group::Filter:
    case nodes::Group::Effect:
    case nodes::Group::Dynamics:
    case nodes::Group::Spatial:
    case nodes::Group::Analysis:
      return true;
    default:
      return false;
    }
  }

  /// The pattern of one word (a default such as `wave="saw"`).
  Value wordPattern(const std::string& word, SourceRange at) {
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
  Value listArgument(const ast::List& list) {
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

  /// One argument of a node call, read as its port says (LANGUAGE §7: `!` constants, words,
  /// booleans, lists).
  Value lowerArgument(const ast::Expr& e, const nodes::PortInfo& port, const std::string& node) {
    const ast::Expr* inner = &e;
    while (inner->kind == ast::ExprKind::Paren) inner = ast::as<ast::Paren>(*inner).inner.get();
    Value v;
    if (inner->kind == ast::ExprKind::String && (port.flags & nodes::PortWords))
      v = lowerString(ast::as<ast::String>(*inner), pattern::AtomContext::Sound);
    else if (inner->kind == ast::ExprKind::String && (port.flags & nodes::PortBools))
      v = lowerString(ast::as<ast::String>(*inner), pattern::AtomContext::Boolean);
    else if (inner->kind == ast::ExprKind::List && (port.flags & nodes::PortList))
      return listArgument(ast::as<ast::List>(*inner));
    else if (port.flags & nodes::PortWords)
      v = retyped(lower(e), pattern::AtomContext::Sound);
    else if (port.flags & nodes::PortBools)
      v = retyped(lower(e), pattern::AtomContext::Boolean);
    else
      v = lower(e);
    if (port.flags & nodes::PortWords) v.words = false; // words are what this port takes
    if (!v.ok()) return v;
    if ((port.flags & nodes::PortConstant) && !(port.flags & nodes::PortList) &&
        v.kind != Value::Number) {
      auto& d = diags_.error(e.range, "`" + std::string(port.name) + "` of `" + node +
                                          "` must be a constant number");
      DiagnosticEngine::note(d, "it sets up the node once, so it cannot follow a pattern or "
                                "a signal");
      return {};
    }
    return v;
  }

  /// `stack [p, q, …]`, `cat [p, q, …]`, `fastcat …`: patterns combined into one (§6.2).
  Value patternList(const pattern::OpInfo* op, const std::vector<ast::Argument>& args,
                    const Value* input, SourceRange range) {
    std::string usage = std::string(op->name) + " [p, q, …]";
    if (input || args.size() != 1 || !args[0].keyword.empty() ||
        args[0].value->kind != ast::ExprKind::List ||
        ast::as<ast::List>(*args[0].value).items.empty()) {
      auto& d = diags_.error(range, "`" + std::string(op->name) +
                                        "` takes one list of patterns: `" + usage + "`");
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
      // A stack with a signal in it is the per-sample sum of its elements (LANGUAGE §6.2).
      Value sum;
      for (size_t i = 0; i < items.size(); ++i) {
        Value v = materialize(items[i], pattern::SignalConversion::Plain);
        if (!v.ok()) return {};
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

  // ---- pattern functions (LANGUAGE §6.2, §7.2) ----------------------------------------------

  /// The pattern functions that build a pattern, by argument kinds: `p` a pattern read as
  /// numbers, `b` as booleans, `w` as words, `a` any pattern (controls kept), `v` a constant
  /// number; `L` a list of constant numbers, `W` of [value, weight] pairs, `T` of
  /// [weight, pattern] pairs, `A` of patterns (controls kept).
  static const char* generatorArgs(const std::string& name) {
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

  std::optional<Value> generatorCall(const std::string& name,
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
      const ast::Expr* inner = &x;
      while (inner->kind == ast::ExprKind::Paren) inner = ast::as<ast::Paren>(*inner).inner.get();
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
          const ast::Expr* inner = given[i];
          while (inner->kind == ast::ExprKind::Paren)
            inner = ast::as<ast::Paren>(*inner).inner.get();
          if (inner->kind == ast::ExprKind::String) {
            const std::string& text = ast::as<ast::String>(*inner).text;
            bool known = name == "scale" ? !pattern::scaleSteps(text).empty()
                                         : !pattern::chordIntervals(text).empty();
            if (text.find_first_of(" <[{~*") == std::string::npos && !known) {
              auto& d = diags_.error(inner->range,
                                     "unknown " +
                                         std::string(name == "scale" ? "scale" : "chord quality") +
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

  // ---- controls (LANGUAGE §3.5, §8.3) -------------------------------------------------------

  /// The control pattern `{control: v}` for each value v of `value`.
  Value controlOf(const std::string& control, const ast::Expr& valueExpr) {
    bool words = control == "s" || control == "sound" || control == "unit";
    std::string outerSoundControl = soundControl_;
    soundControl_ = words && control != "unit" ? control : "";
    pattern::PatternExprPtr value = patternArgument(
        valueExpr, words ? pattern::AtomContext::Sound : pattern::AtomContext::Numeric);
    soundControl_ = outerSoundControl;
    if (!value) return {};
    if (words && control != "unit" && !checkBusVoices(*value)) return {};
    auto e = std::make_shared<pattern::PatternExpr>();
    e->kind = pattern::PatternExpr::Kind::Control;
    e->control = control == "sound" ? "s" : control == "cut_group" ? "cut" : control;
    e->lhs = value;
    Value v = patternValue(e, valueExpr.range);
    v.controls.insert(e->control);
    return v;
  }

  /// `s "~kick*4"`: each `~name` atom of a sound pattern is a bus voice (LANGUAGE §8.4); the
  /// bus must exist and hold a signal. Returns false after reporting an error.
  bool checkBusVoices(const pattern::PatternExpr& e) {
    bool ok = true;
    std::function<void(const pattern::MiniNode&)> atoms = [&](const pattern::MiniNode& n) {
      if (n.kind == pattern::MiniNode::Kind::Atom && n.text.size() > 1 && n.text[0] == '~') {
        SourceRange at{n.loc.begin, n.loc.end};
        Value bus = resolveBus(n.text.substr(1), at, currentBus_);
        if (!bus.ok()) {
          ok = false;
        } else if (bus.kind == Value::Pattern) {
          diags_.error(at, "a pattern bus cannot be a voice");
          ok = false;
        }
      }
      for (const pattern::MiniStep& step : n.steps) {
        if (step.body) atoms(*step.body);
        if (step.rangeEnd) atoms(*step.rangeEnd);
      }
      for (const pattern::MiniPtr& layer : n.layers)
        if (layer) atoms(*layer);
    };
    std::function<void(const pattern::PatternExpr&)> visit = [&](const pattern::PatternExpr& x) {
      if (x.kind == pattern::PatternExpr::Kind::Mini && x.mini &&
          x.context == pattern::AtomContext::Sound)
        atoms(*x.mini);
      for (const pattern::PatternExprPtr& child : {x.lhs, x.rhs})
        if (child) visit(*child);
      for (const pattern::PatternExprPtr& item : x.items)
        if (item) visit(*item);
    };
    visit(e);
    return ok;
  }

  /// `l # r` on control patterns: structure from `l`, the values of `r` added (`|>`).
  Value setControls(const Value& l, const Value& r, SourceRange range) {
    auto e = std::make_shared<pattern::PatternExpr>();
    e->kind = pattern::PatternExpr::Kind::Set;
    e->structure = pattern::Structure::Left;
    e->lhs = exprOf(l);
    e->rhs = exprOf(r);
    return combined(e, l, r, range);
  }

  /// A call of a control function, or nullopt where `name` means a node or a transform here:
  /// `gain x g` and `pan x p` with two arguments, `gain`/`pan` after `#` on a signal, and
  /// `legato`/`dur` given their pattern.
  std::optional<Value> controlCall(const std::string& name, SourceRange nameRange,
                                   const std::vector<ast::Argument>& args, const Value* input,
                                   SourceRange range) {
    bool afterControls = input && input->isControl();
    if (!isControlName(name) && !(name == "adsr" && afterControls)) return std::nullopt;
    size_t positional = 0;
    for (const ast::Argument& a : args) positional += a.keyword.empty();
    if (input && !afterControls) {
      if (!input->ok()) return Value{};
      if (name == "gain") {
        // A signal times the gain (LANGUAGE §3.5).
        if (args.size() != 1 || !args[0].keyword.empty()) {
          diags_.error(range, "`gain` after `#` takes one value: `# gain 0.5`");
          return Value{};
        }
        return binary(operatorNode(ast::OpKind::Mul), *input, lower(*args[0].value), range);
      }
      if (name == "pan") return std::nullopt; // the pan node
      auto& d = diags_.error(nameRange, "`" + name +
                                            "` sets a sample parameter; it only "
                                            "applies to a sound pattern");
      DiagnosticEngine::help(d, "a sound pattern is one with a sound, such as `s \"bd*2\" # " +
                                    name + " …`");
      return Value{};
    }
    if (!input && (name == "gain" || name == "pan") && positional >= 2) {
      if (name == "pan") return std::nullopt;
      if (args.size() != 2 || !args[1].keyword.empty()) return std::nullopt;
      return binary(operatorNode(ast::OpKind::Mul), lower(*args[0].value), lower(*args[1].value),
                    range);
    }
    if (!input && (name == "legato" || name == "dur") && positional == 2) return std::nullopt;
    // The controls each positional argument sets.
    std::vector<std::string> controls{name};
    if (name == "ar") controls = {"attack", "release"};
    if (name == "adsr") controls = {"attack", "decay", "sustain", "release"};
    if (positional != controls.size()) {
      std::string usage = name;
      for (const std::string& c : controls) usage += controls.size() == 1 ? " value" : " " + c;
      auto& d = diags_.error(range, "`" + name + "` takes " +
                                        (controls.size() == 1
                                             ? std::string("one value")
                                             : std::to_string(controls.size()) + " values") +
                                        ": `" + usage + "`");
      (void)d;
      return Value{};
    }
    Value result;
    size_t next = 0;
    for (const ast::Argument& arg : args) {
      std::string control;
      if (arg.keyword.empty()) {
        control = controls[next++];
      } else {
        // `s "bd" :gain 0.8 :cut_group 1` (LANGUAGE §8.3).
        static const std::vector<std::string> keywords = {
            "n",      "note", "speed", "accelerate", "unit",   "begin",   "end",  "loop",
            "legato", "dur",  "cut",   "cut_group",  "attack", "release", "gain", "pan"};
        bool sound = name == "s" || name == "sound";
        if (!sound || std::find(keywords.begin(), keywords.end(), arg.keyword) == keywords.end()) {
          auto& d = diags_.error(arg.keywordRange,
                                 sound ? "`" + name + "` has no control `" + arg.keyword + "`"
                                       : "`" + name + "` takes no keyword arguments");
          if (sound) {
            std::string suggestion = closestMatch(arg.keyword, keywords);
            if (!suggestion.empty())
              DiagnosticEngine::help(d, "did you mean `:" + suggestion + "`?");
          }
          return Value{};
        }
        control = arg.keyword;
      }
      Value v = controlOf(control, *arg.value);
      if (!v.ok()) return Value{};
      result = result.ok() ? setControls(result, v, range) : v;
    }
    result.range = range;
    if (afterControls) return setControls(*input, result, {input->range.begin, range.end});
    return result;
  }

  Value call(const std::string& name, SourceRange nameRange, const std::vector<ast::Argument>& args,
             const Value* input, SourceRange range) {
    if (!name.empty() && name[0] == '~') {
      // ~add a b, ~sub, ~mul, ~div: always per sample (patterns are held as signals first).
      if (args.size() != 2 || input) {
        diags_.error(range, "`" + name + "` takes two arguments: `" + name + " a b`");
        return {};
      }
      ast::Operator op;
      op.kind = name == "~add"   ? ast::OpKind::Add
                : name == "~sub" ? ast::OpKind::Sub
                : name == "~mul" ? ast::OpKind::Mul
                                 : ast::OpKind::Div;
      op.structure = ast::OpStructure::PerSample;
      op.spelling = name;
      op.range = nameRange;
      Value l = lower(*args[0].value);
      Value r = lower(*args[1].value);
      return applyOperator(op, l, r, range);
    }
    if (parameter(name)) {
      auto& d = diags_.error(nameRange, "`" + name + "` is a parameter; it takes no arguments");
      (void)d;
      return {};
    }
    if (const ast::Stmt* fn = userFunction(name)) return callFunction(*fn, args, input, range);
    if (isPluginName(name)) {
      diags_.error(nameRange, "`" + name + "`: plugin hosting is not supported");
      return {};
    }
    if (std::optional<Value> v = controlCall(name, nameRange, args, input, range)) return *v;
    if (std::optional<Value> v = generatorCall(name, args, input, range)) return *v;
    if (name == "every_effect" || name == "sometimes_effect" || name == "whenmod_effect")
      return conditionalEffectCall(name, args, input, range);
    const NodeInfo* node = nodes::findNode(name);
    if (const pattern::OpInfo* op = transformNamed(name)) {
      if (std::string_view(op->args) == "P") return patternList(op, args, input, range);
      // A transform: with its pattern as the last argument it is a value (`fast 2 "a b"`);
      // missing it, a function, which only `$` and function arguments take.
      size_t arity = transformArity(op);
      // `groove "jazz" "a*8"`: an amount left out (Ops.h `o`) makes the call shorter.
      if (args.size() > transformMinArity(op) && args.size() <= arity) arity = args.size() - 1;
      if (input) {
        auto& d = diags_.error(nameRange, "`" + name + "` transforms patterns: use `$`");
        DiagnosticEngine::help(d, "`#` passes its left side into an effect or control; write "
                                  "`… $ " +
                                      name + " …`");
        return {};
      }
      if (args.size() == arity + 1 && !(arity && op->args[arity - 1] == 'F' &&
                                        args[arity - 1].value->kind != ast::ExprKind::List)) {
        pattern::PatternFnPtr fn = transformFunction(op, std::span(args).first(arity), range);
        if (!fn) return {};
        Value subject = lower(*args[arity].value);
        if (!subject.ok()) return {};
        if (subject.kind == Value::Signal && isDualName(name) && node) {
          // `struct "t ~ t" (saw 110)`: the node, its last port the signal.
          std::vector<Value> ports;
          for (size_t i = 0; i < arity; ++i) {
            ports.push_back(lowerArgument(*args[i].value, node->ports[i], name));
            if (!ports.back().ok()) return {};
          }
          ports.push_back(subject);
          return nodeValue(node, std::move(ports), range);
        }
        if (subject.kind == Value::Signal) {
          FnStep step{FnStep::PatternTransform, fn, nullptr, nullptr, range, nullptr, {}};
          if (!patternFeedback(subject)) transformOnSignal(step, args[arity].value.get());
          return {};
        }
        return applyPatternFn(fn, subject, range);
      }
      auto& d = diags_.error(range, "`" + name + "` is a transform, not a value here");
      DiagnosticEngine::help(d, "apply it to a pattern with `$`, as in `\"a b\" $ " +
                                    file_.text().substr(range.begin, range.end - range.begin) +
                                    "`");
      DiagnosticEngine::note(d, "signature: " + transformSignature(op));
      return {};
    }
    if (!node || node->has(nodes::NodeOperator)) {
      unknownFunction(name, nameRange);
      return {};
    }
    bool hasInput = node->has(nodes::NodeHasInput);
    if (input && !hasInput) {
      auto& d = diags_.error(nameRange, "`" + name + "` has no input, so it cannot follow `#`");
      DiagnosticEngine::note(d, "signature: " + signatureOf(*node));
      return {};
    }
    const unsigned numPorts = node->numUserPorts();
    std::vector<Value> ports(numPorts);
    std::vector<bool> given(numPorts, false);
    std::vector<SourceRange> givenAt(numPorts);
    unsigned next = 0;
    bool ok = true;
    if (input) {
      if (!input->ok()) ok = false;
      ports[0] = *input;
      given[0] = true;
      next = 1;
    }
    // A leading optional port (`lush`'s predelay) is there only when every later port is given.
    size_t positional = input ? 1 : 0;
    for (const ast::Argument& arg : args) positional += arg.keyword.empty();
    for (unsigned i = 0; i < numPorts; ++i)
      if ((node->ports[i].flags & nodes::PortLeadingOptional) && positional < numPorts && next == i)
        ++next;
    bool sawKeyword = false;
    for (const ast::Argument& arg : args) {
      unsigned port = next;
      SourceRange at = arg.value->range;
      if (!arg.keyword.empty()) {
        // `:name value` sets any parameter by its catalogue name (LANGUAGE §3.3).
        sawKeyword = true;
        at = arg.keywordRange;
        port = numPorts;
        for (unsigned i = 0; i < numPorts; ++i)
          if (arg.keyword == node->ports[i].name) port = i;
        if (port == numPorts) {
          auto& d = diags_.error(arg.keywordRange,
                                 "`" + name + "` has no parameter `" + arg.keyword + "`");
          std::vector<std::string> names;
          for (unsigned i = 0; i < numPorts; ++i) names.push_back(node->ports[i].name);
          std::string suggestion = closestMatch(arg.keyword, names);
          if (!suggestion.empty()) DiagnosticEngine::help(d, "did you mean `:" + suggestion + "`?");
          DiagnosticEngine::note(d, "signature: " + signatureOf(*node));
          return {};
        }
        if (given[port]) {
          auto& d = diags_.error(arg.keywordRange, "parameter `" + arg.keyword + "` of `" + name +
                                                       "` is given twice");
          if (!(input && port == 0)) DiagnosticEngine::note(d, givenAt[port], "first given here");
          return {};
        }
      } else {
        if (sawKeyword) {
          diags_.error(arg.value->range, "positional arguments come before keyword arguments");
          return {};
        }
        if (next >= numPorts && !node->variadic()) {
          auto& d = diags_.error(arg.value->range, "too many arguments to `" + name + "`");
          DiagnosticEngine::note(d, "signature: " + signatureOf(*node) +
                                        (hasInput && input ? " (`in` comes from `#`)" : ""));
          return {};
        }
        ++next;
        if (port >= numPorts) {
          // The repeated last port of a variadic node (`mix a b c …`).
          ports.emplace_back();
          given.push_back(false);
          givenAt.emplace_back();
        }
      }
      if (hasInput && port == 0 && isNumberLiteral(*arg.value) && takesSignalInput(*node)) {
        auto& d = diags_.error(arg.value->range, "`" + name + "` expects an input signal first");
        DiagnosticEngine::help(d, "filter a signal with `saw 110 # " + name + " …` or `" + name +
                                      " (saw 110) …`; to store an effect write `@fx: " +
                                      file_.text().substr(range.begin, range.end - range.begin) +
                                      "`");
        return {};
      }
      const nodes::PortInfo& info = node->ports[std::min(port, numPorts - 1)];
      Value v = lowerArgument(*arg.value, info, name);
      if (!v.ok()) ok = false;
      ports[port] = v;
      given[port] = true;
      givenAt[port] = at;
    }
    for (unsigned i = 0; i < numPorts; ++i) {
      if (given[i]) continue;
      const nodes::PortInfo& p = node->ports[i];
      if (p.flags & nodes::PortRequired) {
        auto& d = diags_.error(range, "`" + name + "` is missing its argument `" +
                                          std::string(p.name) + "`");
        DiagnosticEngine::note(d, "signature: " + signatureOf(*node));
        return {};
      }
      ports[i] = p.defaultWord ? wordPattern(p.defaultWord, range)
                               : Value{Value::Number, module_.addConst(p.defaultValue)};
    }
    for (unsigned i = numPorts; i < node->numPorts; ++i)
      ports.push_back(internalPort(node->ports[i]));
    if (!ok) return {};
    return nodeValue(node, std::move(ports), range);
  }

  /// What sema gives a PortInternal port: the block-rate tempo (one instruction per module).
  Value internalPort(const nodes::PortInfo& p) {
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
  Value nodeValue(const NodeInfo* node, std::vector<Value> ports, SourceRange range) {
    const unsigned numPorts = node->numPorts;
    // Patterns reach the node as event-rate values; at a Hz parameter a pitch becomes Hz.
    for (size_t i = 0; i < ports.size(); ++i)
      ports[i] = materialize(
          ports[i], std::string_view(node->ports[std::min<size_t>(i, numPorts - 1)].unit) == "Hz"
                        ? pattern::SignalConversion::Hz
                        : pattern::SignalConversion::Plain);
    for (const Value& v : ports)
      if (!v.ok()) return {};
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
    in.seed = nextSeed();
    in.loc = range;
    in.hasLoc = true;
    return {Value::Signal, module_.add(std::move(in))};
  }

  // ---- buses -------------------------------------------------------------------------------

  /// Stable identity of the next node: its statement and its position there (LANGUAGE §7).
  uint32_t nextSeed() { return fnv1a(identity_ + "#" + std::to_string(position_++)); }

  Value resolveBus(const std::string& name, SourceRange range, const std::string* fromBus) {
    if (broken_.count("~" + name)) return {};
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
    // Outputs record the buses they read (through templates and functions too) as they lower.
    if (fromBus)
      buses_.at(*fromBus).references.insert(name);
    else
      outReferences_.insert(name);
    if (fromBus && delayed_.count({*fromBus, name})) return feedbackRead(name, range);
    if (bus.state == BusDef::Done) return bus.value;
    if (bus.state == BusDef::InProgress) {
      // Unreachable when findFeedback saw every reference; kept as an error, not a crash.
      std::string path;
      for (const std::string& b : busStack_) path += "~" + b + " → ";
      auto& d = diags_.error(range, "this cycle through buses has no place for its delay");
      DiagnosticEngine::note(d, "the definitions form a loop: " + path + "~" + name);
      broken_.insert("~" + name);
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
    const ast::Expr& body = *bus.stmt->values[0];
    Value v;
    if (isFunctionOperand(body)) {
      // LANGUAGE §2.5: functions are stored in templates, which expand where they are used.
      broken_.insert("~" + name);
      auto& d = diags_.error(body.range, "a bus holds a signal or a pattern, not a function");
      DiagnosticEngine::help(
          d, "store it in a template: `@" + name + ": " +
                 file_.text().substr(body.range.begin, body.range.end - body.range.begin) + "`");
    } else {
      v = lower(body);
    }
    identity_ = savedIdentity;
    position_ = savedPosition;
    currentBus_ = savedBus;
    busStack_.pop_back();
    if (v.ok() && v.kind == Value::Signal) {
      // The bus as an instruction of its own (a copy under its name): inline-buses folds it
      // into its value (DESIGN §6); constants stay numbers, patterns stay patterns.
      ir::Instr in;
      in.op = ir::Opcode::Bus;
      in.type = module_[v.id].type;
      in.rate = module_[v.id].rate;
      in.operands = {v.id};
      in.name = "~" + name;
      in.loc = bus.stmt->headRange;
      in.hasLoc = true;
      v.id = module_.add(std::move(in));
    }
    bus.value = v;
    bus.state = BusDef::Done;
    return v;
  }

  // ---- outputs -----------------------------------------------------------------------------

  /// tanh x, clip x (default bounds): the mix shapers of outmix.
  Value unaryNode(const char* name, Value x, SourceRange at) {
    const NodeInfo* node = nodes::findNodeExact(name);
    ir::Instr in;
    in.op = ir::Opcode::Node;
    in.node = node;
    in.operands.push_back(x.id);
    for (unsigned i = 1; i < node->numPorts; ++i)
      in.operands.push_back(module_.addConst(node->ports[i].defaultValue));
    in.rate = module_[x.id].rate;
    in.type = std::string_view(name) == "mono" ? ir::Type::F32 : module_[x.id].type;
    in.seed = nextSeed();
    in.loc = at;
    in.hasLoc = true;
    return {x.kind, module_.add(std::move(in))};
  }

  /// An expression where audio is expected: a string of words is read as `s "…"` (§3.4).
  Value lowerAudio(const ast::Expr& e) {
    Value v = lower(e);
    if (v.kind == Value::Pattern && v.words && v.controls.empty()) {
      auto c = std::make_shared<pattern::PatternExpr>();
      c->kind = pattern::PatternExpr::Kind::Control;
      c->control = "s";
      c->lhs = v.expr;
      Value sound = patternValue(c, v.range);
      sound.controls = {"s"};
      return sound;
    }
    return v;
  }

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

  /// The outputs muted by hush/panic/unhush, which apply in source order among themselves.
  std::set<int> mutedOutputs() {
    std::set<int> muted;
    bool allMuted = false;
    std::set<int> unmuted; // exceptions while all are muted
    for (const ast::Stmt* c : commands_) {
      bool hush = c->kind != ast::StmtKind::Unhush;
      if (c->outputIndex < 0) {
        allMuted = hush;
        muted.clear();
        unmuted.clear();
      } else if (hush) {
        muted.insert(c->outputIndex);
        unmuted.erase(c->outputIndex);
      } else {
        muted.erase(c->outputIndex);
        unmuted.insert(c->outputIndex);
      }
    }
    if (allMuted)
      for (const auto& [index, stmt] : outputs_)
        if (!unmuted.count(index)) muted.insert(index);
    return muted;
  }

  void lowerOutputs() {
    if (!outputs_.empty()) {
      // Every output is lowered (its errors reported) even if muted; the main mix combines the
      // unmuted ones according to outmix (LANGUAGE §2.4).
      std::set<int> muted = mutedOutputs();
      std::vector<Value> playing;
      for (const auto& [index, stmt] : outputs_) {
        identity_ = stmt->keyword == "out" ? "out" : "out" + std::to_string(index);
        position_ = 0;
        currentBus_ = nullptr;
        outReferences_.clear();
        Value v = lowerAudio(*stmt->values[0]);
        for (const std::string& b : outReferences_)
          if (buses_.count(b)) markUsed(b);
        if (v.ok() && !muted.count(index))
          playing.push_back(materialize(v, pattern::SignalConversion::Plain));
      }
      if (diags_.hasErrors()) return;
      identity_ = "outmix";
      position_ = 0;
      std::string mode = outmix_ ? outmix_->name : "none";
      SourceRange at = outmix_ ? outmix_->range : SourceRange::at(0, 0);
      Value mix;
      for (const Value& v : playing)
        mix = mix.ok() ? binary(operatorNode(ast::OpKind::Add), mix, v, at) : v;
      if (!mix.ok()) mix = {Value::Number, module_.addConst(0.0f)};
      float k = static_cast<float>(std::max<size_t>(1, playing.size()));
      if (mode == "gain")
        mix = binary(operatorNode(ast::OpKind::Div), mix, {Value::Number, module_.addConst(k)}, at);
      else if (mode == "sqrt")
        mix = binary(operatorNode(ast::OpKind::Div), mix,
                     {Value::Number, module_.addConst(std::sqrt(k))}, at);
      else if (mode == "tanh")
        mix = unaryNode("tanh", mix, at);
      else if (mode == "hard")
        mix = unaryNode("clip", mix, at);
      addOutput(mix, at);
      return;
    }
    if (std::any_of(broken_.begin(), broken_.end(), isOutputName) ||
        (program_.statements.empty() && diags_.hasErrors()))
      return;
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
      if (!referenced.count(name) && (bus.value.kind == Value::Signal || bus.value.isSound()))
        topLevel.push_back(name);
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
      Value v = materialize(bus.value, pattern::SignalConversion::Plain);
      sum = sum.ok() ? binary(operatorNode(ast::OpKind::Add), sum, v, bus.stmt->range) : v;
    }
    Value quarter{Value::Number, module_.addConst(0.25f)};
    auto& d = diags_.warning(buses_.at(topLevel[0]).stmt->headRange,
                             "no output defined; playing 0.25 × (" + list + ")");
    DiagnosticEngine::help(d, "add `out: …` to choose what plays");
    addOutput(binary(operatorNode(ast::OpKind::Mul), sum, quarter, SourceRange::at(0, 0)),
              SourceRange::at(0, 0));
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
  std::map<int, const ast::Stmt*> outputs_;
  std::vector<const ast::Stmt*> commands_;
  const ast::Stmt* outmix_ = nullptr;
  std::map<std::string, BusDef> buses_;
  std::map<std::string, const ast::Stmt*> functions_;
  std::map<std::string, const ast::Stmt*> templates_;
  std::shared_ptr<const Scope> scope_; ///< the parameters of the function being expanded
  std::vector<std::string> busOrder_;
  std::set<std::string> broken_;
  std::set<std::string> used_;
  std::set<std::string> outReferences_;
  std::vector<std::string> busStack_;
  std::map<std::string, size_t> busIndex_;  ///< source order of the buses
  std::map<std::string, size_t> component_; ///< strongly connected component of each bus
  std::set<std::pair<std::string, std::string>> delayed_; ///< (from, to) read a sample late
  std::string soundControl_;        ///< `s` or `sound` while its argument is lowered, for hints
  std::set<ir::ValueId> perSample_; ///< results of `~+ ~- ~* ~/`: signals by the writer's choice
  std::map<std::string, uint32_t> feedbackCells_;
  std::map<std::string, SourceRange> feedbackUses_; ///< the first late read of each bus
  std::map<std::pair<const pattern::PatternExpr*, pattern::SignalConversion>, ir::ValueId>
      materialized_;
  std::optional<ir::ValueId> tempoValue_; ///< the module's tempo instruction, made at its first use
  const std::string* currentBus_ = nullptr;
  std::string constantWhat_ = "the tempo"; ///< what a constant expression sets, for errors
  bool chainPart_ = false; ///< lowering the right of a `#`, where controls are functions
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
