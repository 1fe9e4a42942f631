#include "ToolSupport.h"

#include "phonon/frontend/Frontend.h"
#include "phonon/frontend/Mini.h"
#include "phonon/ir/Parser.h"
#include "phonon/rt/Files.h"

#include <pthread.h>

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <set>
#include <sstream>
#include <tuple>

namespace phonon::tools {

namespace {

/// `body`'s result, or 1 with an internal error on stderr when an exception escapes it.
int runCatchingEverything(const char* tool, const std::function<int()>& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    std::cerr << tool << ": error: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << tool << ": error: internal error: an unknown exception\n";
  }
  return 1;
}

} // namespace

int runWithLargeStack(const char* tool, const std::function<int()>& body) {
  struct Job {
    const char* tool;
    const std::function<int()>* body;
    int result;
  } job{tool, &body, 1};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, size_t(1) << 30);
  pthread_t thread;
  auto entry = [](void* p) -> void* {
    auto* j = static_cast<Job*>(p);
    j->result = runCatchingEverything(j->tool, *j->body);
    return nullptr;
  };
  if (pthread_create(&thread, &attr, entry, &job) != 0) {
    pthread_attr_destroy(&attr);
    return runCatchingEverything(tool, body); // fall back to the main thread's stack
  }
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
  return job.result;
}

std::optional<int> parseOptLevel(const std::string& arg) {
  if (arg.size() == 3 && arg[0] == '-' && arg[1] == 'O' && arg[2] >= '0' && arg[2] <= '3')
    return arg[2] - '0';
  return std::nullopt;
}

bool parsePassOption(const std::string& arg, std::optional<std::vector<std::string>>& names,
                     passes::PassManagerOptions& options) {
  if (arg.rfind("--passes=", 0) == 0) {
    names.emplace();
    std::stringstream list(arg.substr(9));
    for (std::string name; std::getline(list, name, ',');)
      if (!name.empty()) names->push_back(name);
  } else if (arg == "--print-after-all") {
    options.printAfterAll = true;
  } else if (arg == "--time-passes") {
    options.timePasses = true;
  } else if (arg == "--verify-each") {
    options.verifyEach = true;
  } else {
    return false;
  }
  return true;
}

std::string oneInputError(const std::vector<std::string>& inputs, const char* usage) {
  if (inputs.empty()) return "no input file\n" + std::string(usage);
  if (inputs.size() > 1) return "expected one input file, got " + std::to_string(inputs.size());
  return "";
}

cli::OptionStatus parseEngineOption(int argc, char** argv, int& i, std::string& engine,
                                    int& optLevel, std::string& error) {
  const std::string arg = argv[i];
  if (auto level = parseOptLevel(arg)) {
    optLevel = *level;
    return cli::OptionStatus::Taken;
  }
  if (arg == "--no-cache") {
    // The JIT module reads it when it first compiles (codegen::jitCacheSettingsFromEnvironment).
    setenv("PHONON_NO_CACHE", "1", 1);
    return cli::OptionStatus::Taken;
  }
  if (arg.substr(0, arg.find('=')) != "--engine") return cli::OptionStatus::NotMine;
  if (!cli::optionValue(argc, argv, i, engine)) error = "--engine needs a value";
  if (error.empty() && engine != "jit" && engine != "baseline" && engine != "interp")
    error = "--engine must be jit, baseline or interp, not '" + engine + "'";
  return error.empty() ? cli::OptionStatus::Taken : cli::OptionStatus::Failed;
}

std::optional<std::vector<const passes::Pass*>>
resolvePipeline(const std::optional<std::vector<std::string>>& names, int optLevel) {
  if (!names) return passes::pipelineForLevel(optLevel);
  std::vector<const passes::Pass*> pipeline;
  for (const std::string& name : *names) {
    const passes::Pass* pass = passes::findPass(name);
    if (!pass) {
      std::cerr << "phonon: error: unknown pass '" << name << "'; the passes are:";
      for (const passes::Pass& p : passes::allPasses()) std::cerr << " " << p.name;
      std::cerr << "\n";
      return std::nullopt;
    }
    pipeline.push_back(pass);
  }
  return pipeline;
}

void printTimeLine(const std::string& name, double ms, std::ostream& out) {
  char text[160];
  std::snprintf(text, sizeof text, ";   %-24s %10.3f\n", name.c_str(), ms);
  out << text;
}

void printCodegenPhases(const codegen::CodegenTimes* times, std::ostream& out) {
  auto line = [&](const std::string& name, double ms) { printTimeLine(name, ms, out); };
  if (times && times->source != codegen::CodegenTimes::Source::Compiled) {
    out << "; codegen timings (ms; the code from the JIT cache "
        << (times->source == codegen::CodegenTimes::Source::DiskCache ? "on disk" : "in memory")
        << ")\n";
    for (const auto& [phase, ms] : times->phases) line(phase, ms);
    line("codegen (wall)", times->wallMs);
  } else if (times) {
    out << "; codegen timings (ms; " << times->modules << " LLVM module"
        << (times->modules == 1 ? "" : "s") << " on " << times->threads << " thread"
        << (times->threads == 1 ? "" : "s");
    if (times->modulesCached) out << ", " << times->modulesCached << " of them from the JIT cache";
    out << ", phases summed over them)\n";
    for (const auto& [phase, ms] : times->phases) line(phase, ms);
    line("codegen (wall)", times->wallMs);
  }
}

void printCodegenTimes(const codegen::CodegenTimes* times,
                       std::chrono::steady_clock::time_point start, std::ostream& out) {
  printCodegenPhases(times, out);
  const std::chrono::duration<double, std::milli> total = std::chrono::steady_clock::now() - start;
  printTimeLine("total (source to runnable)", total.count(), out);
}

static bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool writeText(const std::string& path, const std::string& text, std::string& error) {
  if (!path.empty()) return rt::writeFileAtomically(path, text, error);
  std::cout << text;
  std::cout.flush();
  if (!std::cout) error = "cannot write to standard output";
  return static_cast<bool>(std::cout);
}

std::optional<ir::Module> readIrFile(const std::string& path) {
  DiagnosticEngine diags;
  std::optional<SourceFile> file = readSource(path, diags);
  std::optional<ir::Module> module;
  if (file) {
    diags.setFile(&*file);
    if (checkSourceText(*file, diags)) module = ir::parse(*file, parseMini, diags);
  }
  if (module) {
    // Each problem of an instruction at its line; those of the module or its schedule name
    // the file.
    for (const ir::Problem& p : ir::verifyProblems(*module)) {
      const ir::Instr* in = p.id < module->instrs.size() ? &(*module)[p.id] : nullptr;
      if (in && in->hasLoc)
        diags.error(in->loc, "invalid IR: " + p.message);
      else
        diags.error("invalid IR: " + p.message);
    }
    // The locations are in this file, which the module outlives.
    for (ir::Instr& in : module->instrs) in.hasLoc = false;
  }
  diags.flush(std::cerr);
  if (!module || diags.hasErrors()) return std::nullopt;
  return module;
}

std::optional<ir::Module> compilePatch(const CompileRequest& request) {
  std::ostream& err = request.diagnostics ? *request.diagnostics : std::cerr;
  DiagnosticEngine diags;
  std::optional<SourceFile> file;
  std::optional<ir::Module> module;
  if (endsWith(request.path, ".pir")) {
    module = readIrFile(request.path);
    if (!module) return std::nullopt;
  } else {
    module = compileFile(request.path, diags, file);
    diags.flush(err);
    if (!module) return std::nullopt;
    if (auto problems = ir::verify(*module); !problems.empty()) {
      err << "phonon: internal error: sema produced invalid IR:\n";
      for (const std::string& p : problems) err << "  " << p << "\n";
      return std::nullopt;
    }
    // Before any pass, so that every -O level refuses the same programs.
    bool finite = checkConstantsAreFinite(*module, diags);
    diags.flush(err);
    if (!finite) return std::nullopt;
  }
  std::optional<std::vector<const passes::Pass*>> pipeline =
      resolvePipeline(request.passes, request.optLevel);
  if (!pipeline) return std::nullopt;
  // Scheduled IR (phonon-opt's output) has had its IR passes: -O then only sets LLVM's level.
  if (!module->schedule.empty() && !request.passes) pipeline->clear();
  if (!passes::runPasses(*module, *pipeline, request.passOptions, err, err)) return std::nullopt;
  if (request.forExecution) {
    // Sema knows every node's signature; the ones still in use whose kernels are not written
    // stop code generation here, each at its place in the source.
    // Once per place: a bus's node is in the patch and in each voice template that plays it.
    std::set<std::tuple<size_t, size_t, std::string>> reported;
    for (const ir::Unavailable& u : ir::unavailable(*module)) {
      const ir::Instr& in = *u.instr;
      if (in.hasLoc && !reported.emplace(in.loc.begin, in.loc.end, u.reason).second) continue;
      Diagnostic& d = in.hasLoc ? diags.error(in.loc, u.reason) : diags.error(u.reason);
      if (in.op == ir::Opcode::Node)
        DiagnosticEngine::note(d, "`phonon nodes` lists the nodes that run");
    }
    diags.flush(err);
    if (diags.hasErrors()) return std::nullopt;
  }
  if (request.keepSource && file) *request.keepSource = std::move(file);
  return module;
}

std::string quotedNodeName(const nodes::NodeInfo& node) {
  static const std::pair<std::string_view, const char*> operators[] = {
      {"add", "+"}, {"sub", "-"}, {"mul", "*"}, {"div", "/"}, {"mod", "%"}};
  if (node.has(nodes::NodeOperator))
    for (const auto& [name, symbol] : operators)
      if (name == node.name) return std::string("`") + symbol + "`";
  return std::string("`") + node.name + "`";
}

bool checkConstantsAreFinite(const ir::Module& module, DiagnosticEngine& diags) {
  std::vector<passes::NonFiniteConstant> found = passes::findNonFiniteConstants(module);
  for (const passes::NonFiniteConstant& c : found) {
    const ir::Instr& in = module[c.id];
    std::string value = std::isnan(c.value) ? "NaN" : c.value > 0 ? "+inf" : "-inf";
    std::string message;
    if (in.op == ir::Opcode::Const) {
      message = "this number is beyond the range of a 32-bit float (about ±3.4e38)";
    } else {
      std::ostringstream operands;
      for (size_t i = 0; i < c.operands.size(); ++i)
        operands << (i == 0 ? "" : i + 1 == c.operands.size() ? " and " : ", ") << c.operands[i];
      message = quotedNodeName(*in.node) + " of the constants " + operands.str() + " is " + value +
                "; a signal must be a finite number";
    }
    if (in.hasLoc)
      diags.error(in.loc, message);
    else
      diags.error(message);
  }
  return found.empty();
}

} // namespace phonon::tools
