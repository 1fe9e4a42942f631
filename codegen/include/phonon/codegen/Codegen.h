// IR → native code through LLVM (DESIGN §1, §4, §5): the whole patch becomes one function that
// processes one block, with the node kernels inlined from bitcode. Used by the JIT (ORC LLJIT)
// and by phononc for LLVM IR, assembly and object files. This header exposes no LLVM types.
#pragma once

#include "phonon/ir/Module.h"
#include "phonon/rt/Patch.h"

#include <cstdint>
#include <memory>
#include <string>

namespace phonon::codegen {

/// Where a compileJit went and how long each step took: milliseconds of the compiling thread's
/// CPU time (compile-latency-bench).
struct CompileTimes {
  enum class Source { Compiled, MemoryCache, DiskCache };
  Source source = Source::Compiled;
  double key = 0;         ///< the JIT cache's own work: the key (printing and hashing the IR),
                          ///< storing a compiled object
  double kernels = 0;     ///< reading the node kernels the patch uses from the bitcode
  double lower = 0;       ///< completing the schedule, lowering to LLVM IR, verifying it
  double optimize = 0;    ///< LLVM's IR pipeline
  double machineCode = 0; ///< LLVM's code generator, to an object in memory
  double link = 0;        ///< the JIT linking the object and finding its descriptor
  double total = 0;
};

struct CodegenOptions {
  int optLevel = 2;              ///< 0 … 3
  bool cache = true;             ///< compileJit: use the JIT cache (when it is enabled)
  CompileTimes* times = nullptr; ///< compileJit: filled in when not null
};

/// The JIT cache (codegen/JitCache.h): compiled objects keyed by a hash of the patch's IR, the
/// target, the level and the compiler itself, kept in memory (with the linked code while a
/// patch runs it) and in a folder of files.
struct JitCacheSettings {
  bool enabled = true;
  std::string directory;                 ///< empty: no files, memory only
  uint64_t maxDiskBytes = 256ull << 20;  ///< the oldest files go beyond this
  uint64_t maxMemoryBytes = 64ull << 20; ///< objects kept in memory, least recently used go
};

/// The settings the environment asks for: disabled by PHONON_NO_CACHE=1, the folder
/// $XDG_CACHE_HOME/phonon or else ~/.cache/phonon.
JitCacheSettings jitCacheSettingsFromEnvironment();

/// Replaces the JIT cache's settings (the first compile reads the environment's) and forgets
/// what it holds in memory; the folder is left as it is.
void configureJitCache(const JitCacheSettings& settings);

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
