// Controls (LANGUAGE §3.5, §8.3): the control functions (`s`, `n`, `gain`, `ar` …) and their
// keyword forms as control patterns, `#` between control patterns, `gain` and `pan` on signals,
// and the bus voices of a sound pattern (`s "~kick*4"`, §8.4).
#include "Sema.h"

#include <algorithm>
#include <functional>

namespace phonon::sema {

/// The controls of LANGUAGE §8.3: each is a function producing a control pattern.
bool isControlName(const std::string& name) {
  static const std::set<std::string> names = {
      "s",    "sound",  "n",   "note", "speed",  "accelerate", "unit", "begin", "end",
      "loop", "legato", "dur", "cut",  "attack", "release",    "ar",   "gain",  "pan"};
  return names.count(name) != 0;
}

/// The control pattern `{control: v}` for each value v of `value`.
Value Sema::controlOf(const std::string& control, const ast::Expr& valueExpr) {
  bool words = control == "s" || control == "sound" || control == "unit";
  std::string outerSoundControl = soundControl_;
  soundControl_ = words && control != "unit" ? control : "";
  pattern::PatternExprPtr value = patternArgument(valueExpr, words ? pattern::AtomContext::Sound
                                                                   : pattern::AtomContext::Numeric);
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
bool Sema::checkBusVoices(const pattern::PatternExpr& e) {
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
Value Sema::setControls(const Value& l, const Value& r, SourceRange range) {
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
std::optional<Value> Sema::controlCall(const std::string& name, SourceRange nameRange,
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
    DiagnosticEngine::help(d, "a sound pattern is one with a sound, such as `s \"bd*2\" # " + name +
                                  " …`");
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
          if (!suggestion.empty()) DiagnosticEngine::help(d, "did you mean `:" + suggestion + "`?");
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

} // namespace phonon::sema
