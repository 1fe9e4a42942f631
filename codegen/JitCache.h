// The JIT cache: compiled objects keyed by what decides their bytes, so that compiling an
// unchanged patch again costs a hash and a link, not LLVM (docs/architecture.md, "The JIT
// cache"). In memory, an entry also remembers the code the JIT linked from it while a patch
// still runs it, so a live session recompiling an unchanged patch shares that code. On disk, an
// entry is a file `<key>.o` in the cache folder: a header (magic, format, key, size, hash of
// the object) and the object; a file that does not check out is ignored and replaced. The
// folder's file `bytes` counts its entries' bytes, so that a write need not stat them all.
#pragma once

#include "phonon/codegen/Codegen.h"

#include <llvm/IR/Module.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Target/TargetMachine.h>

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace phonon::codegen {

/// BLAKE3 of the patch's printed IR, the target triple, CPU and features, the -O level, the
/// modules asked for, whether the stems are compiled (CodegenOptions) and the compiler itself
/// (its build ID and node bitcode, LLVM's version).
struct JitCacheKey {
  std::array<uint8_t, 32> bytes{};
  std::string hex() const;
  bool operator<(const JitCacheKey& other) const { return bytes < other.bytes; }
};

JitCacheKey jitCacheKey(const ir::Module& m, const llvm::TargetMachine& machine, int optLevel,
                        unsigned modules, bool stems);

/// The key of one module of a split compilation (Compile.cpp): BLAKE3 of the same compiler and
/// target fields, the level, whether the small patch's pipeline optimises it (`small`: a module
/// is the same in a small patch and a bigger one), and `lowered` printed as it is before
/// optimisation. The printed
/// module is everything its object is made from (the kernels' code, the state offsets, buffer
/// slots and constants it bakes in, the node code it calls), so a module an edit did not touch
/// has the same key, whatever else in the patch changed.
JitCacheKey jitModuleKey(const llvm::Module& lowered, const llvm::TargetMachine& machine,
                         int optLevel, bool small);

/// Code the JIT linked from one object (Jit.cpp); the patches running it keep it alive.
struct LinkedCode;

class JitCache {
public:
  /// The process's cache, first configured from the environment.
  static JitCache& instance();

  void configure(const JitCacheSettings& settings);
  bool enabled() const;

  /// The code linked from `key`'s object, if a patch still runs it.
  std::shared_ptr<LinkedCode> linked(const JitCacheKey& key);
  /// `key`'s object, from memory or else from the folder (then `fromDisk` is set); null if
  /// neither has a valid one.
  std::unique_ptr<llvm::MemoryBuffer> object(const JitCacheKey& key, bool& fromDisk);
  /// Keeps `object` for `key`, in memory and (unless it came from there) in the folder.
  void store(const JitCacheKey& key, llvm::StringRef object, bool writeFile);
  /// Remembers the code linked from `key`'s object while something else keeps it alive.
  void remember(const JitCacheKey& key, const std::shared_ptr<LinkedCode>& code);
  /// Forgets `key` in memory and removes its file (its object did not link).
  void discard(const JitCacheKey& key);

private:
  struct Entry {
    std::shared_ptr<const std::string> object; ///< null once evicted from memory
    std::weak_ptr<LinkedCode> linked;
    uint64_t lastUse = 0;
  };

  std::string filePath(const JitCacheKey& key) const;
  std::unique_ptr<llvm::MemoryBuffer> readFile(const JitCacheKey& key) const;
  void writeFile(const JitCacheKey& key, llvm::StringRef object) const;
  /// Renames the written entry `temp` to `path` and adds its `bytes`, less those of any file
  /// it replaces, to the folder's ledger (a file `bytes`), both under an flock; only when the
  /// sum passes the bound (or the ledger is missing or unreadable) scans the folder, removing
  /// the oldest entries down to three quarters of the bound and writing the exact sum back. A
  /// scan stats every file (23 000 entries: 140 ms), so each write no longer does one.
  void commitEntry(const std::string& directory, const std::string& temp, const std::string& path,
                   uint64_t bytes) const;
  /// The bytes of the folder's entries, after removing the oldest down to 3/4 of `limit` if
  /// they pass it (and temporary files older than an hour).
  static uint64_t scanAndEvict(const std::string& directory, uint64_t limit);
  void evictMemory();

  mutable std::mutex mutex_;
  JitCacheSettings settings_;
  std::map<JitCacheKey, Entry> entries_;
  uint64_t memoryBytes_ = 0;
  uint64_t clock_ = 0;
};

} // namespace phonon::codegen
