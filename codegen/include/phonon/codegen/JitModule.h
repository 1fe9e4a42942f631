// The JIT as a loadable module. `phonon` loads libphonon-jit.so (codegen and LLVM) only when it
// renders, so that commands that need no compiler (`query`, `nodes`) start without loading
// LLVM — about 30 ms of dynamic linking. No LLVM types here.
#pragma once

#include "phonon/codegen/Codegen.h"

#include <cstdint>
#include <memory>
#include <string>

namespace phonon::codegen {

struct JitApi {
  uint32_t version; ///< kJitApiVersion
  std::unique_ptr<rt::Patch> (*compileJit)(const ir::Module& m, const CodegenOptions& options,
                                           std::string& error);
  std::unique_ptr<rt::Patch> (*loadObjectFile)(const std::string& path, std::string& error);
};

constexpr uint32_t kJitApiVersion = 4;

/// Loads libphonon-jit.so from beside the running executable, once (thread-safe: a second
/// caller waits for the first's load); null with `error` set if it cannot.
const JitApi* loadJitModule(std::string& error);

} // namespace phonon::codegen

extern "C" const phonon::codegen::JitApi* phonon_jit_api();
