// IR → native code through LLVM (DESIGN §1, §4, §5): the whole patch becomes one function that
// processes one block, with the node kernels inlined from bitcode. Used by the JIT (ORC LLJIT)
// and by phononc for LLVM IR, assembly and object files. This header exposes no LLVM types.
#pragma once

#include "phonon/ir/Module.h"
#include "phonon/rt/Patch.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace phonon::codegen {

/// Where code generation spent its time (`--time-passes`): each phase's milliseconds, in the
/// order first recorded, summed over the threads that ran it; and the wall time of the whole.
struct CodegenTimes {
  std::vector<std::pair<std::string, double>> phases;
  double wallMs = 0;
  unsigned modules = 1; ///< LLVM modules the patch was compiled in
  unsigned threads = 1; ///< threads that compiled them

  void add(const std::string& phase, double ms) {
    for (auto& [name, total] : phases)
      if (name == phase) {
        total += ms;
        return;
      }
    phases.emplace_back(phase, ms);
  }
};

struct CodegenOptions {
  int optLevel = 2; ///< 0 … 3
  /// LLVM modules to compile the patch in, on the host's threads: 1 is one module; N > 1 keeps
  /// the patch-wide functions in one and spreads the kernels over N - 1 more; 0 chooses by the
  /// patch's size (one for a small patch). The samples are the same either way.
  unsigned modules = 0;
  CodegenTimes* times = nullptr; ///< filled when not null
};

/// Code for the machine running the compiler (the JIT), or for any x86-64 (object files).
enum class Target { Host, Portable };

/// Textual LLVM IR of the compiled patch.
bool emitLlvmIr(const ir::Module& m, const CodegenOptions& options, Target target, std::string& out,
                std::string& error);
/// Assembly of the compiled patch.
bool emitAssembly(const ir::Module& m, const CodegenOptions& options, Target target,
                  std::string& out, std::string& error);
/// An ELF relocatable object defining the `phonon_patch` descriptor (patch_abi.h).
bool emitObject(const ir::Module& m, const CodegenOptions& options, Target target, std::string& out,
                std::string& error);

/// Compiles the patch with ORC LLJIT for this machine.
std::unique_ptr<rt::Patch> compileJit(const ir::Module& m, const CodegenOptions& options,
                                      std::string& error);

/// Loads an object file written by emitObject (or `phononc -o x.o`) with ORC.
std::unique_ptr<rt::Patch> loadObjectFile(const std::string& path, std::string& error);

} // namespace phonon::codegen
