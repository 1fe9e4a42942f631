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
  /// Rewrites instructions freely, so it runs before `fuse` (on a module without a schedule).
  bool beforeSchedule;
};

// One function per pass, each in its own file, in default-pipeline order.
void inlineBuses(ir::Module& m);
void foldConstants(ir::Module& m);
void simplify(ir::Module& m);
void eliminateCommonSubexpressions(ir::Module& m);
void eliminateDeadCode(ir::Module& m);
void inferRates(ir::Module& m);
void fuse(ir::Module& m);
void batchParallel(ir::Module& m);
void vectorizeAcrossNodes(ir::Module& m);
void allocateBuffers(ir::Module& m);

/// A constant that is NaN or ±Inf (LANGUAGE §9.2: no signal may carry one): a number literal
/// beyond the float range, or an operator on constants that overflows (`1e38 * 10`). Only the
/// first non-finite value of a chain is listed, not those computed from it. The compile driver
/// makes each an error at its place, before any pass, so every -O level refuses the same
/// programs. `operands` are the operator's constant inputs (empty for a literal).
struct NonFiniteConstant {
  ir::ValueId id;
  float value;
  std::vector<float> operands;
};
std::vector<NonFiniteConstant> findNonFiniteConstants(const ir::Module& m);

/// Every pass, in default-pipeline order.
std::span<const Pass> allPasses();
const Pass* findPass(std::string_view name);

/// The pipeline for -O0 … -O3 (Pipeline.cpp lists them).
std::vector<const Pass*> pipelineForLevel(int level);

struct PassManagerOptions {
  bool printAfterAll = false; ///< print the IR after every pass to `dump`
  bool timePasses = false;    ///< print each pass's time to `dump` at the end
  bool verifyEach = false;    ///< verify after every pass, not only after the last
};

/// Runs the passes in order and verifies the result (after each pass with verifyEach).
/// Returns false, with the verifier's complaints or the misuse in `errors`, if a pass
/// produced invalid IR or a rewriting pass was asked to run on a scheduled module.
bool runPasses(ir::Module& m, const std::vector<const Pass*>& pipeline,
               const PassManagerOptions& options, std::ostream& dump, std::ostream& errors);

} // namespace phonon::passes
