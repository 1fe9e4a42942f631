#include "phonon/passes/Passes.h"

#include <chrono>
#include <cstdio>
#include <ostream>

namespace phonon::passes {

namespace {

// Default-pipeline order (DESIGN §6).
const Pass kPasses[] = {
    {"fold-constants", "evaluate operators whose operands are all constants", foldConstants},
    {"dce", "remove values that reach no output", eliminateDeadCode},
};

} // namespace

std::span<const Pass> allPasses() {
  return kPasses;
}

const Pass* findPass(std::string_view name) {
  for (const Pass& p : kPasses)
    if (name == p.name) return &p;
  return nullptr;
}

std::vector<const Pass*> pipelineForLevel(int level) {
  std::vector<const Pass*> pipeline;
  if (level <= 0) return pipeline;
  for (const Pass& p : kPasses) pipeline.push_back(&p);
  return pipeline;
}

bool runPasses(ir::Module& m, const std::vector<const Pass*>& pipeline,
               const PassManagerOptions& options, std::ostream& dump, std::ostream& errors) {
  std::vector<std::pair<const Pass*, double>> times;
  for (const Pass* pass : pipeline) {
    auto start = std::chrono::steady_clock::now();
    pass->run(m);
    auto end = std::chrono::steady_clock::now();
    times.emplace_back(pass, std::chrono::duration<double, std::milli>(end - start).count());
    std::vector<std::string> problems = ir::verify(m);
    if (!problems.empty()) {
      errors << "phonon: internal error: the IR after " << pass->name << " is invalid:\n";
      for (const std::string& p : problems) errors << "  " << p << "\n";
      return false;
    }
    if (options.printAfterAll)
      dump << "; *** IR Dump After " << pass->name << " ***\n" << ir::print(m);
  }
  if (options.timePasses) {
    double total = 0;
    for (auto& [pass, ms] : times) total += ms;
    dump << "; pass timings (ms)\n";
    for (auto& [pass, ms] : times) {
      char line[128];
      std::snprintf(line, sizeof line, ";   %-24s %10.3f\n", pass->name, ms);
      dump << line;
    }
    char line[128];
    std::snprintf(line, sizeof line, ";   %-24s %10.3f\n", "total", total);
    dump << line;
  }
  return true;
}

} // namespace phonon::passes
