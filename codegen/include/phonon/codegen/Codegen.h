// IR → native code through LLVM (DESIGN §1, §4, §5): the whole patch becomes one function that
// processes one block, with the node kernels inlined from bitcode. Used by the JIT (ORC LLJIT)
// and by phononc for LLVM IR, assembly and object files. This header exposes no LLVM types.
#pragma once

#include "phonon/ir/Module.h"
#include "phonon/rt/Patch.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace phonon::codegen {

/// Where code generation spent its time (`--time-passes`, compile-latency-bench): each phase's
/// milliseconds, in the order first recorded, summed over the threads that ran it; the wall time
/// of the whole; and where the JIT's code came from.
struct CodegenTimes {
  enum class Source { Compiled, MemoryCache, DiskCache };
  std::vector<std::pair<std::string, double>> phases;
  double wallMs = 0;
  unsigned modules = 1;       ///< LLVM modules the patch was compiled in
  unsigned threads = 1;       ///< threads that compiled them
  unsigned modulesCached = 0; ///< of the modules, those the JIT cache had (not compiled)
  Source source = Source::Compiled;

  void add(const std::string& phase, double ms) {
    for (auto& [name, total] : phases)
      if (name == phase) {
        total += ms;
        return;
      }
    phases.emplace_back(phase, ms);
  }
  /// A phase's milliseconds, 0 when it did not run.
  double of(const std::string& phase) const {
    for (const auto& [name, total] : phases)
      if (name == phase) return total;
    return 0;
  }
};

/// A patch's optimised LLVM IR, kept by one compileJit for another (CodegenOptions::reuse);
/// opaque outside codegen.
struct OptimisedModule;

struct CodegenOptions {
  int optLevel = 2; ///< 0 … 3
  /// LLVM modules to compile the patch in, on the host's threads: 1 is one module; N > 1 keeps
  /// the patch-wide functions in one and spreads the kernels over N - 1 more; 0 chooses by the
  /// patch's size (one for a small patch). The samples are the same either way.
  unsigned modules = 0;
  /// At most this many of the host's threads compile the modules (0: all of them); with 1, the
  /// JIT cache does not split the patch further (a module per kernel) either.
  unsigned threads = 0;
  bool cache = true; ///< compileJit: use the JIT cache (when it is enabled)
  /// The outputs computed apart when a host asks (phonon_block_context::stem_outputs): each
  /// kernel that writes them has a second version that does. A host that renders the main mix
  /// only compiles without them (num_stems 0): a small patch's one kernel once, not twice.
  bool stems = true;
  /// The baseline tier (compileJit only): the lowered code calls the node functions this
  /// process has compiled natively (nodes::nativeFunction, the interpreter's) instead of
  /// reading their bitcode and inlining it, LLVM optimises nothing, and the code generator
  /// runs at its -O0 (fast instruction selection and register allocation). Its code is ready
  /// in a few milliseconds and computes the same samples as the optimising tiers' (the engines'
  /// promise), several times slower; not cached. optLevel still names the IR the caller ran.
  bool baseline = false;
  /// The machine code made by the code generator at its -O0 (compileJit only), and with
  /// keepOptimised at -O1 and -O2 the IR optimised only up to the inliner's part of the
  /// pipeline (its cleanup included): ready about ten milliseconds sooner than the optimised
  /// code, slower (TieredPatch's quick tier); not stored in the JIT cache.
  bool quickCodegen = false;
  /// When not null and the patch is one LLVM module (a small one), compileJit sets it to a
  /// copy of the module's IR as optimised, made before its machine code.
  std::shared_ptr<OptimisedModule>* keepOptimised = nullptr;
  /// The IR a compileJit of the same patch, at the same optLevel and on the same thread, kept
  /// (keepOptimised): this compile runs the rest of the pipeline on it where that compile ran
  /// only the inliner's part (quickCodegen), and makes its machine code, without reading the
  /// node code again. It is used up; null or empty: compiled afresh.
  std::shared_ptr<OptimisedModule> reuse = nullptr;
  CodegenTimes* times = nullptr; ///< filled when not null
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

/// A compilation's objects (a split one has several) as one JIT cache entry, and back. One
/// object is the entry itself; several are `PHNOBJS\n`, their count and sizes (8 bytes each,
/// little endian), then the objects. unpackObjects gives nothing for an entry that does not
/// check out (cut short, or with bytes left over).
std::string packObjects(const std::vector<std::string_view>& objects);
std::vector<std::string_view> unpackObjects(std::string_view entry);

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
