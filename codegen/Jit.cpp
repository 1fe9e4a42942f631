// ORC LLJIT: compiles a patch to an object in memory (or takes it from the JIT cache), or loads
// an object file written by phononc, links it and hands its descriptor to the runtime.
#include "JitCache.h"
#include "Lowering.h"

#include "phonon/nodes/Catalogue.h"
#include "phonon/patch_abi.h"

#include <llvm/ExecutionEngine/Orc/CompileUtils.h>
#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/Object/ObjectFile.h>
#include <llvm/Support/MemoryBuffer.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <string_view>

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

/// The baseline tier's calls (CodegenOptions::baseline) to the node functions, `phn_…`, linked
/// to the ones this process has compiled natively (nodes::nativeFunction): they are not in its
/// dynamic symbol table, which DynamicLibrarySearchGenerator reads.
class NativeNodeFunctions final : public llvm::orc::DefinitionGenerator {
public:
  llvm::Error tryToGenerate(llvm::orc::LookupState&, llvm::orc::LookupKind,
                            llvm::orc::JITDylib& dylib, llvm::orc::JITDylibLookupFlags,
                            const llvm::orc::SymbolLookupSet& symbols) override {
    llvm::orc::SymbolMap found;
    for (const auto& [name, flags] : symbols)
      if (const void* address =
              nodes::nativeFunction(std::string_view((*name).data(), (*name).size())))
        found[name] = {llvm::orc::ExecutorAddr::fromPtr(address),
                       llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable};
    if (found.empty()) return llvm::Error::success();
    return dylib.define(llvm::orc::absoluteSymbols(std::move(found)));
  }
};

std::unique_ptr<llvm::orc::LLJIT> createJit(std::string& error) {
  initializeLlvm();
  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder) {
    error = llvm::toString(builder.takeError());
    return nullptr;
  }
  // It only links objects: the host's data layout from this thread's machine, and a compiler
  // that would make a target machine only if asked to compile IR, where LLJIT's defaults make
  // one for each (a millisecond and a half of the first compile).
  llvm::TargetMachine* machine = threadTargetMachine(Target::Host, 2, error);
  if (!machine) return nullptr;
  auto jit = llvm::orc::LLJITBuilder()
                 .setJITTargetMachineBuilder(std::move(*builder))
                 .setDataLayout(machine->createDataLayout())
                 .setCompileFunctionCreator(
                     [](llvm::orc::JITTargetMachineBuilder host)
                         -> llvm::Expected<std::unique_ptr<llvm::orc::IRCompileLayer::IRCompiler>> {
                       return std::make_unique<llvm::orc::ConcurrentIRCompiler>(std::move(host));
                     })
                 .create();
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
  (*jit)->getMainJITDylib().addGenerator(std::make_unique<NativeNodeFunctions>());
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

/// Links `objects` (one patch's, a split compilation's several) into a JITDylib of their own
/// and finds the descriptor.
std::shared_ptr<LinkedCode> link(const std::vector<std::string_view>& objects,
                                 const std::string& what, std::string& error) {
  if (objects.empty()) {
    error = what + ": no object to link";
    return nullptr;
  }
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
  for (size_t i = 0; i < objects.size(); ++i) {
    auto buffer = llvm::MemoryBuffer::getMemBufferCopy(
        llvm::StringRef(objects[i].data(), objects[i].size()), what + "#" + std::to_string(i));
    if (auto err = code->jit->addObjectFile(*code->dylib, std::move(buffer))) {
      error = what + ": " + llvm::toString(std::move(err));
      return nullptr;
    }
  }
  auto symbol = code->jit->lookup(*code->dylib, PHONON_PATCH_SYMBOL);
  if (!symbol) {
    error = what + ": " + llvm::toString(symbol.takeError());
    return nullptr;
  }
  code->descriptor = symbol->toPtr<const phonon_patch_descriptor*>();
  return code;
}

/// The NUL-terminated text a symbol of a relocatable object points at (in its section), or
/// "?" when it cannot be read.
std::string symbolText(const llvm::object::SymbolRef& sym) {
  auto section = sym.getSection();
  auto offset = sym.getValue();
  if (!section || !offset || *section == sym.getObject()->section_end()) {
    if (!section) llvm::consumeError(section.takeError());
    if (!offset) llvm::consumeError(offset.takeError());
    return "?";
  }
  auto contents = (*section)->getContents();
  if (!contents || *offset >= contents->size()) {
    if (!contents) llvm::consumeError(contents.takeError());
    return "?";
  }
  llvm::StringRef text = contents->substr(*offset);
  return text.take_until([](char c) { return c == 0; }).str();
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
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  Clock::time_point lapStart = start;
  auto lap = [&](const char* phase) {
    Clock::time_point now = Clock::now();
    if (options.times)
      options.times->add(phase, std::chrono::duration<double, std::milli>(now - lapStart).count());
    lapStart = now;
  };
  auto finish = [&](const std::shared_ptr<LinkedCode>& code, CodegenTimes::Source source) {
    auto patch = patchFrom(code, m.sourceName, error);
    lap("jit-link");
    if (options.times) {
      options.times->source = source;
      options.times->wallMs +=
          std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    }
    return patch;
  };
  if (std::vector<ir::Unavailable> missing = ir::unavailable(m); !missing.empty()) {
    error = missing[0].reason;
    return nullptr;
  }
  JitCache& cache = JitCache::instance();
  std::optional<JitCacheKey> key;
  if (options.cache && !options.baseline && cache.enabled()) {
    llvm::TargetMachine* machine = threadTargetMachine(Target::Host, options.optLevel, error);
    if (!machine) return nullptr;
    key = jitCacheKey(m, *machine, options.optLevel, options.modules, options.stems);
    lap("cache-key");
    if (std::shared_ptr<LinkedCode> code = cache.linked(*key))
      return finish(code, CodegenTimes::Source::MemoryCache);
    bool fromDisk = false;
    if (std::unique_ptr<llvm::MemoryBuffer> entry = cache.object(*key, fromDisk)) {
      if (fromDisk) cache.store(*key, entry->getBuffer(), /*writeFile=*/false);
      std::string ignored;
      if (std::shared_ptr<LinkedCode> code =
              link(unpackObjects(std::string_view(entry->getBufferStart(), entry->getBufferSize())),
                   m.sourceName, ignored)) {
        cache.remember(*key, code);
        return finish(code, fromDisk ? CodegenTimes::Source::DiskCache
                                     : CodegenTimes::Source::MemoryCache);
      }
      cache.discard(*key); // it checked out but does not link: compile it afresh
    }
  }
  // Compiled to machine code on the host's threads (a big patch as several modules, their
  // phases timed by compileToObjects), then linked into one JITDylib. With the cache, the
  // modules an edit left alone come from it (their keys are their own: compileToObjects).
  std::vector<JitCacheKey> reused;
  auto objects = compileToObjects(m, options, error, key ? &cache : nullptr, &reused);
  if (!objects) return nullptr;
  lapStart = Clock::now();
  std::vector<std::string_view> parts;
  for (const llvm::SmallVector<char, 0>& o : *objects) parts.emplace_back(o.data(), o.size());
  std::shared_ptr<LinkedCode> code = link(parts, m.sourceName, error);
  if (!code && !reused.empty()) {
    // A cached module checked out but does not link: forget those, compile all afresh.
    for (const JitCacheKey& k : reused) cache.discard(k);
    error.clear();
    if (options.times) options.times->modulesCached = 0;
    objects = compileToObjects(m, options, error);
    if (!objects) return nullptr;
    lapStart = Clock::now();
    parts.clear();
    for (const llvm::SmallVector<char, 0>& o : *objects) parts.emplace_back(o.data(), o.size());
    code = link(parts, m.sourceName, error);
  }
  if (!code) return nullptr;
  // The quick machine code is not the optimised code the key names (its lookup is fine).
  if (key && !options.quickCodegen) {
    const std::string entry = packObjects(parts);
    cache.store(*key, llvm::StringRef(entry), /*writeFile=*/true);
    lap("cache-store");
    cache.remember(*key, code);
  }
  return finish(code, CodegenTimes::Source::Compiled);
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
  std::optional<std::string> builtFor; // code for one CPU (phononc --cpu=native)
  for (const llvm::object::SymbolRef& sym : (*object)->symbols()) {
    auto name = sym.getName();
    if (!name) {
      llvm::consumeError(name.takeError());
      continue;
    }
    if (*name == PHONON_PATCH_SYMBOL) hasDescriptor = true;
    if (*name == PHONON_HOST_CPU_SYMBOL) builtFor = symbolText(sym);
  }
  if (!hasDescriptor) {
    error = path + ": not a Phonon patch (it defines no `" PHONON_PATCH_SYMBOL "`)";
    return nullptr;
  }
  if (builtFor) {
    llvm::TargetMachine* machine = threadTargetMachine(Target::Host, 2, error);
    if (!machine) return nullptr;
    if (*builtFor != hostCpuText(*machine)) {
      error = path + ": compiled for another CPU (phononc --cpu=native on " +
              builtFor->substr(0, builtFor->find(';')) + ", this is " +
              machine->getTargetCPU().str() +
              " or has other features): compile it here, or without --cpu=native";
      return nullptr;
    }
  }
  std::shared_ptr<LinkedCode> code = link(
      {std::string_view((*buffer)->getBufferStart(), (*buffer)->getBufferSize())}, path, error);
  return code ? patchFrom(code, path, error) : nullptr;
}

} // namespace phonon::codegen
