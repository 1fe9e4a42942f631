// The codegen pipeline, in order:
//   1. load the node kernels the patch uses from the embedded bitcode (read lazily, once per
//      thread: the module starts as copies of the bitcode's declarations and the functions it
//      uses, the other bodies never read)
//   2. prepare them for inlining: internal linkage, no per-function CPU attributes
//   3. complete the schedule (-O0: the plain one) and lower the patch (LowerToLlvm.cpp):
//      phonon_init, a function per kernel, phonon_process, the descriptor; and the same for
//      each bus voice's graph (its symbols named phonon_voiceT_…) and the graph of the buses
//      the voices share (phonon_voiceshared_…)
//   4. set the floating-point environment attributes on every function
//   5. verify, then optimise for the target machine: -O1 and -O2 Phonon's own pass pipeline
//      for DSP kernels (kernelPipeline), -O3 LLVM's whole -O3 pipeline, -O0 LLVM's -O0
// and the emitters built on it (LLVM IR text, assembly, object files).
//
// A big patch is compiled as several modules at once on the host's threads, each in its
// thread's LLVMContext (compileModules): module 0 holds everything patch-wide (phonon_init,
// phonon_process, the task functions, the descriptor, the voices' graphs) and declares the
// kernels the others define, consecutive kernels of about equal weight each; a patch mostly made
// of one heavy kernel is two modules, that kernel's and module 0 (heaviestApart). The JIT links
// their objects; an object file links their optimised IR into one module first, so that it stays
// one object that exports phonon_patch only (only its machine code is made on one thread). Each
// kernel is a function of its own (NoInline) either way, so the samples are the same.
#include "JitCache.h"
#include "Lowering.h"

#include "phonon/ir/Channels.h"
#include "phonon/nodes/Catalogue.h"
#include "phonon/passes/Schedule.h"
#include "phonon/patch_abi.h"

#include <llvm/Analysis/CGSCCPassManager.h>
#include <llvm/Analysis/LoopAnalysisManager.h>
#include <llvm/Bitcode/BitcodeReader.h>
#include <llvm/Bitcode/BitcodeWriter.h>
#include <llvm/CodeGen/TargetInstrInfo.h>
#include <llvm/CodeGen/TargetSubtargetInfo.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/PassManager.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Linker/Linker.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/TargetParser/Host.h>
#include <llvm/TargetParser/SubtargetFeature.h>
#include <llvm/Transforms/IPO/GlobalDCE.h>
#include <llvm/Transforms/Utils/Cloning.h>
#include <llvm/Transforms/Utils/ValueMapper.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <numeric>
#include <optional>
#include <set>
#include <system_error>
#include <thread>

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

namespace {

/// Modules a thread makes in one context before it starts a fresh one: a context keeps the
/// types and constants of every module made in it until it goes, which a live session's
/// thread would otherwise pile up edit after edit.
constexpr unsigned kModulesPerContext = 32;

/// One thread's node kernels: the embedded bitcode, read lazily in a context of the thread's
/// (the modules the thread makes share it), each function's body read when a module first
/// needs it and copied into each module that does. Reading the bitcode's declarations cost
/// 12 million instructions a module, copying the bodies a module uses a small part of that.
struct NodeLibrary {
  std::shared_ptr<llvm::LLVMContext> context;
  std::unique_ptr<llvm::Module> module; // destroyed before the context
  unsigned modules = 0;                 // made from it so far
};

std::string nodeKernelsError(llvm::Error e) {
  return "cannot read the node kernels: " + llvm::toString(std::move(e));
}

/// This thread's NodeLibrary, read afresh the first time and after kModulesPerContext modules;
/// null with `error` set when the bitcode cannot be read.
NodeLibrary* threadNodeLibrary(std::string& error) {
  thread_local NodeLibrary library;
  if (library.module && library.modules < kModulesPerContext) return &library;
  library.module.reset();
  library.context = std::make_shared<llvm::LLVMContext>();
  library.modules = 0;
  llvm::MemoryBufferRef bytes(
      llvm::StringRef(phonon_nodes_bitcode,
                      static_cast<size_t>(phonon_nodes_bitcode_end - phonon_nodes_bitcode)),
      "nodes.bc");
  // Lazily: parsing all 500 function bodies was most of a small patch's compile.
  auto module =
      llvm::getLazyBitcodeModule(bytes, *library.context, /*ShouldLazyLoadMetadata=*/true);
  llvm::Error failed = module ? (*module)->materializeMetadata() : module.takeError();
  if (failed) {
    error = nodeKernelsError(std::move(failed));
    if (module) module->reset();
    library.context.reset();
    return nullptr;
  }
  library.module = std::move(*module);
  return &library;
}

/// Adds to `used` the functions named `symbols` in `library` and the functions and globals
/// they use, directly or through others, reading the bodies of those not read yet.
llvm::Error readUsed(llvm::Module& library, const std::set<std::string>& symbols,
                     llvm::SmallPtrSetImpl<const llvm::GlobalValue*>& used) {
  std::vector<llvm::GlobalValue*> work;
  llvm::SmallPtrSet<const llvm::Constant*, 32> seen;
  std::vector<const llvm::Constant*> constants;
  auto visit = [&](const llvm::Value* v) {
    // A global directly, or reached through constant expressions and aggregates.
    const auto* c = llvm::dyn_cast<llvm::Constant>(v);
    if (!c || !seen.insert(c).second) return;
    constants.push_back(c);
    while (!constants.empty()) {
      const llvm::Constant* next = constants.back();
      constants.pop_back();
      if (const auto* g = llvm::dyn_cast<llvm::GlobalValue>(next)) {
        if (used.insert(g).second) work.push_back(const_cast<llvm::GlobalValue*>(g));
        continue;
      }
      for (const llvm::Use& op : next->operands())
        if (const auto* inner = llvm::dyn_cast<llvm::Constant>(op.get()))
          if (seen.insert(inner).second) constants.push_back(inner);
    }
  };
  for (const std::string& symbol : symbols)
    if (llvm::Function* f = library.getFunction(symbol)) visit(f);
  while (!work.empty()) {
    llvm::GlobalValue* g = work.back();
    work.pop_back();
    if (auto* f = llvm::dyn_cast<llvm::Function>(g)) {
      if (llvm::Error e = f->materialize()) return e;
      for (const llvm::BasicBlock& block : *f)
        for (const llvm::Instruction& in : block)
          for (const llvm::Use& op : in.operands()) visit(op.get());
      if (f->hasPersonalityFn()) visit(f->getPersonalityFn());
    } else if (auto* v = llvm::dyn_cast<llvm::GlobalVariable>(g)) {
      if (v->hasInitializer()) visit(v->getInitializer());
    } else if (auto* a = llvm::dyn_cast<llvm::GlobalAlias>(g)) {
      visit(a->getAliasee());
    }
  }
  return llvm::Error::success();
}

/// Puts `to` in its module's copy of `from`'s comdat, as llvm::CloneModule does.
void copyComdat(llvm::GlobalObject& to, const llvm::GlobalObject& from) {
  const llvm::Comdat* comdat = from.getComdat();
  if (!comdat) return;
  llvm::Comdat* copy = to.getParent()->getOrInsertComdat(comdat->getName());
  copy->setSelectionKind(comdat->getSelectionKind());
  to.setComdat(copy);
}

/// A module of `library`'s definitions in `used` and its declarations, made as llvm::CloneModule
/// makes one (in its order, with its metadata), but without the declarations CloneModule would
/// make of every other definition: most of the library, most of CloneModule's time.
std::unique_ptr<llvm::Module>
copyUsed(const llvm::Module& library, const llvm::SmallPtrSetImpl<const llvm::GlobalValue*>& used) {
  auto module = std::make_unique<llvm::Module>(library.getModuleIdentifier(), library.getContext());
  module->setSourceFileName(library.getSourceFileName());
  module->setDataLayout(library.getDataLayout());
  module->setTargetTriple(library.getTargetTriple());
  module->setModuleInlineAsm(library.getModuleInlineAsm());
  module->IsNewDbgInfoFormat = library.IsNewDbgInfoFormat;
  auto wanted = [&](const llvm::GlobalValue& g) { return g.isDeclaration() || used.contains(&g); };
  llvm::ValueToValueMapTy copies;
  for (const llvm::GlobalVariable& g : library.globals())
    if (wanted(g)) {
      auto* copy = new llvm::GlobalVariable(*module, g.getValueType(), g.isConstant(),
                                            g.getLinkage(), nullptr, g.getName(), nullptr,
                                            g.getThreadLocalMode(), g.getType()->getAddressSpace());
      copy->copyAttributesFrom(&g);
      copies[&g] = copy;
    }
  for (const llvm::Function& f : library)
    if (wanted(f)) {
      llvm::Function* copy = llvm::Function::Create(f.getFunctionType(), f.getLinkage(),
                                                    f.getAddressSpace(), f.getName(), module.get());
      copy->copyAttributesFrom(&f);
      copies[&f] = copy;
    }
  llvm::SmallVector<std::pair<unsigned, llvm::MDNode*>, 1> metadata;
  for (const llvm::GlobalVariable& g : library.globals()) {
    if (!wanted(g)) continue;
    auto* copy = llvm::cast<llvm::GlobalVariable>(copies[&g]);
    g.getAllMetadata(metadata);
    for (auto [kind, node] : metadata) copy->addMetadata(kind, *llvm::MapMetadata(node, copies));
    if (g.isDeclaration()) continue;
    if (g.hasInitializer()) copy->setInitializer(llvm::MapValue(g.getInitializer(), copies));
    copyComdat(*copy, g);
  }
  for (const llvm::Function& f : library) {
    if (!wanted(f)) continue;
    auto* copy = llvm::cast<llvm::Function>(copies[&f]);
    if (f.isDeclaration()) {
      f.getAllMetadata(metadata);
      for (auto [kind, node] : metadata) copy->addMetadata(kind, *llvm::MapMetadata(node, copies));
      continue;
    }
    auto argument = copy->arg_begin();
    for (const llvm::Argument& a : f.args()) {
      argument->setName(a.getName());
      copies[&a] = &*argument++;
    }
    llvm::SmallVector<llvm::ReturnInst*, 8> returns;
    llvm::CloneFunctionInto(copy, &f, copies, llvm::CloneFunctionChangeType::ClonedModule, returns);
    if (f.hasPersonalityFn()) copy->setPersonalityFn(llvm::MapValue(f.getPersonalityFn(), copies));
    copyComdat(*copy, f);
  }
  for (const llvm::NamedMDNode& named : library.named_metadata()) {
    llvm::NamedMDNode* copy = module->getOrInsertNamedMetadata(named.getName());
    for (const llvm::MDNode* node : named.operands())
      copy->addOperand(llvm::MapMetadata(node, copies));
  }
  return module;
}

} // namespace

std::unique_ptr<llvm::Module> loadNodeKernels(const std::set<std::string>& symbols,
                                              std::shared_ptr<llvm::LLVMContext>& context,
                                              std::string& error) {
  NodeLibrary* library = threadNodeLibrary(error);
  if (!library) return nullptr;
  llvm::SmallPtrSet<const llvm::GlobalValue*, 32> used;
  if (llvm::Error e = readUsed(*library->module, symbols, used)) {
    error = nodeKernelsError(std::move(e));
    library->module.reset(); // half read: read afresh next time
    return nullptr;
  }
  std::unique_ptr<llvm::Module> module = copyUsed(*library->module, used);
  ++library->modules;
  context = library->context;
  return module;
}

/// CodegenOptions::keepOptimised: the module is destroyed before its context.
struct OptimisedModule {
  std::shared_ptr<llvm::LLVMContext> context;
  std::unique_ptr<llvm::Module> module;
  /// Optimised up to the inlining (the quick tier's IR): the rest of the pipeline is to run.
  bool inliningOnly = false;
};

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

/// Steps 1 and 2 of the baseline tier (CodegenOptions::baseline): the node functions
/// `symbols` declared with the C signatures Kernels.cpp gives them, in a fresh context, for the
/// JIT to link to the process's native ones (Jit.cpp) rather than read from the bitcode.
std::unique_ptr<llvm::Module> declareNodeKernels(const std::set<std::string>& symbols,
                                                 std::shared_ptr<llvm::LLVMContext>& context,
                                                 std::string& error) {
  context = std::make_shared<llvm::LLVMContext>();
  auto module = std::make_unique<llvm::Module>("patch", *context);
  auto* ptr = llvm::PointerType::getUnqual(*context);
  auto* i32 = llvm::Type::getInt32Ty(*context);
  auto* i64 = llvm::Type::getInt64Ty(*context);
  auto* none = llvm::Type::getVoidTy(*context);
  for (const std::string& symbol : symbols) {
    if (!nodes::nativeFunction(symbol)) {
      error = "internal error: no native node function " + symbol;
      return nullptr;
    }
    const llvm::StringRef name(symbol);
    llvm::FunctionType* type = nullptr;
    if (name == nodes::kRingAlignSymbol) // (data, size, write, position)
      type = llvm::FunctionType::get(none, {ptr, i32, i32, i32}, false);
    else if (name.ends_with("_init")) // (state, env, seed, args)
      type = llvm::FunctionType::get(none, {ptr, ptr, i32, ptr}, false);
    else if (name.ends_with("_arena")) // (env, args)
      type = llvm::FunctionType::get(i64, {ptr, ptr}, false);
    else if (name.ends_with("_edge")) // (state, in, env)
      type = llvm::FunctionType::get(i32, {ptr, ptr, ptr}, false);
    else // _tick and _smooth: (state, in, out, env)
      type = llvm::FunctionType::get(none, {ptr, ptr, ptr, ptr}, false);
    llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage, name, *module)
        ->addFnAttr(llvm::Attribute::NoUnwind);
  }
  return module;
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

/// The node-kernel functions the lowering of `m` calls (Node.h: init, tick, arena, and a SIMD
/// bank's edge and smooth ticks); with
/// `onlyKernels` (a sorted list), those that lowering m's kernels `onlyKernels` alone calls:
/// their members' and the values outside any kernel's, which a kernel computes itself.
void addKernelSymbols(const ir::Module& m, std::set<std::string>& symbols,
                      const std::vector<uint32_t>* onlyKernels = nullptr) {
  for (const ir::Instr& in : m.instrs) {
    if (in.op != ir::Opcode::Node || !in.node) continue;
    if (onlyKernels && in.kernel != ir::kNone &&
        !std::binary_search(onlyKernels->begin(), onlyKernels->end(), in.kernel))
      continue;
    for (const char* symbol : {in.node->initSymbol, in.node->tickSymbol, in.node->arenaSymbol,
                               in.node->edgeSymbol, in.node->smoothSymbol})
      if (symbol) symbols.insert(symbol);
    if (in.node->ringLine >= 0) symbols.insert(nodes::kRingAlignSymbol); // ring banks
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

/// The optimisation pipeline of -O1 and -O2 for a patch's module: the passes of LLVM's -O2 that
/// change a DSP kernel's code, once each, in the order -O2 runs them (docs/architecture.md,
/// "Code generation"). The node kernels arrive optimised (clang -O2), the generated code is a
/// few loops per kernel, and the full pipeline's other fifty-odd passes (most of them run
/// two or three times) cost a small patch about half its optimisation time for the same
/// machine code. In order: the lane ranges phonon_process passes its kernels (ipsccp, which
/// drops the loops a bank's lane count never reaches); the node ticks inlined and their state
/// in registers; the loops rotated, their invariants (a filter's coefficients) hoisted, the
/// state promoted out of them; the loops over constant bounds cleaned up; loads of values
/// stored before forwarded (gvn); then, at -O2, the banks' lane loops vectorised, the stages
/// of a skewed chain SLP-vectorised and small loops unrolled as -O2 unrolls them; last, what
/// the vectorisers left cleaned up and hoisted, and the unused functions dropped.
///
/// A small patch (`small`, kSmallPatchWeight) runs the core of it at either level: the ticks
/// inlined, their state in registers, the loops' invariants hoisted and stores forwarded, and
/// the loop vectoriser for the loops whose state is an induction (a lone sine's fixed-point
/// phase: W1 renders about a third faster for 3-4 ms more compile). What it leaves out is what
/// a few scalar loops do not need: a small patch's banks are few lanes, lowered as vector code
/// already; SLP finds nothing in loops that carry a filter's state from sample to sample; and
/// unrolling a loop whose body is a chain of dependent filter updates saves a compare and a
/// branch per sample. Its inlining is the always-inliner's, of everything (inlineEverything):
/// LLVM's inliner left its patches' code several times slower (examples/demo.ph 215-315x real
/// time against 484x, `sine 440 * 0.1 + sine 660 * 0.1` 950x against 4 000x) unless argument
/// promotion ran first, and the two took 11 ms of the demo's quick tier, the always-inliner
/// 7.3 ms, for the same code.
/// Which passes of a level's pipeline to run (optimize).
enum class PipelinePart {
  Whole,
  Inlining,      ///< up to the inliner's cleanup: TieredPatch's quick tier
  AfterInlining, ///< the rest, on a module the inlining ran on (CodegenOptions::reuse)
};

std::string kernelPipeline(int level, bool small, PipelinePart part) {
  const std::string combine = "instcombine<no-verify-fixpoint>";
  // Inlining: the node code inlined into the generated functions and simplified. A small
  // patch inlines everything (inlineEverything marked it), without the inliner's cost model.
  const std::string cleanup =
      "function(sroa<modify-cfg>,early-cse<memssa>,simplifycfg," + combine + ")";
  std::string inlining =
      small ? "always-inline,globaldce," + cleanup : "ipsccp,cgscc(inline," + cleanup + ")";
  std::string rest;
  if (small) {
    rest = "function(loop-mssa(loop-rotate<header-duplication>,licm<allowspeculation>),"
           "simplifycfg,sroa,gvn," +
           combine + ",loop-mssa(licm<allowspeculation>),simplifycfg,loop-vectorize," + combine +
           ",simplifycfg),globaldce";
  } else {
    rest = "function(loop-mssa(loop-rotate<header-duplication>,licm<allowspeculation>),"
           "simplifycfg," +
           combine + ",loop(loop-idiom,indvars,loop-deletion),sroa,gvn," + combine +
           ",loop-mssa(licm<allowspeculation>),simplifycfg";
    if (level >= 2)
      rest += ",loop-vectorize,infer-alignment," + combine + ",simplifycfg,slp-vectorizer," +
              combine + ",loop-unroll<O2>,sroa,infer-alignment";
    // The second LICM hoists what the first left loop-invariant only once instsimplify folded
    // the phis of the state it promoted (W5's delay-line pointers, once per segment, not per
    // sample).
    rest += "," + combine +
            ",loop-mssa(licm<allowspeculation>),instsimplify,loop-mssa(licm<allowspeculation>),"
            "simplifycfg),globaldce";
  }
  switch (part) {
  case PipelinePart::Inlining:
    return inlining;
  case PipelinePart::AfterInlining:
    return rest;
  case PipelinePart::Whole:
    break;
  }
  return inlining + "," + rest;
}

/// Step 5: -O0 LLVM's -O0 pipeline (nothing but the always-inline pass), -O1 and -O2
/// kernelPipeline (for a `small` patch its small one), -O3 LLVM's whole -O3 pipeline; at every
/// level the kernels the patch does not use dropped. `part` of kernelPipeline (the quick
/// tier's inlining, and what follows for the optimised tier); -O0 and -O3 run whole.
void optimize(llvm::Module& module, llvm::TargetMachine& machine, int level, bool small,
              PipelinePart part = PipelinePart::Whole) {
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
  llvm::ModulePassManager passes;
  if (level <= 0) {
    passes = builder.buildO0DefaultPipeline(llvm::OptimizationLevel::O0);
  } else if (level >= 3) {
    passes = builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3);
  } else if (llvm::Error e =
                 builder.parsePassPipeline(passes, kernelPipeline(level, small, part))) {
    llvm::report_fatal_error(llvm::Twine("internal error: the kernel pipeline: ") +
                             llvm::toString(std::move(e)));
  }
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

namespace {

/// One of a thread's target machines (threadTargetMachine).
struct ThreadMachine {
  std::unique_ptr<llvm::TargetMachine> machine;
  bool subtargetsMade = false; ///< makeSubtargets ran for it
};

ThreadMachine& threadMachine(Target target, int level) {
  thread_local ThreadMachine machines[2][4];
  return machines[target == Target::Host ? 0 : 1][std::clamp(level, 0, 3)];
}

/// Makes `machine`'s subtargets for a patch's functions (7 million instructions the first
/// compile would otherwise spend in optimisation) and gives one of them. A machine keeps
/// a subtarget per key, made from the function's CPU, features and vector-width attributes
/// alone: the generated functions have none (prepareKernels drops the node kernels' CPU and
/// features), the node kernels clang's "min-legal-vector-width" of 0 or, where they pass
/// vectors of two floats, 64 (nodes.bc). A width missing here is made by the compile.
const llvm::TargetSubtargetInfo* makeSubtargets(llvm::TargetMachine& machine) {
  llvm::LLVMContext context;
  llvm::Module module("phonon-subtargets", context);
  auto* type = llvm::FunctionType::get(llvm::Type::getVoidTy(context), false);
  const llvm::TargetSubtargetInfo* made = nullptr;
  for (const char* width : {"", "0", "64"}) {
    llvm::Function* f =
        llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage, "f", module);
    if (*width) f->addFnAttr("min-legal-vector-width", width);
    made = machine.getSubtargetImpl(*f);
  }
  return made;
}

/// Builds the code generator's memory-unfolding table, which its first use in a process builds
/// (4 million instructions of the first code generation): a static of the target's, so it is
/// safe while another thread uses `subtarget`'s machine.
void makeUnfoldTable(const llvm::TargetSubtargetInfo& subtarget) {
  subtarget.getInstrInfo()->getOpcodeAfterMemoryUnfold(0, /*UnfoldLoad=*/true,
                                                       /*UnfoldStore=*/false);
}

} // namespace

llvm::TargetMachine* threadTargetMachine(Target target, int level, std::string& error) {
  std::unique_ptr<llvm::TargetMachine>& machine = threadMachine(target, level).machine;
  if (!machine) machine = createTargetMachine(target, level, error);
  return machine.get();
}

std::string hostCpuText(const llvm::TargetMachine& machine) {
  return machine.getTargetCPU().str() + ";" + machine.getTargetFeatureString().str();
}

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// Times consecutive phases into `times` (nothing when it is null).
struct PhaseClock {
  CodegenTimes* times;
  Clock::time_point start = Clock::now();
  void lap(const char* phase) {
    if (times) times->add(phase, msSince(start));
    start = Clock::now();
  }
};

/// Step 3's schedule for the patch and each bus voice's graph, a patch of its own alike.
std::optional<ir::Module> scheduleForLowering(const ir::Module& m, std::string& error) {
  if (std::vector<ir::Unavailable> missing = ir::unavailable(m); !missing.empty()) {
    error = missing[0].reason;
    return std::nullopt;
  }
  ir::Module scheduled = m;
  if (!completeForLowering(scheduled, error)) return std::nullopt;
  for (ir::VoiceTemplate& t : scheduled.voiceTemplates)
    if (!completeForLowering(t.graph, error)) {
      error = "voice ~" + t.bus + ": " + error;
      return std::nullopt;
    }
  for (ir::Module& shared : scheduled.voiceShared)
    if (!completeForLowering(shared, error)) {
      error = "voice.shared: " + error;
      return std::nullopt;
    }
  return scheduled;
}

/// Steps 1 and 2: a module of the node kernels, ready for a patch's code (once targetModule
/// gives it a machine's target); with
/// `onlyKernels`, for the module of those of the main patch's kernels only (lowerKernels): the
/// node code they call, read from the bitcode, is most of a small module's cost.
std::unique_ptr<llvm::Module> startModule(const ir::Module& m,
                                          std::shared_ptr<llvm::LLVMContext>& context,
                                          std::string& error, bool baseline,
                                          const std::vector<uint32_t>* onlyKernels = nullptr) {
  std::set<std::string> kernels;
  addKernelSymbols(m, kernels, onlyKernels);
  if (!onlyKernels) {
    for (const ir::VoiceTemplate& t : m.voiceTemplates) addKernelSymbols(t.graph, kernels);
    for (const ir::Module& shared : m.voiceShared) addKernelSymbols(shared, kernels);
  }
  std::unique_ptr<llvm::Module> module = baseline ? declareNodeKernels(kernels, context, error)
                                                  : loadNodeKernels(kernels, context, error);
  if (!module) return nullptr;
  module->setModuleIdentifier(m.sourceName.empty() ? "patch" : m.sourceName);
  module->setSourceFileName(m.sourceName);
  prepareKernels(*module);
  return module;
}

/// `module`'s code is for `machine`.
void targetModule(llvm::Module& module, const llvm::TargetMachine& machine) {
  module.setTargetTriple(machine.getTargetTriple().str());
  module.setDataLayout(machine.createDataLayout());
}

/// threadTargetMachine's machine for `target` at `level` with its subtargets made
/// (makeSubtargets), made on a thread of its own from construction on while the caller reads
/// the node kernels, where `helper` (a core the compile leaves free) and the thread's machine
/// has no subtargets yet (its first compile at that level); that thread then builds the
/// unfolding table (makeUnfoldTable) while the caller goes on. The caller does not use the
/// machine until take().
class ThreadMachineMaker {
public:
  ThreadMachineMaker(Target target, int level, bool helper) : target_(target), level_(level) {
    const ThreadMachine& mine = threadMachine(target, level);
    if (!helper || mine.subtargetsMade) return;
    made_ = madePromise_.get_future();
    try {
      making_ = std::thread([this, machine = mine.machine.get()] {
        if (!machine) machine_ = createTargetMachine(target_, level_, error_);
        llvm::TargetMachine* making = machine ? machine : machine_.get();
        const llvm::TargetSubtargetInfo* subtarget = making ? makeSubtargets(*making) : nullptr;
        madePromise_.set_value();
        if (subtarget) makeUnfoldTable(*subtarget);
      });
    } catch (const std::system_error&) {
      made_ = {}; // no thread to spare: take() makes the machine here
    }
  }
  ~ThreadMachineMaker() {
    if (making_.joinable()) making_.join();
  }
  ThreadMachineMaker(const ThreadMachineMaker&) = delete;
  ThreadMachineMaker& operator=(const ThreadMachineMaker&) = delete;

  /// The machine; null with `error` set when it cannot be made.
  llvm::TargetMachine* take(std::string& error) {
    ThreadMachine& mine = threadMachine(target_, level_);
    if (made_.valid()) {
      made_.wait();
      if (machine_) mine.machine = std::move(machine_);
    }
    mine.subtargetsMade = true; // here, if not before: the compile uses them
    return threadTargetMachine(target_, level_, error);
  }

private:
  Target target_;
  int level_;
  std::unique_ptr<llvm::TargetMachine> machine_;
  std::string error_; // threadTargetMachine tries again and reports
  std::promise<void> madePromise_;
  std::future<void> made_; ///< ready once the machine and its subtargets are made
  std::thread making_;
};

/// The node kernels the patch does not use (most of them), dropped before verification and
/// optimisation look at them: each module of a split compilation would otherwise pay for the
/// whole library (the optimiser drops them too, later).
void dropUnusedKernels(llvm::Module& module) {
  for (bool again = true; again;) {
    again = false;
    for (llvm::Function& f : llvm::make_early_inc_range(module))
      if (f.hasLocalLinkage() && f.use_empty()) {
        f.eraseFromParent();
        again = true;
      }
    for (llvm::GlobalVariable& g : llvm::make_early_inc_range(module.globals()))
      if (g.hasLocalLinkage() && g.use_empty()) {
        g.eraseFromParent();
        again = true;
      }
  }
}

/// A small patch's functions of its own (the node code, and LowerToLlvm.cpp's phonon_kernel_N
/// with their stems' and mix's versions) are all inlined, by the always-inliner: into
/// phonon_process, whose block fields are then read once for all kernels, as each function
/// costs the optimiser and the code generator about a millisecond of its own however small it
/// is (the demo's seven kernels 6 ms of its 38); and the node code into them, without the
/// cost model of LLVM's inliner and the simplification of each node function before it is
/// inlined (the demo's inlining 12 -> 8 ms, opt-19 -time-passes). NoInline keeps a big patch's
/// thousands of loops apart, where one function would make the loop passes super-linear; a
/// small patch's stays only on functions that kernels share (stageFunction's).
void inlineEverything(llvm::Module& module) {
  for (llvm::Function& f : module) {
    if (f.isDeclaration() || !f.hasLocalLinkage()) continue;
    if (f.getName().starts_with("phonon_kernel_")) f.removeFnAttr(llvm::Attribute::NoInline);
    if (!f.hasFnAttribute(llvm::Attribute::NoInline)) f.addFnAttr(llvm::Attribute::AlwaysInline);
  }
}

/// Steps 4 and 5 (`small`: the patch's, kSmallPatchWeight).
bool finishModule(llvm::Module& module, llvm::TargetMachine& machine, int optLevel, bool small,
                  PhaseClock& clock, std::string& error, PipelinePart part = PipelinePart::Whole) {
  dropUnusedKernels(module);
  setFloatingPointEnvironment(module);
  if (small && (optLevel == 1 || optLevel == 2)) inlineEverything(module);
  std::string problems;
  llvm::raw_string_ostream os(problems);
  if (llvm::verifyModule(module, &os)) {
    error = "internal error: invalid LLVM IR generated: " + problems;
    return false;
  }
  clock.lap("verify");
  optimize(module, machine, optLevel, small, part);
  clock.lap("llvm-optimize");
  return true;
}

/// The machine code of `module` as a file of `type`, appended to `out`.
bool emitCode(llvm::Module& module, llvm::TargetMachine& machine, llvm::CodeGenFileType type,
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

/// `machine` generating code at `level` while it lives, at its own level again after.
class MachineLevel {
public:
  MachineLevel(llvm::TargetMachine& machine, llvm::CodeGenOptLevel level)
      : machine_(machine), own_(machine.getOptLevel()) {
    machine_.setOptLevel(level);
  }
  ~MachineLevel() { machine_.setOptLevel(own_); }
  MachineLevel(const MachineLevel&) = delete;
  MachineLevel& operator=(const MachineLevel&) = delete;

private:
  llvm::TargetMachine& machine_;
  llvm::CodeGenOptLevel own_;
};

/// Each kernel's loweredWeight, in kernel order.
std::vector<float> kernelWeights(const ir::Module& scheduled) {
  std::vector<float> weights(scheduled.schedule.kernels.size());
  for (uint32_t k = 0; k < weights.size(); ++k) weights[k] = loweredWeight(scheduled, k);
  return weights;
}

/// Up to this kernel weight in all (loweredWeight), a patch without banks is small:
/// kernelPipeline's small pipeline optimises it. examples/demo.ph weighs 186, W1 14; the
/// lightest of the other workloads, W2, 672.
constexpr float kSmallPatchWeight = 256;

/// Whether `scheduled`, its kernels weighing `weights` (kernelWeights), is a small patch: light,
/// without bus voices (whose graphs the weights leave out), and each kernel a loop over the
/// samples of one voice: a bank's lane loops are vectorised and unrolled by the pipeline's
/// later passes, which the small one leaves out. Decided by the whole patch, so that each
/// module of a split one has the same pipeline.
bool smallPatch(const ir::Module& scheduled, const std::vector<float>& weights) {
  if (!scheduled.voiceTemplates.empty() || !scheduled.voiceShared.empty()) return false;
  for (const ir::Kernel& kernel : scheduled.schedule.kernels)
    if (kernel.lanes > 1) return false;
  return std::accumulate(weights.begin(), weights.end(), 0.0f) <= kSmallPatchWeight;
}

/// About this much kernel weight (loweredWeight) per module of a split patch, 25 ms of CPU or
/// so: a module costs 10 to 20 ms of its own (the node kernels' bitcode, the pass pipelines),
/// and a share this small leaves the threads little to wait for at the end. A patch is spread
/// only where the kernels besides its heaviest weigh twice this: a kernel is never split, so
/// a patch that is mostly one kernel (W3's chain, W4's sines) would only pay for more modules
/// (that kernel alone goes beside module 0 where there are two threads: heaviestApart).
constexpr float kModuleWeight = 512;

/// The main patch's kernels, of `weights` (kernelWeights), spread over `modules - 1` modules,
/// consecutive kernels of about equal weight each (module 0 keeps the patch-wide functions);
/// one empty list for one module. With `modules` 0, as many as the weights call for on
/// `threads` threads, none of them empty.
std::vector<std::vector<uint32_t>> spreadKernels(const std::vector<float>& weights,
                                                 unsigned modules, unsigned threads) {
  float total = 0, heaviest = 0;
  for (float w : weights) {
    total += w;
    heaviest = std::max(heaviest, w);
  }
  const bool automatic = modules == 0;
  if (automatic) {
    // Enough for every thread to have work while the others finish theirs; no more, since
    // each costs the same fixed start.
    auto byWeight = static_cast<unsigned>(total / kModuleWeight);
    modules = total - heaviest < 2 * kModuleWeight ? 1 : 1 + std::clamp(byWeight, 2u, 4 * threads);
  }
  modules = std::min<unsigned>(modules, 1 + static_cast<unsigned>(weights.size()));
  std::vector<std::vector<uint32_t>> parts(1);
  if (modules <= 1) return parts;
  parts.resize(modules);
  float done = 0;
  for (uint32_t k = 0; k < weights.size(); ++k) {
    // The module whose share the middle of this kernel falls in.
    float middle = done + weights[k] / 2;
    auto part = 1 + static_cast<size_t>(middle / total * static_cast<float>(modules - 1));
    parts[std::min<size_t>(part, modules - 1)].push_back(k);
    done += weights[k];
  }
  // A kernel heavier than a share leaves the shares its weight covers beyond its own empty.
  if (automatic)
    parts.erase(std::remove_if(parts.begin() + 1, parts.end(),
                               [](const std::vector<uint32_t>& part) { return part.empty(); }),
                parts.end());
  return parts;
}

/// A kernel at least this heavy (loweredWeight, about a module's share: kModuleWeight) that a
/// patch is mostly made of goes to a module of its own on a host of two threads or more,
/// though spreadKernels leaves the patch one module: what else a module holds (phonon_init,
/// phonon_process, the other kernels, a module's fixed cost) then compiles beside it rather
/// than before or after it. W5, mostly one bank: 70 ms of CPU on one thread, or 25 ms and
/// 46 ms on two.
constexpr float kOwnModuleWeight = kModuleWeight;

/// spreadKernels' one module as two where `weights` (kernelWeights) have a kernel that
/// deserves its own (kOwnModuleWeight): that kernel in module 1, the others in module 0.
/// `parts` unchanged otherwise.
std::vector<std::vector<uint32_t>> heaviestApart(const std::vector<float>& weights,
                                                 std::vector<std::vector<uint32_t>> parts,
                                                 unsigned threads) {
  if (parts.size() != 1 || threads < 2 || weights.empty()) return parts;
  const auto heaviest =
      static_cast<uint32_t>(std::max_element(weights.begin(), weights.end()) - weights.begin());
  if (weights[heaviest] < kOwnModuleWeight) return parts;
  parts.push_back({heaviest});
  return parts;
}

/// With the JIT cache, the plain split is refined so that a live edit recompiles the modules of
/// the kernels it changed only (each module is looked up by a key of its own, jitModuleKey): a
/// patch of up to this many kernels is a module per kernel, a bigger one this many modules of
/// about equal weight (or the plain split's, when that has more).
constexpr unsigned kCachedKernelModules = 16;

/// spreadKernels' `parts` as the JIT cache wants them (kCachedKernelModules).
std::vector<std::vector<uint32_t>> cachedParts(const std::vector<float>& weights,
                                               std::vector<std::vector<uint32_t>> parts,
                                               unsigned threads) {
  const auto kernels = static_cast<uint32_t>(weights.size());
  if (kernels == 0 || parts.size() - 1 >= kCachedKernelModules) return parts;
  if (kernels > kCachedKernelModules)
    return spreadKernels(weights, 1 + kCachedKernelModules, threads);
  parts.assign(1 + kernels, {});
  for (uint32_t k = 0; k < kernels; ++k) parts[1 + k].push_back(k);
  return parts;
}

/// One module of a compilation, in the context of the thread that made it (loadNodeKernels);
/// `code` is its machine code when asked.
struct CompiledModule {
  std::shared_ptr<llvm::LLVMContext> context;
  std::unique_ptr<llvm::Module> module;
  llvm::SmallVector<char, 0> code;
};

/// Lowers and optimises the patch `scheduled` (scheduleForLowering) as spreadKernels' modules,
/// at once on up to the host's number of threads (options.threads' when fewer), each with a
/// target machine of its own; with
/// `codeType`, each also becomes machine code of that type (its module is then dropped).
/// With `cache` (object code only), the modules are cachedParts', and each lowered module whose
/// key `cache` has an object for takes that object instead of being optimised and compiled;
/// the keys of those go to `reused`.
std::optional<std::vector<CompiledModule>>
compileModules(const ir::Module& scheduled, const CodegenOptions& options, Target target,
               std::optional<llvm::CodeGenFileType> codeType, std::string& error,
               JitCache* cache = nullptr, std::vector<JitCacheKey>* reused = nullptr) {
  const unsigned host = std::max(1u, std::thread::hardware_concurrency());
  const unsigned threads = options.threads ? std::min(options.threads, host) : host;
  const std::vector<float> weights = kernelWeights(scheduled);
  std::vector<std::vector<uint32_t>> parts = spreadKernels(weights, options.modules, threads);
  // A patch big enough to split is one where compile time matters: its chains are loops.
  // Decided by the plain split, so that the cache's finer one does not change the code.
  const bool stageLoops = parts.size() > 1;
  if (options.modules == 0) parts = heaviestApart(weights, std::move(parts), threads);
  const bool small = smallPatch(scheduled, weights);
  // The baseline tier is one module, optimised by nothing, its machine code LLVM's -O0.
  const int llvmLevel = options.baseline ? 0 : options.optLevel;
  if (options.baseline) {
    parts.assign(1, {});
    cache = nullptr;
  }
  // The cache's objects are the optimised code's, and a kept module is the whole patch's.
  if (options.quickCodegen || options.keepOptimised || options.reuse) cache = nullptr;
  if (codeType != llvm::CodeGenFileType::ObjectFile) cache = nullptr;
  // A compile its caller keeps to one thread (TieredPatch's, beside the interpreter on two
  // cores) is not split further for the cache: on one thread the modules would only add their
  // fixed costs.
  if (cache && options.modules == 0 && options.threads != 1)
    parts = cachedParts(weights, std::move(parts), threads);
  if (parts.size() == 1) cache = nullptr; // its object is the whole patch's entry (Jit.cpp)
  std::vector<bool> elsewhere(scheduled.schedule.kernels.size(), false);
  for (size_t p = 1; p < parts.size(); ++p)
    for (uint32_t k : parts[p]) elsewhere[k] = true;

  const unsigned workers = std::min<unsigned>(threads, static_cast<unsigned>(parts.size()));
  // A compile that leaves one of its threads free (a small patch) makes each thread's first
  // machine there while the thread reads the node kernels. Not on the cores a caller keeps
  // (options.threads): TieredPatch's interpreter renders on them, and a helper there took
  // its core (W1's whole render 40.2 -> 37.2 ms without it, 41 runs).
  const bool spareCore = workers < threads;
  // A patch of one module keeps its optimised IR, or makes the machine code of one kept.
  const bool keep = options.keepOptimised && parts.size() == 1 && !options.baseline;
  const bool reusing = options.reuse && options.reuse->module && parts.size() == 1 &&
                       !options.baseline && codeType.has_value();
  std::vector<CompiledModule> compiled(parts.size());
  std::vector<std::string> errors(parts.size());
  std::vector<std::optional<JitCacheKey>> cachedKeys(parts.size());
  std::mutex timesLock;
  auto compileOne = [&](size_t p) {
    CodegenTimes own;
    PhaseClock clock{options.times ? &own : nullptr};
    // This module's phases into the caller's, once it is compiled.
    auto addTimes = [&] {
      if (!options.times) return;
      std::lock_guard<std::mutex> lock(timesLock);
      for (auto& [phase, ms] : own.phases) options.times->add(phase, ms);
    };
    std::string& why = errors[p];
    // The baseline tier borrows the machine of the level its caller compiles at next (the
    // optimised tier's, on the same thread: one machine and one set of subtargets made).
    ThreadMachineMaker maker(target, options.optLevel, spareCore);
    CompiledModule& out = compiled[p];
    if (reusing) {
      // Another compile's optimised IR (CodegenOptions::reuse): only its machine code to make.
      out.context = options.reuse->context;
      out.module = std::move(options.reuse->module);
      llvm::TargetMachine* machine = maker.take(why);
      if (!machine) return;
      MachineLevel level(*machine, codegenLevel(llvmLevel));
      if (options.reuse->inliningOnly) { // the quick tier's: the pipeline goes on from it
        optimize(*out.module, *machine, llvmLevel, small, PipelinePart::AfterInlining);
        clock.lap("llvm-optimize");
      }
      if (!emitCode(*out.module, *machine, *codeType, out.code, why)) return;
      out.module.reset();
      out.context.reset();
      clock.lap("llvm-codegen");
      addTimes();
      return;
    }
    out.module =
        startModule(scheduled, out.context, why, options.baseline, p == 0 ? nullptr : &parts[p]);
    if (!out.module) return;
    llvm::TargetMachine* machine = maker.take(why);
    if (!machine) return;
    MachineLevel level(*machine, codegenLevel(options.quickCodegen ? 0 : llvmLevel));
    targetModule(*out.module, *machine);
    clock.lap("load-kernels");
    if (p == 0)
      lowerPatch(scheduled, *out.module, elsewhere, stageLoops, options.stems);
    else
      lowerKernels(scheduled, parts[p], *out.module, stageLoops, options.stems);
    clock.lap("lower");
    std::optional<JitCacheKey> key;
    if (cache) {
      // Named for no file: a module of one patch is as good for any other that has it.
      out.module->setModuleIdentifier("phonon-patch");
      out.module->setSourceFileName("phonon-patch");
      // Only the node code this module calls: the rest depends on the other modules.
      dropUnusedKernels(*out.module);
      key = jitModuleKey(*out.module, *machine, options.optLevel, small);
      bool fromDisk = false;
      std::unique_ptr<llvm::MemoryBuffer> object = cache->object(*key, fromDisk);
      clock.lap("cache-key");
      if (object) {
        if (fromDisk) cache->store(*key, object->getBuffer(), /*writeFile=*/false);
        out.code.assign(object->getBufferStart(), object->getBufferEnd());
        out.module.reset();
        out.context.reset();
        cachedKeys[p] = key;
      }
    }
    if (!cachedKeys[p]) {
      // The quick code of a kept module is the inlining's (kernelPipeline's, at -O1 and -O2):
      // the optimised tier runs the rest of the pipeline on the kept IR, so the whole pipeline
      // still runs once.
      const PipelinePart part = keep && options.quickCodegen && (llvmLevel == 1 || llvmLevel == 2)
                                    ? PipelinePart::Inlining
                                    : PipelinePart::Whole;
      if (!finishModule(*out.module, *machine, llvmLevel, small, clock, why, part)) return;
      if (keep) {
        // Before the code generator, which changes the IR it is given.
        *options.keepOptimised = std::make_shared<OptimisedModule>(OptimisedModule{
            out.context, llvm::CloneModule(*out.module), part == PipelinePart::Inlining});
        clock.lap("keep-ir");
      }
      if (codeType) {
        if (!emitCode(*out.module, *machine, *codeType, out.code, why)) return;
        out.module.reset();
        out.context.reset();
        clock.lap("llvm-codegen");
      }
      if (key) {
        cache->store(*key, llvm::StringRef(out.code.data(), out.code.size()), /*writeFile=*/true);
        clock.lap("cache-store");
      }
    }
    addTimes();
  };
  // Module 0 first (the patch-wide functions, a big share of a split patch's work), then the
  // heaviest: the light ones fill in at the end, rather than a heavy one running alone while
  // the other threads have nothing left to do.
  std::vector<float> partWeights(parts.size(), 0.0f);
  for (size_t p = 1; p < parts.size(); ++p)
    for (uint32_t k : parts[p]) partWeights[p] += weights[k];
  std::vector<size_t> order(parts.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin() + 1, order.end(),
                   [&](size_t a, size_t b) { return partWeights[a] > partWeights[b]; });
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < parts.size();) compileOne(order[i]);
  };
  // This thread is one of the workers (it has the tools' large stack).
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < workers; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  if (options.times) {
    options.times->modules = static_cast<unsigned>(parts.size());
    options.times->threads = workers;
  }
  for (const std::optional<JitCacheKey>& key : cachedKeys)
    if (key) {
      if (options.times) ++options.times->modulesCached;
      if (reused) reused->push_back(*key);
    }
  for (const std::string& why : errors)
    if (!why.empty()) {
      error = why;
      return std::nullopt;
    }
  return compiled;
}

/// Several compiled modules as one, in module 0's context: each written as bitcode and linked
/// in, the kernels the modules shared made internal again (the object exports phonon_patch
/// and its entry points only). Each kernel stays where module 0 declared it, in kernel order,
/// whichever module defined it: the IR's text and the object's layout are the split's alike.
bool linkModules(std::vector<CompiledModule>& compiled, std::string& error) {
  llvm::Module& into = *compiled[0].module;
  std::vector<std::string> order;
  for (llvm::Function& f : into) order.push_back(f.getName().str());
  for (size_t p = 1; p < compiled.size(); ++p) {
    llvm::SmallVector<char, 0> bitcode;
    llvm::raw_svector_ostream os(bitcode);
    llvm::WriteBitcodeToFile(*compiled[p].module, os);
    compiled[p].module.reset();
    compiled[p].context.reset();
    auto part = llvm::parseBitcodeFile(
        llvm::MemoryBufferRef(llvm::StringRef(bitcode.data(), bitcode.size()), "part"),
        into.getContext());
    if (!part) {
      error = "internal error: " + llvm::toString(part.takeError());
      return false;
    }
    if (llvm::Linker::linkModules(into, std::move(*part))) {
      error = "internal error: the compiled modules do not link";
      return false;
    }
  }
  // Module 0's functions to the end in its order, then those the others added, in theirs.
  std::vector<llvm::Function*> placed;
  for (const std::string& name : order)
    if (llvm::Function* f = into.getFunction(name)) placed.push_back(f);
  const std::set<llvm::Function*> fromModule0(placed.begin(), placed.end());
  for (llvm::Function& f : into)
    if (!fromModule0.count(&f)) placed.push_back(&f);
  auto& functions = into.getFunctionList();
  for (llvm::Function* f : placed) functions.splice(functions.end(), functions, f->getIterator());
  for (llvm::GlobalValue& g : into.global_values())
    if (!g.isDeclaration() && g.hasHiddenVisibility()) {
      g.setVisibility(llvm::GlobalValue::DefaultVisibility);
      g.setLinkage(llvm::GlobalValue::InternalLinkage);
    }
  compiled.resize(1);
  return true;
}

} // namespace

std::optional<std::vector<llvm::SmallVector<char, 0>>>
compileToObjects(const ir::Module& m, const CodegenOptions& options, std::string& error,
                 JitCache* cache, std::vector<JitCacheKey>* reused) {
  PhaseClock clock{options.times};
  std::optional<ir::Module> scheduled = scheduleForLowering(m, error);
  if (!scheduled) return std::nullopt;
  clock.lap("schedule");
  auto compiled = compileModules(*scheduled, options, Target::Host,
                                 llvm::CodeGenFileType::ObjectFile, error, cache, reused);
  if (!compiled) return std::nullopt;
  std::vector<llvm::SmallVector<char, 0>> objects;
  for (CompiledModule& c : *compiled) objects.push_back(std::move(c.code));
  return objects;
}

namespace {

/// Compiles for `target` and writes the result as LLVM IR text (no file type) or with the
/// target machine's code generator (assembly, object).
bool emit(const ir::Module& m, const CodegenOptions& options, Target target,
          std::optional<llvm::CodeGenFileType> type, std::string& out, std::string& error) {
  Clock::time_point start = Clock::now();
  PhaseClock clock{options.times};
  std::optional<ir::Module> scheduled = scheduleForLowering(m, error);
  if (!scheduled) return false;
  clock.lap("schedule");
  auto compiled = compileModules(*scheduled, options, target, std::nullopt, error);
  if (!compiled) return false;
  clock.start = Clock::now();
  if (compiled->size() > 1) {
    if (!linkModules(*compiled, error)) return false;
    clock.lap("link-modules");
  }
  llvm::Module& module = *(*compiled)[0].module;
  if (target == Target::Host) {
    // Code for this CPU only: say which, for loadObjectFile to check.
    llvm::TargetMachine* machine = threadTargetMachine(target, options.optLevel, error);
    if (!machine) return false;
    auto* text = llvm::ConstantDataArray::getString(module.getContext(), hostCpuText(*machine));
    new llvm::GlobalVariable(module, text->getType(), true, llvm::GlobalValue::ExternalLinkage,
                             text, PHONON_HOST_CPU_SYMBOL);
  }
  llvm::SmallVector<char, 0> buffer;
  if (!type) {
    llvm::raw_svector_ostream os(buffer);
    module.print(os, nullptr);
  } else {
    auto machine = createTargetMachine(target, options.optLevel, error);
    if (!machine || !emitCode(module, *machine, *type, buffer, error)) return false;
    clock.lap("llvm-codegen");
  }
  out.assign(buffer.begin(), buffer.end());
  if (options.times) options.times->wallMs += msSince(start);
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
