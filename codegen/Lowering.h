// Internal interface of the codegen library.
#pragma once

#include "phonon/codegen/Codegen.h"

#include <llvm/ADT/SmallVector.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Target/TargetMachine.h>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace phonon::codegen {

/// The node kernels as a fresh LLVM module (from the embedded bitcode): the functions named in
/// `symbols` and those they use with their bodies, the others not at all. It is made in this
/// thread's context, which `context` receives (the modules a thread makes share one), and
/// the bitcode is read once per context, each body once, not once per module.
std::unique_ptr<llvm::Module> loadNodeKernels(const std::set<std::string>& symbols,
                                              std::shared_ptr<llvm::LLVMContext>& context,
                                              std::string& error);

/// Adds phonon_init, phonon_process and the phonon_patch descriptor for `m` to `module`, which
/// already holds the node kernels; and for each of m's voice templates its graph's functions and
/// descriptor, named phonon_voiceT_… (internal), which phonon_patch's voice_templates lists;
/// and m's voiceShared graph as phonon_voiceshared_… (internal), its voice_shared.
/// The main patch's kernels k with kernelsElsewhere[k] set are only declared in `module`:
/// lowerKernels defines them in another one (a split compilation, Compile.cpp). With
/// `stageLoops`, a kernel's run of alike nodes in a chain is a loop over its stages (a big
/// patch: one node's code to compile per run, not one per node). Without `stems`, the main
/// patch's outputs are not computed apart (CodegenOptions::stems).
void lowerPatch(const ir::Module& m, llvm::Module& module,
                const std::vector<bool>& kernelsElsewhere = {}, bool stageLoops = false,
                bool stems = true);

/// Defines the main patch's kernels `kernels` in `module` (which holds the node kernels), with
/// external hidden linkage, for the module lowerPatch made with them elsewhere.
void lowerKernels(const ir::Module& m, const std::vector<uint32_t>& kernels, llvm::Module& module,
                  bool stageLoops = false, bool stems = true);

/// Kernel `k`'s share of the compiler's work, in the op table's cost units (a multiply = 1):
/// the code lowerPatch emits for it. A kernel's members' code once; a bank's a loop over its
/// lanes, one lane's code; a SIMD bank's lane code is vector code for ir::kLaneGroup lanes,
/// counted as that many lanes' cost, once per lane loop of a block and its tail (or twice, when
/// its groups are loops). Measured (thread CPU to optimise and compile a module of one kernel,
/// less the 10 ms or so any module costs), the banks of bench mixed 1 000 and sum 1 000, W2,
/// W4, W5 and W3's chain took 0.025 to 0.09 ms a unit, most about 0.05.
float loweredWeight(const ir::Module& m, uint32_t k);

/// A target machine for the host (JIT) or for portable x86-64 code (objects).
std::unique_ptr<llvm::TargetMachine> createTargetMachine(Target target, int optLevel,
                                                         std::string& error);

/// createTargetMachine's machine for `target` at `level`, one per thread, target and level, as
/// ORC's own compiler keeps one: a fresh one (and its subtarget, made on first use) cost about
/// 2 ms a compile. One machine is never used by two threads at once.
llvm::TargetMachine* threadTargetMachine(Target target, int level, std::string& error);

/// The CPU and features `machine` compiles for, as text (PHONON_HOST_CPU_SYMBOL's value).
std::string hostCpuText(const llvm::TargetMachine& machine);

class JitCache;
struct JitCacheKey;

/// The whole pipeline for this machine: kernels → lowering → verification → optimisation →
/// machine code, as one object per module of the compilation (Compile.cpp), module 0's
/// defining the descriptor. Phases are timed into options.times. With `cache`, the kernels are
/// spread over more modules, and a module whose key (jitModuleKey) `cache` holds is taken from
/// it rather than compiled (its key goes to `reused`); the others are stored in it.
std::optional<std::vector<llvm::SmallVector<char, 0>>>
compileToObjects(const ir::Module& m, const CodegenOptions& options, std::string& error,
                 JitCache* cache = nullptr, std::vector<JitCacheKey>* reused = nullptr);

/// The machine-code optimisation level for -O0 … -O3.
llvm::CodeGenOptLevel codegenLevel(int level);

/// Initialises LLVM's native target once.
void initializeLlvm();

} // namespace phonon::codegen
