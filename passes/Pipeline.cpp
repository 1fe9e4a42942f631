// The passes and the -O pipelines, in order (DESIGN §6). This is the one place that says what
// runs when; each pass lives in its own file.
#include "phonon/passes/Passes.h"

#include "phonon/ir/Channels.h"

namespace phonon::passes {

namespace {

const Pass kPasses[] = {
    {"split-channels", "a stereo value becomes a left and a right mono value", ir::splitChannels,
     true},
    {"inline-buses", "a bus is a name, not a node: uses read its value", inlineBuses, true},
    {"fold-constants", "evaluate pure nodes whose operands are all constants", foldConstants, true},
    {"simplify", "exact identities: x+0, x*1, x/2^k, (x*a)*2^k", simplify, true},
    {"cse", "compute identical pure instructions once", eliminateCommonSubexpressions, true},
    {"dce", "remove values, patterns and cells that reach no output", eliminateDeadCode, true},
    {"infer-rates", "the cheapest correct rate of every value", inferRates, true},
    {"fuse", "chains of per-sample instructions become kernels", fuse, true},
    {"batch-parallel", "kernels grouped into levels that can run at once", batchParallel, false},
    {"vectorize-across-nodes", "same-shaped kernels of a batch become one bank",
     vectorizeAcrossNodes, false},
    {"allocate-buffers", "buffers between kernels, reused once dead", allocateBuffers, false},
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
  // -O0: split-channels only (code generation completes a plain schedule: a kernel per instruction,
  // a buffer per value). -O1: all but simplify and cse. -O2 and -O3: every pass (-O3 differs in
  // LLVM's level only). Every optimising level makes banks: besides running faster, a bank of 2000
  // lanes compiles as one loop where 2000 kernels would each be optimised on their own (60 s
  // against 5 s for 3334 sines).
  static const char* const o1[] = {
      "split-channels", "inline-buses",           "fold-constants",  "dce", "infer-rates", "fuse",
      "batch-parallel", "vectorize-across-nodes", "allocate-buffers"};
  // split-channels is a lowering the engines need, not an optimisation: every level runs it.
  std::vector<const Pass*> pipeline;
  if (level <= 0) return {findPass("split-channels")};
  if (level == 1) {
    for (const char* name : o1) pipeline.push_back(findPass(name));
    return pipeline;
  }
  for (const Pass& p : kPasses) pipeline.push_back(&p);
  return pipeline;
}

} // namespace phonon::passes
