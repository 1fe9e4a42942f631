// The codegen pipeline, in order:
//   1. load the node kernels from the embedded bitcode (the patch module starts as a copy)
//   2. prepare them for inlining: internal linkage, no per-function CPU attributes
//   3. complete the schedule (-O0: the plain one) and lower the patch (LowerToLlvm.cpp):
//      phonon_init, a function per kernel, phonon_process, the descriptor; and the same for
//      each bus voice's graph (its symbols named phonon_voiceT_…) and the graph of the buses
//      the voices share (phonon_voiceshared_…)
//   4. set the floating-point environment attributes on every function
//   5. verify, then optimise at -O0 … -O3 for the target machine
// and the emitters built on it (LLVM IR text, assembly, object files).
#include "Lowering.h"

#include "phonon/ir/Channels.h"
#include "phonon/passes/Schedule.h"

#include <llvm/Analysis/CGSCCPassManager.h>
#include <llvm/Analysis/LoopAnalysisManager.h>
#include <llvm/Bitcode/BitcodeReader.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/PassManager.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/TargetParser/Host.h>
#include <llvm/TargetParser/SubtargetFeature.h>
#include <llvm/Transforms/IPO/GlobalDCE.h>

#include <mutex>
#include <optional>

extern "C" const char phonon_nodes_bitcode[];
extern "C" const char phonon_nodes_bitcode_end[];

namespace phonon::codegen {

void initializeLlvm() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    llvm::InitializeNativeTargetAsmParser();
  });
}

std::unique_ptr<llvm::Module> loadNodeKernels(llvm::LLVMContext& context, std::string& error) {
  llvm::StringRef bytes(phonon_nodes_bitcode,
                        static_cast<size_t>(phonon_nodes_bitcode_end - phonon_nodes_bitcode));
  auto buffer = llvm::MemoryBuffer::getMemBuffer(bytes, "nodes.bc", false);
  auto module = llvm::parseBitcodeFile(buffer->getMemBufferRef(), context);
  if (!module) {
    error = "cannot read the node kernels: " + llvm::toString(module.takeError());
    return nullptr;
  }
  return std::move(*module);
}

namespace {

/// Step 2: kernels become private to the patch (so unused ones disappear and used ones can be
/// inlined everywhere), and lose clang's target-cpu/target-features stamps, which would stop
/// the inliner from inlining them into the generated functions (DESIGN §4).
void prepareKernels(llvm::Module& module) {
  for (llvm::Function& f : module) {
    f.removeFnAttr("target-cpu");
    f.removeFnAttr("target-features");
    f.removeFnAttr("tune-cpu");
    if (!f.isDeclaration()) f.setLinkage(llvm::GlobalValue::InternalLinkage);
  }
  for (llvm::GlobalVariable& g : module.globals())
    if (!g.isDeclaration()) g.setLinkage(llvm::GlobalValue::InternalLinkage);
}

/// Step 3's schedule: code follows the schedule; where the scheduling passes did not run (-O0)
/// it is the plain one: a kernel per instruction, a batch per kernel, a buffer per value
/// between kernels. False with `error` set when `m` cannot be lowered.
bool completeForLowering(ir::Module& m, std::string& error) {
  ir::splitChannels(m); // stereo values as left and right mono ones (-O0)
  if (ir::hasChannelWork(m)) {
    error = "stereo values in a scheduled module: split-channels runs before fuse";
    return false;
  }
  passes::completeSchedule(m);
  return true;
}

/// Step 4: denormals are flushed on the audio thread (FTZ/DAZ); tell the code generator so.
void setFloatingPointEnvironment(llvm::Module& module) {
  for (llvm::Function& f : module) {
    if (f.isDeclaration()) continue;
    f.addFnAttr("denormal-fp-math", "preserve-sign,preserve-sign");
    f.addFnAttr("denormal-fp-math-f32", "preserve-sign,preserve-sign");
  }
}

void optimize(llvm::Module& module, llvm::TargetMachine& machine, int level) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder builder(&machine);
  builder.registerModuleAnalyses(mam);
  builder.registerCGSCCAnalyses(cgam);
  builder.registerFunctionAnalyses(fam);
  builder.registerLoopAnalyses(lam);
  builder.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::OptimizationLevel opt = level <= 0   ? llvm::OptimizationLevel::O0
                                : level == 1 ? llvm::OptimizationLevel::O1
                                : level == 2 ? llvm::OptimizationLevel::O2
                                             : llvm::OptimizationLevel::O3;
  llvm::ModulePassManager passes =
      level <= 0 ? builder.buildO0DefaultPipeline(opt) : builder.buildPerModuleDefaultPipeline(opt);
  // Even at -O0, drop the kernels the patch does not use.
  passes.addPass(llvm::GlobalDCEPass());
  passes.run(module, mam);
}

} // namespace

llvm::CodeGenOptLevel codegenLevel(int level) {
  return level <= 0   ? llvm::CodeGenOptLevel::None
         : level == 1 ? llvm::CodeGenOptLevel::Less
         : level == 2 ? llvm::CodeGenOptLevel::Default
                      : llvm::CodeGenOptLevel::Aggressive;
}

std::unique_ptr<llvm::TargetMachine> createTargetMachine(Target target, int optLevel,
                                                         std::string& error) {
  initializeLlvm();
  std::string triple = llvm::sys::getProcessTriple();
  const llvm::Target* t = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!t) return nullptr;
  std::string cpu = "x86-64";
  std::string features;
  if (target == Target::Host) {
    cpu = llvm::sys::getHostCPUName().str();
    llvm::SubtargetFeatures f;
    for (auto& [name, enabled] : llvm::sys::getHostCPUFeatures()) f.AddFeature(name, enabled);
    features = f.getString();
  } else if (triple.rfind("x86_64", 0) != 0) {
    cpu = "generic";
  }
  llvm::TargetOptions options;
  std::unique_ptr<llvm::TargetMachine> machine(t->createTargetMachine(
      triple, cpu, features, options, llvm::Reloc::PIC_, std::nullopt, codegenLevel(optLevel)));
  if (!machine) error = "cannot create a target machine for " + triple;
  return machine;
}

std::unique_ptr<llvm::Module> compileToLlvm(const ir::Module& m, const CodegenOptions& options,
                                            llvm::TargetMachine& machine,
                                            llvm::LLVMContext& context, std::string& error) {
  if (std::vector<ir::Unavailable> missing = ir::unavailable(m); !missing.empty()) {
    error = missing[0].reason;
    return nullptr;
  }
  std::unique_ptr<llvm::Module> module = loadNodeKernels(context, error);
  if (!module) return nullptr;
  module->setModuleIdentifier(m.sourceName.empty() ? "patch" : m.sourceName);
  module->setSourceFileName(m.sourceName);
  module->setTargetTriple(machine.getTargetTriple().str());
  module->setDataLayout(machine.createDataLayout());
  prepareKernels(*module);
  // The patch and each bus voice's graph, a patch of its own, alike.
  ir::Module scheduled = m;
  if (!completeForLowering(scheduled, error)) return nullptr;
  for (ir::VoiceTemplate& t : scheduled.voiceTemplates)
    if (!completeForLowering(t.graph, error)) {
      error = "voice ~" + t.bus + ": " + error;
      return nullptr;
    }
  for (ir::Module& shared : scheduled.voiceShared)
    if (!completeForLowering(shared, error)) {
      error = "voice.shared: " + error;
      return nullptr;
    }
  lowerPatch(scheduled, *module);
  setFloatingPointEnvironment(*module);
  std::string problems;
  llvm::raw_string_ostream os(problems);
  if (llvm::verifyModule(*module, &os)) {
    error = "internal error: invalid LLVM IR generated: " + problems;
    return nullptr;
  }
  optimize(*module, machine, options.optLevel);
  return module;
}

namespace {

/// Compiles for `target` and writes the result as LLVM IR text (no file type) or with the
/// target machine's code generator (assembly, object).
bool emit(const ir::Module& m, const CodegenOptions& options, Target target,
          std::optional<llvm::CodeGenFileType> type, std::string& out, std::string& error) {
  auto machine = createTargetMachine(target, options.optLevel, error);
  if (!machine) return false;
  llvm::LLVMContext context;
  auto module = compileToLlvm(m, options, *machine, context, error);
  if (!module) return false;
  llvm::SmallVector<char, 0> buffer;
  llvm::raw_svector_ostream os(buffer);
  if (!type) {
    module->print(os, nullptr);
  } else {
    llvm::legacy::PassManager passes;
    if (machine->addPassesToEmitFile(passes, os, nullptr, *type)) {
      error = "the target cannot emit this file type";
      return false;
    }
    passes.run(*module);
  }
  out.assign(buffer.begin(), buffer.end());
  return true;
}

} // namespace

bool emitLlvmIr(const ir::Module& m, const CodegenOptions& options, Target target, std::string& out,
                std::string& error) {
  return emit(m, options, target, std::nullopt, out, error);
}

bool emitAssembly(const ir::Module& m, const CodegenOptions& options, Target target,
                  std::string& out, std::string& error) {
  return emit(m, options, target, llvm::CodeGenFileType::AssemblyFile, out, error);
}

bool emitObject(const ir::Module& m, const CodegenOptions& options, Target target, std::string& out,
                std::string& error) {
  return emit(m, options, target, llvm::CodeGenFileType::ObjectFile, out, error);
}

} // namespace phonon::codegen
