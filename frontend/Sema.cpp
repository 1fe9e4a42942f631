// Sema's driver: the passes in the order they run (definitions, tempo, feedback, buses,
// outputs, feedback writes, unused-bus warnings, the first cycles of every pattern), and the
// frontend entry points lowerToIr and compileFile. The passes themselves live in the Sema*.cpp
// files beside this one; Sema.h says which holds what.
#include "Sema.h"

namespace phonon::sema {

Sema::Sema(const ast::Program& p, const SourceFile& f, DiagnosticEngine& d)
    : program_(p), file_(f), diags_(d) {
  module_.sourceName = f.name();
}

std::optional<ir::Module> Sema::run() {
  collectDefinitions();
  evaluateTempo();
  findFeedback();
  for (const std::string& name : busOrder_)
    resolveBus(name, buses_.at(name).stmt->headRange, /*fromStatement=*/nullptr);
  lowerOutputs();
  writeFeedback();
  buildVoiceShared();
  warnUnusedBuses();
  if (!diags_.hasErrors()) playPatterns();
  if (diags_.hasErrors()) return std::nullopt;
  return std::move(module_);
}

std::optional<ir::Module> Sema::runVoiceTemplate(const std::string& bus) {
  voiceBus_ = bus;
  collectDefinitions();
  evaluateTempo();
  findFeedback();
  auto it = buses_.find(bus);
  if (it == buses_.end()) return std::nullopt;
  // The bus as the template's only output: its value is the voice's source.
  identity_ = "~" + bus;
  Value v = resolveBus(bus, it->second.stmt->headRange, /*fromBus=*/nullptr);
  if (v.ok() && v.kind == Value::Pattern) {
    diags_.error(it->second.stmt->headRange, "a pattern bus cannot be a voice");
    return std::nullopt;
  }
  addOutput(v, it->second.stmt->headRange);
  writeFeedback();
  if (diags_.hasErrors()) return std::nullopt;
  return std::move(module_);
}

std::optional<ir::Module> Sema::runVoiceShared(const std::vector<std::string>& buses) {
  voiceShared_ = true;
  collectDefinitions();
  evaluateTempo();
  findFeedback();
  std::vector<Value> values;
  for (const std::string& bus : buses) {
    auto it = buses_.find(bus);
    if (it == buses_.end()) return std::nullopt;
    values.push_back(resolveBus(bus, it->second.stmt->headRange, /*fromBus=*/nullptr));
  }
  // Its main mix is silence; what the voices read are its stems, one per bus.
  addOutput({Value::Number, module_.addConst(0.0f)}, {});
  for (size_t k = 0; k < values.size(); ++k) {
    Value v = materialize(values[k], pattern::SignalConversion::Plain);
    if (!v.ok()) return std::nullopt;
    addStem(v, static_cast<int>(k), buses_.at(buses[k]).stmt->headRange);
  }
  writeFeedback();
  if (diags_.hasErrors()) return std::nullopt;
  return std::move(module_);
}

} // namespace phonon::sema

namespace phonon {

std::optional<ir::Module> lowerToIr(const ast::Program& program, const SourceFile& file,
                                    DiagnosticEngine& diags) {
  return sema::Sema(program, file, diags).run();
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
