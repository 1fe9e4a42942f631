// Definitions (LANGUAGE §2): the statements collected by kind (tempo, buses, outputs, commands,
// functions, templates), duplicates reported; buses resolved on demand and in any order, each
// bus lowered once with a stable node identity; which buses the outputs use, and the warning for
// those never used.
#include "Sema.h"

#include <algorithm>

namespace phonon::sema {

void Sema::duplicate(const ast::Stmt& s, const ast::Stmt& first, const std::string& what) {
  auto& d = diags_.error(s.headRange, what + " is defined twice");
  DiagnosticEngine::note(d, first.headRange, "first defined here");
}

void Sema::collectDefinitions() {
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
    case ast::StmtKind::Buffer:
      checkBuffer(s); // only a live session uses it
      break;
    case ast::StmtKind::SetCycle:
    case ast::StmtKind::Nudge:
      moveStart(s);
      break;
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

Value Sema::resolveBus(const std::string& name, SourceRange range, const std::string* fromBus) {
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
  if (isFunctionOperand(body) && !nodeCallWithInput(body)) {
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
    // A bus that a voice template's graph reads and that keeps state is the voices' shared
    // one (LANGUAGE §8.4), computed once per block.
    if (!voiceBus_.empty() && name != voiceBus_ && keepsState(v.id)) {
      Value shared = sharedBusInput(name, v, bus.stmt->headRange);
      if (shared.ok()) in.operands = {shared.id}, in.type = module_[shared.id].type;
    }
    v.id = module_.add(std::move(in));
  }
  bus.value = v;
  bus.state = BusDef::Done;
  return v;
}

void Sema::markUsed(const std::string& bus) {
  if (!used_.insert(bus).second) return;
  for (const std::string& r : buses_.at(bus).references) markUsed(r);
}

void Sema::warnUnusedBuses() {
  if (diags_.hasErrors()) return;
  for (const std::string& name : busOrder_)
    if (!used_.count(name))
      diags_.warning(buses_.at(name).stmt->headRange, "bus `~" + name + "` is never used");
}

/// Whether `e`, in ordinary position (a bus body), calls a node with an `in` port with its input
/// as the first argument (LANGUAGE §3.3: `lpf (saw 110) 300`): a value there, though the same
/// call in function position is an effect section.
bool Sema::nodeCallWithInput(const ast::Expr& e) {
  const ast::Expr& inner = ast::withoutParens(e);
  if (inner.kind == ast::ExprKind::Chain) return nodeCallWithInput(*ast::as<ast::Chain>(inner).lhs);
  if (inner.kind != ast::ExprKind::Call) return false;
  const std::string& name = ast::as<ast::Call>(inner).callee;
  if (parameter(name) || userFunction(name) || transformNamed(name)) return false;
  const NodeInfo* node = nodes::findNode(name);
  const auto& args = ast::as<ast::Call>(inner).args;
  // A number literal first (`lpf 800 1`) is no input: that is an effect section.
  return node && node->has(nodes::NodeHasInput) && !args.empty() && args[0].keyword.empty() &&
         ast::withoutParens(*args[0].value).kind != ast::ExprKind::Number;
}

} // namespace phonon::sema
