// Calls (LANGUAGE §3.3, §7): a name with its arguments resolved to a per-sample operator, a user
// function, a control, a generator, a transform or a node; positional and keyword arguments
// matched to ports, each read as its port says; and the unknown-function error with its hints
// (Tidal habits, SuperDirt controls, sound names without quotes, the closest name).
#include "Sema.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>

namespace phonon::sema {

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

bool isNumberLiteral(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::Number) return true;
  if (e.kind == ast::ExprKind::Negate) return isNumberLiteral(*ast::as<ast::Negate>(e).operand);
  if (e.kind == ast::ExprKind::Paren) return isNumberLiteral(*ast::as<ast::Paren>(e).inner);
  return false;
}

/// The error for a name that is no function, with the likeliest fix: a Tidal habit (a
/// comment, a SuperDirt control, a sound name without quotes), else the closest name.
void Sema::unknownFunction(const std::string& name, SourceRange nameRange) {
  auto& d = diags_.error(nameRange, "unknown function `" + name + "`");
  // `# a comment` on a line of its own chains the comment's first word onto the statement above.
  uint32_t line = file_.lineCol(nameRange.begin).line;
  std::string_view before = file_.lineText(line).substr(0, nameRange.begin - file_.lineStart(line));
  size_t hash = before.find_first_not_of(" \t");
  if (hash != std::string_view::npos && before[hash] == '#' &&
      before.find_first_not_of(" \t", hash + 1) == std::string_view::npos) {
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

std::vector<std::string> Sema::callableNames() const {
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
bool Sema::takesSignalInput(const NodeInfo& node) {
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

namespace {

/// `node` with every word atom replaced by its index in `words` (`"a <e i>"` → `"0 <1 2>"`);
/// `unknown` is set to the first atom that is none of them.
/// Each replaced atom's place in the source and its index go to `replaced`.
struct WordIndex {
  pattern::SourceLoc loc;
  size_t index;
};
pattern::MiniPtr wordsAsIndices(const pattern::MiniPtr& node, const std::vector<std::string>& words,
                                const pattern::MiniNode*& unknown,
                                std::vector<WordIndex>& replaced) {
  if (!node || unknown) return node;
  auto copy = std::make_shared<pattern::MiniNode>(*node);
  switch (node->kind) {
  case pattern::MiniNode::Kind::Atom: {
    auto it = std::find(words.begin(), words.end(), node->text);
    if (it == words.end()) {
      unknown = node.get();
      return node;
    }
    size_t index = static_cast<size_t>(it - words.begin());
    copy->text = std::to_string(index);
    copy->isNumber = true;
    replaced.push_back({node->loc, index});
    break;
  }
  case pattern::MiniNode::Kind::Sequence:
    for (pattern::MiniStep& step : copy->steps) {
      step.body = wordsAsIndices(step.body, words, unknown, replaced);
      if (step.rangeEnd) step.rangeEnd = wordsAsIndices(step.rangeEnd, words, unknown, replaced);
    }
    break;
  default:
    for (pattern::MiniPtr& layer : copy->layers)
      layer = wordsAsIndices(layer, words, unknown, replaced);
    break;
  }
  return copy;
}

} // namespace

/// A string at a port that takes only certain words (`vowel "a e"`): the pattern of their
/// indices, which the node reads as numbers (PortInfo::words).
Value Sema::wordIndexPattern(const ast::String& e, const nodes::PortInfo& port,
                             const std::string& node) {
  pattern::MiniPtr tree = parseMini(e.text, e.range.begin + 1, diags_);
  if (!tree) return {};
  std::vector<std::string> words;
  for (std::string_view list = port.words; !list.empty();) {
    size_t space = list.find(' ');
    if (space != 0) words.emplace_back(list.substr(0, space));
    list = space == std::string_view::npos ? std::string_view() : list.substr(space + 1);
  }
  const pattern::MiniNode* unknown = nullptr;
  std::vector<WordIndex> replaced;
  pattern::MiniPtr indices = wordsAsIndices(tree, words, unknown, replaced);
  if (unknown) {
    auto& d = diags_.error(SourceRange{unknown->loc.begin, unknown->loc.end},
                           "`" + std::string(port.name) + "` of `" + node + "` takes the words " +
                               port.words + ", not `" + unknown->text + "`");
    DiagnosticEngine::note(d, "signature: " + signatureOf(*nodes::findNode(node)));
    return {};
  }
  try {
    (void)pattern::buildMiniPattern(*indices, pattern::AtomContext::Numeric);
  } catch (const pattern::MiniError& error) {
    diags_.error(SourceRange{error.loc.begin, error.loc.end}, error.what());
    return {};
  } catch (const std::exception& error) {
    diags_.error(e.range, std::string("this pattern cannot be built: ") + error.what());
    return {};
  }
  auto expr = std::make_shared<pattern::PatternExpr>();
  expr->kind = pattern::PatternExpr::Kind::Mini;
  expr->mini = indices;
  // The text of the indices (`"0 <1 4>"`), which the textual IR reads back as numbers.
  std::sort(replaced.begin(), replaced.end(),
            [](const WordIndex& a, const WordIndex& b) { return a.loc.begin < b.loc.begin; });
  std::string text;
  size_t at = 0;
  const size_t base = e.range.begin + 1;
  for (const WordIndex& w : replaced) {
    text += e.text.substr(at, w.loc.begin - base - at) + std::to_string(w.index);
    at = w.loc.end - base;
  }
  expr->text = text + e.text.substr(at);
  expr->context = pattern::AtomContext::Numeric;
  return patternValue(expr, e.range);
}

/// One argument of a node call, read as its port says (LANGUAGE §7: `!` constants, words,
/// booleans, lists).
Value Sema::lowerArgument(const ast::Expr& e, const nodes::PortInfo& port,
                          const std::string& node) {
  const ast::Expr* inner = &ast::withoutParens(e);
  if (port.flags & (nodes::PortConstant | nodes::PortFile)) return constantArgument(e, port, node);
  Value v;
  if (inner->kind == ast::ExprKind::String && (port.flags & nodes::PortWords) && port.words)
    return wordIndexPattern(ast::as<ast::String>(*inner), port, node);
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
  if (!v.ok()) return v;
  if (port.flags & nodes::PortEvents) {
    // An event port reads a pattern's events (LANGUAGE §7.2); a number is a pure pattern (§3.4).
    if (v.kind == Value::Number) return patternValue(exprOf(v), e.range);
    if (v.kind != Value::Pattern || v.isSound()) {
      auto& d = diags_.error(e.range, "`" + std::string(port.name) + "` of `" + node +
                                          "` takes a pattern: it reads the pattern's events");
      DiagnosticEngine::note(d, v.isSound() ? "a sound pattern plays voices; it has no values here"
                                            : "a signal has no events");
      return {};
    }
  }
  if ((port.flags & nodes::PortWords) && port.words && v.words) {
    // Words reach such a port as their indices, which sema maps in a string it reads.
    auto& d = diags_.error(e.range, "`" + std::string(port.name) + "` of `" + node +
                                        "` takes its words in a string, such as `\"" +
                                        std::string(port.words) + "\"`");
    DiagnosticEngine::note(d, "or a number: word k of `" + std::string(port.words) +
                                  "` is the number k");
    return {};
  }
  if (port.flags & nodes::PortWords) v.words = false; // words are what this port takes
  return v;
}

/// An argument a node's init receives (Node.h ConstArg): a number (`!`), a list of numbers
/// (`[1, 0.5]` or `"1 0.5"`) or a sample name (`"name:i"`), always a Const in the IR.
Value Sema::constantArgument(const ast::Expr& e, const nodes::PortInfo& port,
                             const std::string& node) {
  const ast::Expr* inner = &ast::withoutParens(e);
  const std::string what = "`" + std::string(port.name) + "` of `" + node + "`";
  auto setsUp = [&](Diagnostic& d) {
    DiagnosticEngine::note(d, "it sets up the node once, so it cannot follow a pattern or "
                              "a signal");
  };
  if (port.flags & nodes::PortOutputFile) {
    // A file the node writes (`tap`): the path of a 32-bit float WAV file, relative to the
    // current directory like `phonon render -o`; each file has one writer.
    const std::string* path =
        inner->kind == ast::ExprKind::String ? &ast::as<ast::String>(*inner).text : nullptr;
    if (!path || path->empty() || std::any_of(path->begin(), path->end(), [](char c) {
          return std::iscntrl(static_cast<unsigned char>(c)) != 0;
        })) {
      auto& d = diags_.error(e.range, what + " must be the name of the file it writes, in "
                                             "quotes, as in `\"probe.wav\"`");
      setsUp(d);
      return {};
    }
    std::string extension = path->size() >= 4 ? path->substr(path->size() - 4) : "";
    for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (extension != ".wav") {
      diags_.error(e.range, what +
                                " writes a 32-bit float WAV file: its name ends in `.wav`, "
                                "not `\"" +
                                *path + "\"`");
      return {};
    }
    for (const ir::Instr& in : module_.instrs)
      if (in.op == ir::Opcode::Const && in.outputFile && in.file == *path) {
        auto& d = diags_.error(e.range, "`\"" + *path + "\"` is written by an earlier `" + node +
                                            "`: each file has one writer");
        if (in.hasLoc) DiagnosticEngine::note(d, in.loc, "written here");
        return {};
      }
    ir::Instr file;
    file.op = ir::Opcode::Const;
    file.rate = ir::Rate::Const;
    file.file = *path;
    file.outputFile = true;
    file.loc = e.range;
    file.hasLoc = true;
    return {Value::Number, module_.add(std::move(file))};
  }
  if (port.flags & nodes::PortFile) {
    // `""` where the port's default is no file says "the default" (`convolve x "" 0.3`: the
    // built-in response, and a mix given by position).
    if (inner->kind == ast::ExprKind::String && ast::as<ast::String>(*inner).text.empty() &&
        port.defaultWord && !*port.defaultWord)
      return {Value::Number, constant(0.0f, e.range)};
    // A sample name: one word of letters, digits and `_-.:/`, no pattern.
    bool name = inner->kind == ast::ExprKind::String;
    if (name) {
      const std::string& text = ast::as<ast::String>(*inner).text;
      name = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("_-.:/", c);
      });
    }
    if (!name) {
      auto& d = diags_.error(e.range, what + " must be a sample name in quotes, as in "
                                             "`\"name:0\"`");
      setsUp(d);
      return {};
    }
    // The host loads the sample at init through the sample library (LANGUAGE §8.1) and hands
    // its samples to the node (ir::fileNames); a name no folder has is a warning there.
    ir::Instr file;
    file.op = ir::Opcode::Const;
    file.rate = ir::Rate::Const;
    file.file = ast::as<ast::String>(*inner).text;
    file.loc = e.range;
    file.hasLoc = true;
    return {Value::Number, module_.add(std::move(file))};
  }
  if (port.flags & nodes::PortList) {
    std::vector<float> items;
    if (inner->kind == ast::ExprKind::List) {
      for (const ast::ExprPtr& item : ast::as<ast::List>(*inner).items) {
        Value v = lower(*item);
        if (!v.ok()) return {};
        if (v.kind != Value::Number) {
          auto& d = diags_.error(item->range, "a list at " + what + " holds constant numbers");
          setsUp(d);
          return {};
        }
        items.push_back(numberOf(v.id));
      }
    } else if (inner->kind == ast::ExprKind::String) {
      // "1 0.5 0.33": a string of numbers read as a list (LANGUAGE §7.1).
      const std::string& text = ast::as<ast::String>(*inner).text;
      for (size_t i = 0; i < text.size();) {
        size_t end = text.find_first_of(" \t", i);
        if (end == std::string::npos) end = text.size();
        if (end > i) {
          float v = 0;
          auto [ptr, ec] = std::from_chars(text.data() + i, text.data() + end, v);
          if (ec != std::errc() || ptr != text.data() + end) {
            auto& d = diags_.error(e.range, what + " is a list of numbers; `" +
                                                text.substr(i, end - i) + "` is not a number");
            DiagnosticEngine::help(d, "write the list as `[1, 0.5]` or `\"1 0.5\"`");
            return {};
          }
          items.push_back(v);
        }
        i = end + 1;
      }
    } else {
      Value v = lower(e);
      if (!v.ok()) return {};
      if (v.kind != Value::Number) {
        auto& d = diags_.error(e.range, what + " must be a constant list of numbers");
        DiagnosticEngine::help(d, "write the list as `[1, 0.5]` or `\"1 0.5\"`");
        setsUp(d);
        return {};
      }
      items.push_back(numberOf(v.id)); // a number is a list of one
    }
    if (items.empty()) {
      diags_.error(e.range, what + " is an empty list");
      return {};
    }
    ir::ValueId id = constant(static_cast<float>(items.size()), e.range);
    module_[id].items = std::move(items);
    return {Value::Number, id};
  }
  Value v = lower(e);
  if (!v.ok()) return {};
  if (v.kind != Value::Number) {
    auto& d = diags_.error(e.range, what + " must be a constant number");
    setsUp(d);
    return {};
  }
  // Folded here, so that the node's init finds a Const whatever the optimisation level.
  return {Value::Number, constant(numberOf(v.id), e.range)};
}

Value Sema::call(const std::string& name, SourceRange nameRange,
                 const std::vector<ast::Argument>& args, const Value* input, SourceRange range) {
  if (!name.empty() && name[0] == '~') {
    // ~add a b, ~sub, ~mul, ~div: always per sample (patterns are held as signals first).
    if (args.size() != 2 || input) {
      diags_.error(range, "`" + name + "` takes two arguments: `" + name + " a b`");
      return {};
    }
    // The grammar allows only these four; each is named as its operator's node.
    std::optional<ast::OpKind> kind = arithmeticOperatorOfNode(std::string_view(name).substr(1));
    if (!kind) {
      unknownFunction(name, nameRange);
      return {};
    }
    ast::Operator op;
    op.kind = *kind;
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
  if (isEffectForm(name)) return conditionalEffectCall(name, args, input, range);
  const NodeInfo* node = nodes::findNode(name);
  if (const pattern::OpInfo* op = pointwiseMath(name);
      op && (input ? args.empty() : args.size() == 1 && args[0].keyword.empty())) {
    // `sqrt "4 9"`, `"4 9" $ sqrt` (LANGUAGE §6.3, §7.8): pointwise on the values of a
    // pattern, its structure kept; the node on numbers, signals and control patterns.
    Value subject = input ? *input : lower(*args[0].value);
    if (!subject.ok()) return {};
    if (subject.kind == Value::Pattern && !subject.isControl()) {
      if (subject.words) {
        wordsAsNumbers(subject);
        return {};
      }
      auto fn = std::make_shared<pattern::PatternFn>();
      fn->kind = pattern::PatternFn::Kind::Transform;
      fn->name = op->name;
      return applyPatternFn(fn, subject, range);
    }
    return nodeValue(node, {subject}, range);
  }
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
        // The onset and active columns of its event port.
        for (auto i = static_cast<unsigned>(ports.size()); i < node->numPorts; ++i) {
          Value internal = internalPort(*node, i, ports);
          if (!internal.ok()) return {};
          ports.push_back(internal);
        }
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
                                  file_.text().substr(range.begin, range.end - range.begin) + "`");
    DiagnosticEngine::note(d, "signature: " + transformSignature(op));
    return {};
  }
  if (!node || node->has(nodes::NodeOperator)) {
    unknownFunction(name, nameRange);
    return {};
  }
  bool hasInput = node->has(nodes::NodeHasInput);
  if (input && !hasInput && std::string_view(node->name) == "adsr") {
    // `x # adsr a d s r` multiplies x by the cycle-synchronous envelope (LANGUAGE §7.4).
    if (!input->ok()) return {};
    Value envelope = call(name, nameRange, args, nullptr, range);
    if (!envelope.ok()) return {};
    return binary(operatorNode(ast::OpKind::Mul), *input, envelope, range);
  }
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
  // The input may come from `#` or be the first argument (`lush (saw 110) 2`): either way
  // positional arguments pass over the left-out port.
  std::optional<unsigned> leftOut;
  for (unsigned i = 0; i < numPorts; ++i)
    if ((node->ports[i].flags & nodes::PortLeadingOptional) && positional < numPorts) leftOut = i;
  bool sawKeyword = false;
  for (const ast::Argument& arg : args) {
    if (arg.keyword.empty() && leftOut && next == *leftOut) ++next;
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
        auto& d =
            diags_.error(arg.keywordRange, "`" + name + "` has no parameter `" + arg.keyword + "`");
        std::vector<std::string> names;
        for (unsigned i = 0; i < numPorts; ++i) names.push_back(node->ports[i].name);
        std::string suggestion = closestMatch(arg.keyword, names);
        if (!suggestion.empty()) DiagnosticEngine::help(d, "did you mean `:" + suggestion + "`?");
        DiagnosticEngine::note(d, "signature: " + signatureOf(*node));
        return {};
      }
      if (given[port]) {
        auto& d = diags_.error(arg.keywordRange,
                               "parameter `" + arg.keyword + "` of `" + name + "` is given twice");
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
    // An empty default word (`convolve`'s `ir=""`) is no word: the built-in response.
    ports[i] = p.defaultWord && *p.defaultWord
                   ? wordPattern(p.defaultWord, range)
                   : Value{Value::Number, module_.addConst(p.defaultValue)};
  }
  if (!ok) return {};
  // An output file's length (the port after it, a constant): its buffer is allocated at init.
  for (unsigned i = 0; i + 1 < numPorts; ++i) {
    if (!(node->ports[i].flags & nodes::PortOutputFile)) continue;
    float seconds = module_[ports[i + 1].id].value;
    if (!(seconds > 0.0f && seconds <= nodes::kOutputFileMaxSeconds)) {
      diags_.error(givenAt[i + 1], "`" + std::string(node->ports[i + 1].name) + "` of `" + name +
                                       "` must be more than 0 and at most " +
                                       formatNumber(nodes::kOutputFileMaxSeconds) +
                                       " seconds, not " + formatNumber(seconds));
      return {};
    }
  }
  if (std::string_view(node->name) == "segments") {
    // LANGUAGE §7.4: levels L0 … Lk and times T1 … Tk, one level more than times.
    size_t levels = module_[ports[0].id].items.size(), times = module_[ports[1].id].items.size();
    if (levels != times + 1) {
      auto& d = diags_.error(givenAt[1],
                             "`segments` takes one time per segment: " + std::to_string(levels) +
                                 " levels need " + std::to_string(levels ? levels - 1 : 0) +
                                 " times, not " + std::to_string(times));
      DiagnosticEngine::note(d, givenAt[0], "the levels, L0 … Lk");
      return {};
    }
  }
  // An event port's columns read its pattern: a pattern that cannot be read stops here, with
  // one error, not one per column and one more for the value.
  for (unsigned i = numPorts; i < node->numPorts; ++i) {
    Value internal = internalPort(*node, i, ports);
    if (!internal.ok()) return {};
    ports.push_back(internal);
  }
  if (isSynthVoices(*node)) return synthVoices(*node, ports, range);
  return nodeValue(node, std::move(ports), range);
}

} // namespace phonon::sema
