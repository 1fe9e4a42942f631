// IR → IR passes and the pass manager (DESIGN §6).
#pragma once

#include "phonon/ir/Module.h"

#include <iosfwd>
#include <span>
#include <string_view>
#include <vector>

namespace phonon::passes {

struct Pass {
  const char* name;
  const char* description;
  void (*run)(ir::Module&);
};

// One function per pass, each in its own file.
void foldConstants(ir::Module& m);
void eliminateDeadCode(ir::Module& m);

/// Every pass, in default-pipeline order.
std::span<const Pass> allPasses();
const Pass* findPass(std::string_view name);

/// The pipeline for -O0 … -O3.
std::vector<const Pass*> pipelineForLevel(int level);

struct PassManagerOptions {
  bool printAfterAll = false; ///< print the IR after every pass to `dump`
  bool timePasses = false;    ///< print each pass's time to `dump` at the end
};

/// Runs the passes in order, verifying the IR after each one. Returns false (and writes the
/// verifier's complaints to `errors`) if a pass produced invalid IR.
bool runPasses(ir::Module& m, const std::vector<const Pass*>& pipeline,
               const PassManagerOptions& options, std::ostream& dump, std::ostream& errors);

} // namespace phonon::passes
