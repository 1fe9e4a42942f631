// Outputs (LANGUAGE §2.4): every output lowered, `hush`/`unhush`/`panic` in source order, the
// main mix by `outmix`, each output alone as its stem (silent when muted), and the auto output
// (`~master`, `~out`, or the top-level audio buses) when no output is written.
#include "Sema.h"

#include <algorithm>
#include <cmath>

namespace phonon::sema {

/// `out`, `outN`, `oN`, `dN`: the names of outputs.
bool isOutputName(const std::string& s) {
  if (s == "out") return true;
  size_t prefix = s.rfind("out", 0) == 0 ? 3 : (!s.empty() && (s[0] == 'o' || s[0] == 'd')) ? 1 : 0;
  return prefix && s.size() > prefix &&
         s.find_first_not_of("0123456789", prefix) == std::string::npos;
}

/// tanh x, clip x (default bounds): the mix shapers of outmix.
Value Sema::unaryNode(const char* name, Value x, SourceRange at) {
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
Value Sema::lowerAudio(const ast::Expr& e) {
  Value v = lower(e);
  if (v.kind == Value::Pattern && v.words && v.controls.empty()) {
    if (!checkBusVoices(*v.expr)) return {};
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

Value Sema::addOutput(Value v, SourceRange loc) {
  if (!v.ok()) return v;
  v = materialize(v, pattern::SignalConversion::Plain);
  if (!v.ok()) return v;
  ir::Instr out;
  out.op = ir::Opcode::Output;
  out.operands = {v.id};
  out.outputIndex = 0;
  out.loc = loc;
  out.hasLoc = true;
  module_.add(std::move(out));
  return v;
}

/// Output `index` alone, as its stem (LANGUAGE §2.4), from a materialized value; after the
/// main mix, in output order.
void Sema::addStem(Value v, int index, SourceRange loc) {
  if (!v.ok()) return;
  ir::Instr stem;
  stem.op = ir::Opcode::Stem;
  stem.operands = {v.id};
  stem.outputIndex = static_cast<uint32_t>(index);
  stem.loc = loc;
  stem.hasLoc = true;
  module_.add(std::move(stem));
}

/// The outputs muted by hush/panic/unhush, which apply in source order among themselves.
std::set<int> Sema::mutedOutputs() {
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

void Sema::lowerOutputs() {
  if (!outputs_.empty()) {
    // Every output is lowered (its errors reported) even if muted; the main mix combines the
    // unmuted ones according to outmix (LANGUAGE §2.4).
    std::set<int> muted = mutedOutputs();
    std::vector<Value> playing;
    std::vector<std::pair<int, Value>> stems; // each output alone; silence when muted
    for (const auto& [index, stmt] : outputs_) {
      identity_ = stmt->keyword == "out" ? "out" : "out" + std::to_string(index);
      position_ = 0;
      currentBus_ = nullptr;
      outReferences_.clear();
      Value v = lowerAudio(*stmt->values[0]);
      for (const std::string& b : outReferences_)
        if (buses_.count(b)) markUsed(b);
      if (!v.ok()) continue;
      // Once: a sound pattern realized twice would be two sets of voices.
      Value signal = materialize(v, pattern::SignalConversion::Plain);
      if (!muted.count(index)) playing.push_back(signal);
      stems.emplace_back(index, muted.count(index) ? Value{Value::Number, module_.addConst(0.0f)}
                                                   : signal);
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
    for (auto& [index, v] : stems) addStem(v, index, outputs_.at(index)->range);
    return;
  }
  if (std::any_of(broken_.begin(), broken_.end(), isOutputName) ||
      (program_.statements.empty() && diags_.hasErrors()))
    return;
  // Auto output (LANGUAGE §2.4): ~master, else ~out, else 0.25 × the top-level audio buses.
  for (const char* name : {"master", "out"}) {
    auto it = buses_.find(name);
    if (it == buses_.end()) continue;
    diags_.warning(it->second.stmt->headRange, std::string("no output defined; playing ~") + name);
    markUsed(name);
    // The auto output plays as `out`: its stem is the main mix.
    addStem(addOutput(it->second.value, it->second.stmt->range), 0, it->second.stmt->range);
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
  Value autoOutput = binary(operatorNode(ast::OpKind::Mul), sum, quarter, SourceRange::at(0, 0));
  addStem(addOutput(autoOutput, SourceRange::at(0, 0)), 0, SourceRange::at(0, 0));
}

} // namespace phonon::sema
