// Internal interface of the codegen library.
#pragma once

#include "phonon/codegen/Codegen.h"

#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Target/TargetMachine.h>

#include <ctime>
#include <memory>
#include <set>
#include <string>

namespace phonon::codegen {

/// The node kernels as a fresh LLVM module (from the embedded bitcode): the functions named in
/// `symbols` and those they call with their bodies, the others not read at all.
std::unique_ptr<llvm::Module> loadNodeKernels(llvm::LLVMContext& context,
                                              const std::set<std::string>& symbols,
                                              std::string& error);

/// Adds phonon_init, phonon_process and the phonon_patch descriptor for `m` to `module`, which
/// already holds the node kernels; and for each of m's voice templates its graph's functions and
/// descriptor, named phonon_voiceT_… (internal), which phonon_patch's voice_templates lists;
/// and m's voiceShared graph as phonon_voiceshared_… (internal), its voice_shared.
void lowerPatch(const ir::Module& m, llvm::Module& module);

/// A target machine for the host (JIT) or for portable x86-64 code (objects).
std::unique_ptr<llvm::TargetMachine> createTargetMachine(Target target, int optLevel,
                                                         std::string& error);

/// The whole pipeline: kernels → lowering → verification → optimisation (Compile.cpp).
std::unique_ptr<llvm::Module> compileToLlvm(const ir::Module& m, const CodegenOptions& options,
                                            llvm::TargetMachine& machine,
                                            llvm::LLVMContext& context, std::string& error);

/// Runs `machine`'s code generator over `module`, writing a file of `type` to `out`.
bool emitMachineCode(llvm::Module& module, llvm::TargetMachine& machine, llvm::CodeGenFileType type,
                     llvm::SmallVectorImpl<char>& out, std::string& error);

/// The machine-code optimisation level for -O0 … -O3.
llvm::CodeGenOptLevel codegenLevel(int level);

/// Initialises LLVM's native target once.
void initializeLlvm();

/// Milliseconds of this thread's CPU time between laps (CompileTimes): on a loaded machine wall
/// time measures the other processes too.
class MillisecondTimer {
public:
  double lap() {
    double now = threadMilliseconds();
    double ms = now - last_;
    last_ = now;
    return ms;
  }

private:
  static double threadMilliseconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
  }
  double last_ = threadMilliseconds();
};

} // namespace phonon::codegen
