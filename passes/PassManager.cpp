#include "phonon/passes/Passes.h"

#include <chrono>
#include <cstdio>
#include <ostream>

namespace phonon::passes {

namespace {

bool verified(const ir::Module& m, const char* after, std::ostream& errors) {
  std::vector<std::string> problems = ir::verify(m);
  if (problems.empty()) return true;
  errors << "phonon: internal error: the IR after " << after << " is invalid:\n";
  for (const std::string& p : problems) errors << "  " << p << "\n";
  return false;
}

} // namespace

bool runPasses(ir::Module& m, const std::vector<const Pass*>& pipeline,
               const PassManagerOptions& options, std::ostream& dump, std::ostream& errors) {
  std::vector<std::pair<const Pass*, double>> times;
  for (const Pass* pass : pipeline) {
    if (pass->beforeSchedule && !m.schedule.empty()) {
      errors << "phonon: error: `" << pass->name
             << "` rewrites instructions, so it runs before `fuse`; this module is already "
                "scheduled\n";
      return false;
    }
    auto start = std::chrono::steady_clock::now();
    pass->run(m);
    // A bus voice's graph is a patch of its own (LANGUAGE §8.4), and so is the graph of the
    // buses its voices share: they take every pass the patch takes.
    for (ir::VoiceTemplate& t : m.voiceTemplates) pass->run(t.graph);
    for (ir::Module& shared : m.voiceShared) pass->run(shared);
    auto end = std::chrono::steady_clock::now();
    times.emplace_back(pass, std::chrono::duration<double, std::milli>(end - start).count());
    if (options.verifyEach && !verified(m, pass->name, errors)) return false;
    if (options.printAfterAll)
      dump << "; *** IR Dump After " << pass->name << " ***\n" << ir::print(m);
  }
  if (!options.verifyEach && !pipeline.empty() && !verified(m, pipeline.back()->name, errors))
    return false;
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
