// Controls (LANGUAGE §3.5, §8.3): the control functions (`s`, `n`, `gain`, `ar` …) and their
// keyword forms as control patterns, `#` between control patterns, `gain` and `pan` on signals,
// and the bus voices of a sound pattern (`s "~kick*4"`, §8.4).
#include "Sema.h"

#include "phonon/ir/Ops.h"

#include <algorithm>
#include <functional>

namespace phonon::sema {

namespace {

/// The names of the controls of LANGUAGE §8.3, the one list of them. A name is a control
/// function (`speed 2`), a keyword of `s` (`s "bd" :speed 2`), both, or a control that only a
/// function of several sets (`decay`). `adsr` is a node, and a function of controls only after
/// a control pattern.
struct ControlName {
  const char* name;
  const char* control; ///< what it sets; `ar` and `adsr` one control per positional argument
  bool words;          ///< its values are words (`s "bd"`), not numbers
  bool function;       ///< `name x` is a control pattern
  bool keyword;        ///< `s "…" :name x` sets it
};
constexpr ControlName kControlNames[] = {
    {"s", "s", true, true, false},
    {"sound", "s", true, true, false},
    {"n", "n", false, true, true},
    {"note", "note", false, true, true},
    {"speed", "speed", false, true, true},
    {"accelerate", "accelerate", false, true, true},
    {"unit", "unit", true, true, true},
    {"begin", "begin", false, true, true},
    {"end", "end", false, true, true},
    {"loop", "loop", false, true, true},
    {"legato", "legato", false, true, true},
    {"dur", "dur", false, true, true},
    {"cut", "cut", false, true, true},
    {"cut_group", "cut", false, false, true},
    {"attack", "attack", false, true, true},
    {"decay", "decay", false, false, false},
    {"sustain", "sustain", false, false, false},
    {"release", "release", false, true, true},
    {"ar", "attack release", false, true, false},
    {"adsr", "attack decay sustain release", false, false, false},
    {"gain", "gain", false, true, true},
    {"pan", "pan", false, true, true},
};

const ControlName* findControlName(std::string_view name) {
  for (const ControlName& c : kControlNames)
    if (name == c.name) return &c;
  return nullptr;
}

/// The keywords of `s` (`:gain`, `:cut_group` …), in the order of the table.
const std::vector<std::string>& soundKeywords() {
  static const std::vector<std::string> keywords = [] {
    std::vector<std::string> names;
    for (const ControlName& c : kControlNames)
      if (c.keyword) names.push_back(c.name);
    return names;
  }();
  return keywords;
}

/// Calls `visit` on every node of every mini-notation string in `e` (only those read as sounds
/// where `soundsOnly`), depth first.
void forEachMiniNode(const pattern::PatternExpr& e, bool soundsOnly,
                     const std::function<void(const pattern::MiniNode&)>& visit) {
  std::function<void(const pattern::MiniNode&)> walk = [&](const pattern::MiniNode& n) {
    visit(n);
    for (const pattern::MiniStep& step : n.steps) {
      if (step.body) walk(*step.body);
      if (step.rangeEnd) walk(*step.rangeEnd);
    }
    for (const pattern::MiniPtr& layer : n.layers)
      if (layer) walk(*layer);
  };
  if (e.kind == pattern::PatternExpr::Kind::Mini && e.mini &&
      (!soundsOnly || e.context == pattern::AtomContext::Sound))
    walk(*e.mini);
  for (const pattern::PatternExprPtr& child : {e.lhs, e.rhs})
    if (child) forEachMiniNode(*child, soundsOnly, visit);
  for (const pattern::PatternExprPtr& item : e.items)
    if (item) forEachMiniNode(*item, soundsOnly, visit);
}

} // namespace

/// The control functions of LANGUAGE §8.3: each makes a control pattern.
bool isControlName(const std::string& name) {
  const ControlName* c = findControlName(name);
  return c && c->function;
}

/// The control pattern `{control: v}` for each value v of `value`.
Value Sema::controlOf(const std::string& control, const ast::Expr& valueExpr) {
  const ControlName* info = findControlName(control);
  bool words = info && info->words;
  bool sound = info && std::string_view(info->control) == "s";
  std::string outerSoundControl = soundControl_;
  soundControl_ = sound ? control : "";
  pattern::PatternExprPtr value = patternArgument(valueExpr, words ? pattern::AtomContext::Sound
                                                                   : pattern::AtomContext::Numeric);
  soundControl_ = outerSoundControl;
  if (!value) return {};
  if (sound && !checkBusVoices(*value)) return {};
  auto e = std::make_shared<pattern::PatternExpr>();
  e->kind = pattern::PatternExpr::Kind::Control;
  e->control = info ? info->control : control;
  e->lhs = value;
  Value v = patternValue(e, valueExpr.range);
  v.controls.insert(e->control);
  return v;
}

/// `s "~kick*4"`: each `~name` atom of a sound pattern is a bus voice (LANGUAGE §8.4); the
/// bus must exist and hold a signal, and its graph becomes a voice template of the module.
/// Returns false after reporting an error.
bool Sema::checkBusVoices(const pattern::PatternExpr& e) {
  bool ok = true;
  forEachMiniNode(e, true, [&](const pattern::MiniNode& n) {
    if (n.kind != pattern::MiniNode::Kind::Atom || n.text.size() < 2 || n.text[0] != '~') return;
    SourceRange at{n.loc.begin, n.loc.end};
    std::string name = n.text.substr(1);
    Value bus = resolveBus(name, at, currentBus_);
    if (!bus.ok()) {
      ok = false;
    } else if (bus.kind == Value::Pattern) {
      diags_.error(at, "a pattern bus cannot be a voice");
      ok = false;
    } else if (!voiceBus_.empty() || voiceShared_) {
      // A template's graph, and the shared buses' graph, play no sound patterns of their own.
      diags_.error(at, voiceShared_ ? "a bus voice inside a bus that bus voices share is not "
                                      "available yet"
                                    : "a bus voice inside the bus voice `~" + voiceBus_ +
                                          "` is not available yet");
      ok = false;
    } else if (!buildVoiceTemplate(name, at)) {
      ok = false;
    }
  });
  return ok;
}

/// Lowers bus `bus` again as a patch of its own (Sema::runVoiceTemplate) and adds it to the
/// module's voice templates, once per bus. Diagnostics of that lowering repeat the patch's own,
/// so only a failure that the patch did not report is reported, at `at`.
bool Sema::buildVoiceTemplate(const std::string& bus, SourceRange at) {
  if (!voiceTemplates_.insert(bus).second) {
    for (const ir::VoiceTemplate& t : module_.voiceTemplates)
      if (t.bus == bus) return true;
    return false; // reported at its first use
  }
  DiagnosticEngine scratch(&file_);
  Sema sema(program_, file_, scratch);
  sema.voiceSharedBuses_ = voiceSharedBuses_;
  std::optional<ir::Module> graph = sema.runVoiceTemplate(bus);
  if (!graph) {
    std::string why = "it cannot be lowered alone";
    for (const Diagnostic& d : scratch.diagnostics())
      if (d.severity == Severity::Error) {
        why = d.message;
        break;
      }
    diags_.error(at, "the bus `~" + bus + "` cannot be played as a voice: " + why);
    return false;
  }
  if (!graph->voices.empty()) {
    auto& d = diags_.error(at, "the bus `~" + bus +
                                   "` plays sound patterns: a bus voice of it "
                                   "is not available yet");
    DiagnosticEngine::help(d, "play `~" + bus + "` as a signal, or its sounds directly");
    return false;
  }
  for (const ir::Instr& in : graph->instrs)
    if (in.op == ir::Opcode::Const && in.outputFile) {
      // Every voice would write the one file: refused, at the bus and at the node.
      auto& d = diags_.error(at, "the bus `~" + bus + "` writes the file `\"" + in.file +
                                     "\"` (`tap`): a bus voice of it cannot, each voice would "
                                     "write it");
      if (in.hasLoc) DiagnosticEngine::note(d, in.loc, "written here");
      return false;
    }
  if (!ir::fileNames(*graph).empty()) {
    diags_.error(at, "the bus `~" + bus +
                         "` names a sample file (`convolve`): a bus voice of it "
                         "is not available yet");
    return false;
  }
  module_.voiceTemplates.push_back({bus, std::move(*graph)});
  return true;
}

/// Whether the value `id` depends on state: a stateful or random node, a feedback read or a
/// sound pattern's voices.
bool Sema::keepsState(ir::ValueId id) const {
  std::vector<ir::ValueId> work{id};
  std::set<ir::ValueId> seen;
  while (!work.empty()) {
    ir::ValueId v = work.back();
    work.pop_back();
    if (!seen.insert(v).second) continue;
    const ir::Instr& in = module_[v];
    if (ir::opDef(in).stateful() || in.op == ir::Opcode::FeedbackRead ||
        in.op == ir::Opcode::Voices)
      return true;
    work.insert(work.end(), in.operands.begin(), in.operands.end());
  }
  return false;
}

/// In a voice template's graph, bus `bus` (lowered as `v`) keeps state: the voices share it
/// (LANGUAGE §8.4), so the graph reads it from the shared buses' graph (voice.input), which
/// computes it once per block. What was lowered for it here is left to dead-code elimination.
Value Sema::sharedBusInput(const std::string& bus, const Value& v, SourceRange at) {
  std::vector<std::string>& shared = *voiceSharedBuses_;
  auto it = std::find(shared.begin(), shared.end(), bus);
  size_t k = static_cast<size_t>(it - shared.begin());
  if (it == shared.end()) shared.push_back(bus);
  auto input = [&](uint32_t channel) {
    ir::Instr in;
    in.op = ir::Opcode::VoiceInput;
    in.rate = ir::Rate::Audio;
    in.slot = static_cast<uint32_t>(2 * k + channel);
    in.loc = at;
    in.hasLoc = true;
    return Value{Value::Signal, module_.add(std::move(in))};
  };
  if (module_[v.id].type == ir::Type::F32) return input(0);
  Value left = input(0);
  return nodeValue(nodes::findNodeExact("stereo"), {left, input(1)}, at);
}

/// After the outputs: the graph of the buses the templates read and share, if any.
void Sema::buildVoiceShared() {
  if (sharedBuses_.empty() || diags_.hasErrors()) return;
  if (sharedBuses_.size() > 100) {
    diags_.error(buses_.at(sharedBuses_[100]).stmt->headRange,
                 "more than 100 buses are shared by bus voices");
    return;
  }
  DiagnosticEngine scratch(&file_);
  std::optional<ir::Module> graph = Sema(program_, file_, scratch).runVoiceShared(sharedBuses_);
  std::string why;
  if (!graph) {
    why = "it cannot be lowered alone";
    for (const Diagnostic& d : scratch.diagnostics())
      if (d.severity == Severity::Error) {
        why = d.message;
        break;
      }
  } else if (!graph->voices.empty() || !ir::fileNames(*graph).empty()) {
    why = "it plays sound patterns, names a sample file or writes a file (`tap`)";
  }
  if (!why.empty()) {
    diags_.error(buses_.at(sharedBuses_[0]).stmt->headRange,
                 "the buses that bus voices share cannot be computed: " + why);
    return;
  }
  module_.voiceShared.push_back(std::move(*graph));
  module_.voiceSharedBuses = sharedBuses_;
}

namespace {

/// The waves a synth voice plays with its own oscillators (rt::VoicePlayer::readSynth), and
/// the LANGUAGE §7.2 waves that are nodes of §7.1: a voice of one of those plays the node, a
/// voice template `synth.NAME` whose graph is the node at the voice's frequency.
constexpr const char* kVoiceWaves[] = {"sine", "saw",      "square",  "pulse",
                                       "tri",  "triangle", "supersaw"};
constexpr const char* kNodeWaves[] = {"superpwm",   "superchip", "superfm", "superkick",
                                      "supersnare", "superhat",  "pluck"};

bool isNodeWave(const std::string& w) {
  return std::find_if(std::begin(kNodeWaves), std::end(kNodeWaves),
                      [&](const char* n) { return w == n; }) != std::end(kNodeWaves);
}

/// Reports each word of the wave pattern `e` that no synth voice plays; false if any. The
/// words that name node waves are added to `nodeWaves` with their places.
bool checkSynthWaves(const pattern::PatternExpr& e, DiagnosticEngine& diags,
                     std::vector<std::pair<std::string, SourceRange>>& nodeWaves) {
  bool ok = true;
  std::vector<std::string> known(std::begin(kVoiceWaves), std::end(kVoiceWaves));
  known.insert(known.end(), std::begin(kNodeWaves), std::end(kNodeWaves));
  forEachMiniNode(e, false, [&](const pattern::MiniNode& n) {
    for (const pattern::MiniStep& step : n.steps)
      for (const pattern::MiniModifier& m : step.modifiers)
        if (m.kind == pattern::MiniModifier::Kind::Tail) {
          diags.error(SourceRange{step.loc.begin, step.loc.end},
                      "a synth wave has no `:` variants");
          ok = false;
        }
    if (n.kind != pattern::MiniNode::Kind::Atom || n.text.empty() || n.text == "~") return;
    SourceRange at{n.loc.begin, n.loc.end};
    if (isNodeWave(n.text)) {
      nodeWaves.emplace_back(n.text, at);
      return;
    }
    if (std::find(known.begin(), known.end(), n.text) != known.end()) return;
    ok = false;
    auto& d = diags.error(at, "unknown synth wave `" + n.text + "`");
    std::string suggestion = closestMatch(n.text, known);
    DiagnosticEngine::help(d, suggestion.empty()
                                  ? "voices play sine, saw, square, pulse, tri, supersaw, "
                                    "superpwm, superchip, superfm, superkick, supersnare, "
                                    "superhat and pluck"
                                  : "did you mean `" + suggestion + "`?");
  });
  return ok;
}

} // namespace

/// The voice template `synth.WAVE` (LANGUAGE §7.2, §8.4): the §7.1 node WAVE, its pitch
/// parameter at the voice's frequency (the voice engine hands it as voice.pitch), its other
/// parameters at their defaults; once per wave. A node whose kernel is not written is refused
/// at code generation, at `at`.
void Sema::addWaveTemplate(const std::string& wave, SourceRange at) {
  const std::string bus = "synth." + wave;
  for (const ir::VoiceTemplate& t : module_.voiceTemplates)
    if (t.bus == bus) return;
  const NodeInfo* node = nodes::findNodeExact(wave);
  ir::Module graph;
  graph.sourceName = module_.sourceName;
  graph.cps = module_.cps;
  graph.patterns.start = module_.patterns.start;
  ir::Instr pitch;
  pitch.op = ir::Opcode::VoicePitch;
  pitch.rate = ir::Rate::Block;
  ir::ValueId frequency = graph.add(std::move(pitch));
  ir::Instr in;
  in.op = ir::Opcode::Node;
  in.node = node;
  in.rate = ir::Rate::Audio;
  for (unsigned p = 0; p < node->numPorts; ++p)
    in.operands.push_back((node->ports[p].flags & nodes::PortPitch)
                              ? frequency
                              : graph.addConst(node->ports[p].defaultValue));
  in.seed = fnv1a(bus);
  in.loc = at;
  in.hasLoc = true;
  ir::ValueId value = graph.add(std::move(in));
  ir::Instr out;
  out.op = ir::Opcode::Output;
  out.operands = {value};
  graph.add(std::move(out));
  module_.voiceTemplates.push_back({bus, std::move(graph)});
}

bool isSynthVoices(const NodeInfo& node) {
  std::string_view name = node.name;
  return name == "synth" || name == "sine_trig" || name == "saw_trig" || name == "square_trig" ||
         name == "tri_trig";
}

/// `synth notes wave a d s r` and `sine_trig notes a d s r` … (LANGUAGE §7.2, §8.4): a sound
/// pattern whose events start synth voices, the structure from `notes`, each event the map
/// {freq, wave, attack, decay, sustain, release} (rt::VoiceEngine reads it; `freq` is the
/// note as written, a pitch or Hz).
Value Sema::synthVoices(const NodeInfo& node, const std::vector<Value>& ports, SourceRange range) {
  std::string_view name = node.name;
  const bool synth = name == "synth";
  std::vector<std::pair<std::string, Value>> controls;
  controls.emplace_back("freq", ports[0]);
  controls.emplace_back(
      "wave", synth ? ports[1] : wordPattern(std::string(name.substr(0, name.find('_'))), range));
  std::vector<std::pair<std::string, SourceRange>> nodeWaves;
  if (synth && ports[1].kind == Value::Pattern && ports[1].expr &&
      !checkSynthWaves(*ports[1].expr, diags_, nodeWaves))
    return {};
  for (const auto& [wave, at] : nodeWaves) addWaveTemplate(wave, at);
  const char* const envelope[] = {"attack", "decay", "sustain", "release"};
  for (size_t i = 0; i < 4; ++i) controls.emplace_back(envelope[i], ports[(synth ? 2 : 1) + i]);
  pattern::PatternExprPtr sound;
  for (auto& [control, v] : controls) {
    if (v.kind == Value::Signal || v.isControl()) {
      auto& d = diags_.error(v.kind == Value::Pattern ? v.range : range,
                             "the " + control + " of `" + std::string(name) +
                                 "` is read once per event: give a number or a pattern");
      DiagnosticEngine::note(d, "each event starts a voice with its values (LANGUAGE §8.4)");
      return {};
    }
    auto c = std::make_shared<pattern::PatternExpr>();
    c->kind = pattern::PatternExpr::Kind::Control;
    c->control = control;
    c->lhs = exprOf(v);
    if (!sound) {
      sound = c;
      continue;
    }
    auto set = std::make_shared<pattern::PatternExpr>();
    set->kind = pattern::PatternExpr::Kind::Set;
    set->structure = pattern::Structure::Left;
    set->lhs = sound;
    set->rhs = c;
    sound = set;
  }
  Value result = patternValue(sound, range);
  for (auto& [control, v] : controls) result.controls.insert(control);
  return result;
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
  // `gain x g`, `pan x p`: the nodes (LANGUAGE §7.7).
  if (!input && (name == "gain" || name == "pan") && positional >= 2) return std::nullopt;
  if (!input && (name == "legato" || name == "dur") && positional == 2) return std::nullopt;
  // The controls each positional argument sets.
  std::vector<std::string> controls{name};
  if (std::string_view sets = findControlName(name)->control; sets.find(' ') != sets.npos) {
    controls.clear();
    for (size_t at = 0; at < sets.size();) {
      size_t end = std::min(sets.find(' ', at), sets.size());
      controls.emplace_back(sets.substr(at, end - at));
      at = end + 1;
    }
  }
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
      const std::vector<std::string>& keywords = soundKeywords();
      bool sound = std::string_view(findControlName(name)->control) == "s";
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
