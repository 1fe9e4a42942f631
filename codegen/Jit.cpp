// ORC LLJIT: compiles a patch to an object in memory (or takes it from the JIT cache), or loads
// an object file written by phononc, links it and hands its descriptor to the runtime.
#include "JitCache.h"
#include "Lowering.h"

#include "phonon/patch_abi.h"

#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/Object/ObjectFile.h>
#include <llvm/Support/MemoryBuffer.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>

namespace phonon::codegen {

/// One patch's code: a JITDylib of the process's JIT holding one object, removed with the last
/// patch that runs it. Generated code and node code keep no writable globals, so patches
/// compiled from the same IR can share it.
struct LinkedCode {
  std::shared_ptr<llvm::orc::LLJIT> jit;
  llvm::orc::JITDylib* dylib = nullptr;
  const phonon_patch_descriptor* descriptor = nullptr;

  ~LinkedCode() {
    if (dylib) llvm::consumeError(jit->getExecutionSession().removeJITDylib(*dylib));
  }
};

namespace {

std::unique_ptr<llvm::orc::LLJIT> createJit(std::string& error) {
  initializeLlvm();
  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder) {
    error = llvm::toString(builder.takeError());
    return nullptr;
  }
  auto jit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(*builder)).create();
  if (!jit) {
    error = llvm::toString(jit.takeError());
    return nullptr;
  }
  // Library calls the kernels make (fmodf, memset …) resolve to this process's own symbols.
  auto generator = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
      (*jit)->getDataLayout().getGlobalPrefix());
  if (!generator) {
    error = llvm::toString(generator.takeError());
    return nullptr;
  }
  (*jit)->getMainJITDylib().addGenerator(std::move(*generator));
  return std::move(*jit);
}

/// The process's JIT, made once (a few milliseconds) and shared by every patch: it only links
/// objects, which compileJit and phononc make with the patch's own target machine.
std::shared_ptr<llvm::orc::LLJIT> processJit(std::string& error) {
  static std::mutex mutex;
  static auto* jit = new std::shared_ptr<llvm::orc::LLJIT>; // never destroyed: see JitCache
  std::lock_guard lock(mutex);
  if (!*jit) *jit = createJit(error);
  return *jit;
}

/// Links `object` into a JITDylib of its own and finds its descriptor.
std::shared_ptr<LinkedCode> link(std::unique_ptr<llvm::MemoryBuffer> object,
                                 const std::string& what, std::string& error) {
  auto code = std::make_shared<LinkedCode>();
  code->jit = processJit(error);
  if (!code->jit) return nullptr;
  static std::atomic<uint64_t> count{0};
  auto dylib = code->jit->createJITDylib("patch." + std::to_string(++count));
  if (!dylib) {
    error = what + ": " + llvm::toString(dylib.takeError());
    return nullptr;
  }
  code->dylib = &*dylib;
  code->dylib->addToLinkOrder(code->jit->getMainJITDylib());
  if (auto err = code->jit->addObjectFile(*code->dylib, std::move(object))) {
    error = what + ": " + llvm::toString(std::move(err));
    return nullptr;
  }
  auto symbol = code->jit->lookup(*code->dylib, PHONON_PATCH_SYMBOL);
  if (!symbol) {
    error = what + ": " + llvm::toString(symbol.takeError());
    return nullptr;
  }
  code->descriptor = symbol->toPtr<const phonon_patch_descriptor*>();
  return code;
}

/// The host's target machine at `level`, one per thread and level, as ORC's own compiler keeps
/// one: a fresh one (and its subtarget, made on first use) cost about 2 ms a compile. One
/// machine is never used by two threads at once.
llvm::TargetMachine* hostMachine(int level, std::string& error) {
  thread_local std::unique_ptr<llvm::TargetMachine> machines[4];
  std::unique_ptr<llvm::TargetMachine>& machine = machines[std::clamp(level, 0, 3)];
  if (!machine) machine = createTargetMachine(Target::Host, level, error);
  return machine.get();
}

std::unique_ptr<rt::Patch> patchFrom(const std::shared_ptr<LinkedCode>& code,
                                     const std::string& what, std::string& error) {
  std::string why;
  auto patch =
      rt::DescriptorPatch::create(code->descriptor, std::static_pointer_cast<void>(code), why);
  if (!patch) error = what + ": " + why;
  return patch;
}

} // namespace

std::unique_ptr<rt::Patch> compileJit(const ir::Module& m, const CodegenOptions& options,
                                      std::string& error) {
  CompileTimes times;
  MillisecondTimer timer, whole;
  auto finish = [&](std::unique_ptr<rt::Patch> patch) {
    times.total = whole.lap();
    if (options.times) *options.times = times;
    return patch;
  };
  if (std::vector<ir::Unavailable> missing = ir::unavailable(m); !missing.empty()) {
    error = missing[0].reason;
    return nullptr;
  }
  llvm::TargetMachine* machine = hostMachine(options.optLevel, error);
  if (!machine) return nullptr;
  JitCache& cache = JitCache::instance();
  std::optional<JitCacheKey> key;
  if (options.cache && cache.enabled()) key = jitCacheKey(m, *machine, options.optLevel);
  times.key = timer.lap();
  if (key) {
    if (std::shared_ptr<LinkedCode> code = cache.linked(*key)) {
      times.source = CompileTimes::Source::MemoryCache;
      auto patch = patchFrom(code, m.sourceName, error);
      times.link = timer.lap();
      return finish(std::move(patch));
    }
    bool fromDisk = false;
    if (std::unique_ptr<llvm::MemoryBuffer> object = cache.object(*key, fromDisk)) {
      if (fromDisk) cache.store(*key, object->getBuffer(), /*writeFile=*/false);
      std::string ignored;
      std::shared_ptr<LinkedCode> code = link(std::move(object), m.sourceName, ignored);
      if (code) {
        times.source =
            fromDisk ? CompileTimes::Source::DiskCache : CompileTimes::Source::MemoryCache;
        cache.remember(*key, code);
        auto patch = patchFrom(code, m.sourceName, error);
        times.link = timer.lap();
        return finish(std::move(patch));
      }
      cache.discard(*key); // it checked out but does not link: compile it afresh
    }
  }
  llvm::LLVMContext context;
  CodegenOptions compileOptions = options;
  compileOptions.times = &times;
  auto module = compileToLlvm(m, compileOptions, *machine, context, error);
  if (!module) return nullptr;
  timer.lap();
  llvm::SmallVector<char, 0> object;
  if (!emitMachineCode(*module, *machine, llvm::CodeGenFileType::ObjectFile, object, error))
    return nullptr;
  module.reset();
  times.machineCode = timer.lap();
  llvm::StringRef bytes(object.data(), object.size());
  if (key) cache.store(*key, bytes, /*writeFile=*/true);
  times.key += timer.lap();
  std::shared_ptr<LinkedCode> code =
      link(llvm::MemoryBuffer::getMemBuffer(bytes, m.sourceName, false), m.sourceName, error);
  if (!code) return nullptr;
  if (key) cache.remember(*key, code);
  auto patch = patchFrom(code, m.sourceName, error);
  times.link = timer.lap();
  return finish(std::move(patch));
}

std::unique_ptr<rt::Patch> loadObjectFile(const std::string& path, std::string& error) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer) {
    error = path + ": cannot open file: " + buffer.getError().message();
    return nullptr;
  }
  // Check it really is an object file for this machine before the JIT links it.
  auto object = llvm::object::ObjectFile::createObjectFile((*buffer)->getMemBufferRef());
  if (!object) {
    error = path + ": not an object file: " + llvm::toString(object.takeError());
    return nullptr;
  }
  bool hasDescriptor = false;
  for (const llvm::object::SymbolRef& sym : (*object)->symbols()) {
    auto name = sym.getName();
    if (name && *name == PHONON_PATCH_SYMBOL)
      hasDescriptor = true;
    else if (!name)
      llvm::consumeError(name.takeError());
  }
  if (!hasDescriptor) {
    error = path + ": not a Phonon patch (it defines no `" PHONON_PATCH_SYMBOL "`)";
    return nullptr;
  }
  std::shared_ptr<LinkedCode> code = link(std::move(*buffer), path, error);
  return code ? patchFrom(code, path, error) : nullptr;
}

} // namespace phonon::codegen
