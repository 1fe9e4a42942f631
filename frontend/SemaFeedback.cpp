// Feedback (LANGUAGE §2.3): the bus reference graph and its strongly connected components
// (Tarjan), which references read the previous sample, the feedback cells read and written,
// stereo feedback, and the errors for loops that run only through patterns and numbers.
#include "Sema.h"

#include <algorithm>
#include <functional>

namespace phonon::sema {

/// The buses an expression reads, looking into the templates and functions it uses.
void Sema::collectBusReferences(const ast::Expr& e, std::set<std::string>& out,
                                std::set<std::string>& expanded) {
  auto visit = [&](const ast::Expr& child) { collectBusReferences(child, out, expanded); };
  auto expand = [&](const std::string& key, const auto& definitions, const std::string& name) {
    auto it = definitions.find(name);
    if (it != definitions.end() && expanded.insert(key).second) visit(*it->second->values[0]);
  };
  if (e.kind == ast::ExprKind::Bus) {
    out.insert(ast::as<ast::Bus>(e).name);
  } else if (e.kind == ast::ExprKind::Template) {
    const std::string& name = ast::as<ast::Template>(e).name;
    expand("@" + name, templates_, name);
  } else if (e.kind == ast::ExprKind::Name || e.kind == ast::ExprKind::Call) {
    const std::string& name =
        e.kind == ast::ExprKind::Name ? ast::as<ast::Name>(e).name : ast::as<ast::Call>(e).callee;
    expand("fn " + name, functions_, name);
  }
  ast::forEachChild(e, visit);
}

/// Finds the strongly connected components of the bus reference graph (Tarjan). Inside one,
/// a reference from bus A to a bus defined at or before A reads the previous sample; those
/// references break every cycle, so the rest resolves in dependency order.
void Sema::findFeedback() {
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
Value Sema::feedbackRead(const std::string& bus, SourceRange at) {
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
void Sema::stereoFeedback(uint32_t cell, SourceRange at) {
  for (ir::ValueId id = 0; id < module_.instrs.size(); ++id) {
    ir::Instr& in = module_.instrs[id];
    if (in.op == ir::Opcode::FeedbackRead && in.slot == cell) in.type = ir::Type::Stereo;
    if (in.op == ir::Opcode::Bus && module_[in.operands[0]].type == ir::Type::Stereo)
      in.type = ir::Type::Stereo;
    if (in.op != ir::Opcode::Node) continue;
    if (std::string_view(in.node->name) == "mono") continue; // (L + R)/2 is mono
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
ir::Rate Sema::rateWithoutFeedback(ir::ValueId id) {
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
void Sema::writeFeedback() {
  if (diags_.hasErrors()) return;
  for (const auto& [bus, cell] : feedbackCells_) {
    const BusDef& def = buses_.at(bus);
    Value v = def.value;
    if (v.kind == Value::Pattern && !v.isSound()) {
      auto& d =
          diags_.error(feedbackUses_.at(bus), "patterns cannot be defined in terms of themselves");
      DiagnosticEngine::note(d, def.stmt->headRange, "`~" + bus + "` is a pattern");
      continue;
    }
    v = materialize(v, pattern::SignalConversion::Plain);
    if (!v.ok()) continue;
    if (rateWithoutFeedback(v.id) != ir::Rate::Audio) {
      // Only the late reads make this value a signal: the loop runs through patterns and
      // numbers, each defined by itself (LANGUAGE §2.3).
      auto& d =
          diags_.error(feedbackUses_.at(bus), "patterns cannot be defined in terms of themselves");
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
    in.seed = fnv1a(bus); // the cell's identity across live versions (ir::slotIdentities)
    in.loc = def.stmt->headRange;
    in.hasLoc = true;
    module_.add(std::move(in));
  }
}

/// A transform applied to a bus read a sample late: a cycle through pattern buses (§2.3).
bool Sema::patternFeedback(const Value& subject) {
  ir::ValueId id = subject.id;
  while (module_[id].op == ir::Opcode::Bus) id = module_[id].operands[0];
  if (module_[id].op != ir::Opcode::FeedbackRead) return false;
  diags_.error(module_[id].loc, "patterns cannot be defined in terms of themselves");
  return true;
}

} // namespace phonon::sema
