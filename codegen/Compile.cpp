// The codegen pipeline, in order:
//   1. load the node kernels the patch uses from the embedded bitcode (read lazily: the patch
//      module starts as the bitcode's declarations, and only the used functions' bodies are read)
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
#include <set>

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

std::unique_ptr<llvm::Module> loadNodeKernels(llvm::LLVMContext& context,
                                              const std::set<std::string>& symbols,
                                              std::string& error) {
  llvm::MemoryBufferRef bytes(
      llvm::StringRef(phonon_nodes_bitcode,
                      static_cast<size_t>(phonon_nodes_bitcode_end - phonon_nodes_bitcode)),
      "nodes.bc");
  // Lazily: parsing all 500 function bodies was most of a small patch's compile.
  auto module = llvm::getLazyBitcodeModule(bytes, context, /*ShouldLazyLoadMetadata=*/true);
  if (!module) {
    error = "cannot read the node kernels: " + llvm::toString(module.takeError());
    return nullptr;
  }
  auto fail = [&](llvm::Error e) {
    error = "cannot read the node kernels: " + llvm::toString(std::move(e));
    return nullptr;
  };
  // The wanted functions, then whatever the bodies read so far use, until nothing more is.
  for (const std::string& symbol : symbols)
    if (llvm::Function* f = (*module)->getFunction(symbol))
      if (llvm::Error e = f->materialize()) return fail(std::move(e));
  for (bool again = true; again;) {
    again = false;
    for (llvm::Function& f : **module)
      if (f.isMaterializable() && !f.use_empty()) {
        if (llvm::Error e = f.materialize()) return fail(std::move(e));
        again = true;
      }
  }
  // The bodies nothing uses are never read: they become declarations, then go.
  std::vector<llvm::Function*> unread;
  for (llvm::Function& f : **module)
    if (f.isMaterializable()) {
      f.deleteBody();
      unread.push_back(&f);
    }
  if (llvm::Error e = (*module)->materializeAll()) return fail(std::move(e));
  for (llvm::Function* f : unread)
    if (f->use_empty()) f->eraseFromParent();
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

/// The node-kernel functions the lowering of `m` calls (Node.h: init, tick, arena).
void addKernelSymbols(const ir::Module& m, std::set<std::string>& symbols) {
  for (const ir::Instr& in : m.instrs) {
    if (in.op != ir::Opcode::Node || !in.node) continue;
    for (const char* symbol : {in.node->initSymbol, in.node->tickSymbol, in.node->arenaSymbol})
      if (symbol) symbols.insert(symbol);
  }
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
  // Kernels the lowering inlined everywhere go before the pipeline spends time on them.
  llvm::ModulePassManager first;
  first.addPass(llvm::GlobalDCEPass());
  first.run(module, mam);
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
  MillisecondTimer timer;
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
  std::set<std::string> kernels;
  addKernelSymbols(scheduled, kernels);
  for (const ir::VoiceTemplate& t : scheduled.voiceTemplates) addKernelSymbols(t.graph, kernels);
  for (const ir::Module& shared : scheduled.voiceShared) addKernelSymbols(shared, kernels);
  double scheduling = timer.lap();
  std::unique_ptr<llvm::Module> module = loadNodeKernels(context, kernels, error);
  if (!module) return nullptr;
  module->setModuleIdentifier(m.sourceName.empty() ? "patch" : m.sourceName);
  module->setSourceFileName(m.sourceName);
  module->setTargetTriple(machine.getTargetTriple().str());
  module->setDataLayout(machine.createDataLayout());
  prepareKernels(*module);
  double loading = timer.lap();
  lowerPatch(scheduled, *module);
  setFloatingPointEnvironment(*module);
  std::string problems;
  llvm::raw_string_ostream os(problems);
  if (llvm::verifyModule(*module, &os)) {
    error = "internal error: invalid LLVM IR generated: " + problems;
    return nullptr;
  }
  double lowering = timer.lap();
  optimize(*module, machine, options.optLevel);
  if (options.times) {
    options.times->kernels = loading;
    options.times->lower = scheduling + lowering;
    options.times->optimize = timer.lap();
  }
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
  if (!type) {
    llvm::raw_svector_ostream os(buffer);
    module->print(os, nullptr);
  } else if (!emitMachineCode(*module, *machine, *type, buffer, error)) {
    return false;
  }
  out.assign(buffer.begin(), buffer.end());
  return true;
}

} // namespace

bool emitMachineCode(llvm::Module& module, llvm::TargetMachine& machine, llvm::CodeGenFileType type,
                     llvm::SmallVectorImpl<char>& out, std::string& error) {
  llvm::raw_svector_ostream os(out);
  llvm::legacy::PassManager passes;
  if (machine.addPassesToEmitFile(passes, os, nullptr, type)) {
    error = "the target cannot emit this file type";
    return false;
  }
  passes.run(module);
  return true;
}

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
