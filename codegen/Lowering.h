// Internal interface of the codegen library.
#pragma once

#include "phonon/codegen/Codegen.h"

#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Target/TargetMachine.h>

#include <memory>

namespace phonon::codegen {

/// The node kernels as a fresh LLVM module (parsed from the embedded bitcode).
std::unique_ptr<llvm::Module> loadNodeKernels(llvm::LLVMContext& context, std::string& error);

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

/// The machine-code optimisation level for -O0 … -O3.
llvm::CodeGenOptLevel codegenLevel(int level);

/// Initialises LLVM's native target once.
void initializeLlvm();

} // namespace phonon::codegen
