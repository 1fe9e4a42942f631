// ORC LLJIT: compiles a patch in memory, or loads an object file written by phononc, and
// hands its descriptor to the runtime.
#include "Lowering.h"

#include "phonon/patch_abi.h"

#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/Object/ObjectFile.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SmallVectorMemoryBuffer.h>

#include <chrono>

namespace phonon::codegen {

namespace {

std::unique_ptr<llvm::orc::LLJIT> createJit(int optLevel, std::string& error) {
  initializeLlvm();
  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder) {
    error = llvm::toString(builder.takeError());
    return nullptr;
  }
  // The machine-code generator at the patch's level (-O0: the fast instruction selector).
  builder->setCodeGenOptLevel(codegenLevel(optLevel));
  auto jit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(*builder)).create();
  if (!jit) {
    error = llvm::toString(jit.takeError());
    return nullptr;
  }
  // Library calls the kernels make (sinf, tanf …) resolve to this process's own symbols.
  auto generator = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
      (*jit)->getDataLayout().getGlobalPrefix());
  if (!generator) {
    error = llvm::toString(generator.takeError());
    return nullptr;
  }
  (*jit)->getMainJITDylib().addGenerator(std::move(*generator));
  return std::move(*jit);
}

std::unique_ptr<rt::Patch> patchFrom(std::unique_ptr<llvm::orc::LLJIT> jit, const std::string& what,
                                     std::string& error) {
  auto symbol = jit->lookup(PHONON_PATCH_SYMBOL);
  if (!symbol) {
    error = what + ": " + llvm::toString(symbol.takeError());
    return nullptr;
  }
  auto* descriptor = symbol->toPtr<const phonon_patch_descriptor*>();
  std::shared_ptr<llvm::orc::LLJIT> owner(std::move(jit));
  std::string why;
  auto patch = rt::DescriptorPatch::create(descriptor, std::static_pointer_cast<void>(owner), why);
  if (!patch) error = what + ": " + why;
  return patch;
}

} // namespace

std::unique_ptr<rt::Patch> compileJit(const ir::Module& m, const CodegenOptions& options,
                                      std::string& error) {
  auto start = std::chrono::steady_clock::now();
  // Compiled to machine code on the host's threads (a big patch as several modules), then
  // linked here: the lookup of the descriptor links module 0's object and, through its calls,
  // the others.
  auto objects = compileToObjects(m, options, error);
  if (!objects) return nullptr;
  auto linkStart = std::chrono::steady_clock::now();
  auto jit = createJit(options.optLevel, error);
  if (!jit) return nullptr;
  for (size_t i = 0; i < objects->size(); ++i) {
    auto buffer = std::make_unique<llvm::SmallVectorMemoryBuffer>(
        std::move((*objects)[i]), m.sourceName + "#" + std::to_string(i), false);
    if (auto err = jit->addObjectFile(std::move(buffer))) {
      error = llvm::toString(std::move(err));
      return nullptr;
    }
  }
  auto patch = patchFrom(std::move(jit), m.sourceName, error);
  if (options.times) {
    auto now = std::chrono::steady_clock::now();
    options.times->add("jit-link",
                       std::chrono::duration<double, std::milli>(now - linkStart).count());
    options.times->wallMs += std::chrono::duration<double, std::milli>(now - start).count();
  }
  return patch;
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
  auto jit = createJit(2, error);
  if (!jit) return nullptr;
  if (auto err = jit->addObjectFile(std::move(*buffer))) {
    error = path + ": " + llvm::toString(std::move(err));
    return nullptr;
  }
  return patchFrom(std::move(jit), path, error);
}

} // namespace phonon::codegen
