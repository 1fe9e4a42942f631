// Lowers a scheduled Phonon IR module to LLVM IR: phonon_init, one function per kernel, one
// task function per parallel batch, phonon_process and the descriptor; then the same for each
// bus voice's graph, under the prefix phonon_voiceT_, and for the graph of the buses the voices
// share, under phonon_voiceshared_, which the main descriptor lists.
//
// A kernel is one loop (DESIGN §6): its const- and block-rate inputs are computed once before
// it, its event-rate inputs once per segment (the runs of constant event values the runtime
// prepared), and its members once per sample, with the values it reads from other kernels
// loaded from their buffers at the top of each sample and the values others read stored at the
// bottom (so a buffer may be overwritten in place). Each node is a call to its kernel
// (phn_<name>_tick); the optimiser inlines the calls, so a loop body becomes straight
// arithmetic with the node states in registers. A bank (`lanes` > 1) is a loop over lanes
// inside the sample loop, its per-lane inputs in arrays, its states at a fixed stride.
// phonon_process runs the batches in order, a parallel one through the host's thread pool.
#include "Lowering.h"

#include "phonon/ir/Ops.h"
#include "phonon/patch_abi.h"

#include <llvm/Analysis/LoopInfo.h>
#include <llvm/Analysis/ValueTracking.h>
#include <llvm/IR/DiagnosticInfo.h>
#include <llvm/IR/Dominators.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/InlineAsm.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/Transforms/Utils/Cloning.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <functional>
#include <map>
#include <set>
#include <string_view>

namespace phonon::codegen {

namespace {

using ir::kNone;
using ir::ValueId;

/// Fields of phonon_block_context, by index (mirrors patch_abi.h).
enum CtxField : unsigned {
  CtxFrames = 0,
  CtxOutputs = 2,
  CtxSegments = 6,
  CtxStarts = 8,
  CtxValues = 9,
  CtxCps = 10,
  CtxBuffers = 11,
  CtxStride = 12,
  CtxParallelFor = 13,
  CtxPool = 14,
  CtxVoiceOutputs = 16,
  CtxStemOutputs = 17,
  CtxVoicePitch = 18,
  CtxVoiceInputs = 19,
};
// The LLVM structs below end where the C ones do; a field added to either needs one here.
static_assert(offsetof(phonon_block_context, voice_inputs) + sizeof(void*) ==
              sizeof(phonon_block_context));
static_assert(offsetof(phonon_patch_descriptor, voice_shared) + sizeof(void*) ==
              sizeof(phonon_patch_descriptor));

/// A compiled bus voice as the main descriptor lists it: the bus's name and its graph's
/// descriptor.
struct CompiledVoice {
  std::string bus;
  llvm::GlobalVariable* descriptor;
};

class Lowerer {
public:
  /// Lowers `m` with every symbol it defines named `prefix` + what (symbolName(); the main
  /// patch's prefix is "phonon_", so its descriptor is PHONON_PATCH_SYMBOL); `exported` gives
  /// its entry points and descriptor external linkage (the main patch), else they are internal
  /// (a voice template's graph, reached only through the main descriptor). `stageLoops`:
  /// runs of alike nodes in a chain become loops over their stages (stageRunsOf). Without
  /// `stems`, the outputs are not computed apart (the main mix only, num_stems 0).
  Lowerer(const ir::Module& m, llvm::Module& module, std::string prefix, bool exported,
          bool stageLoops = false, bool stems = true)
      : m_(m), module_(module), context_(module.getContext()), layout_(ir::layoutState(m)),
        fileSlots_(ir::fileSlots(m)), prefix_(std::move(prefix)), exported_(exported),
        stageLoops_(stageLoops), stems_(stems) {
    f32_ = llvm::Type::getFloatTy(context_);
    i32_ = llvm::Type::getInt32Ty(context_);
    i64_ = llvm::Type::getInt64Ty(context_);
    ptr_ = llvm::PointerType::get(context_, 0);
    auto* f64 = llvm::Type::getDoubleTy(context_);
    ctxType_ = llvm::StructType::get(context_,
                                     {i32_, i32_, ptr_, i64_, f64,  f64,  i32_, i32_, ptr_, ptr_,
                                      f64,  ptr_, i32_, ptr_, ptr_, i32_, ptr_, ptr_, f32_, ptr_});
    for (ValueId id = 0; id < m.instrs.size(); ++id)
      if (m[id].op == ir::Opcode::Stem)
        stemNumber_.emplace(id, static_cast<uint32_t>(stemNumber_.size()));
    members_.resize(m.schedule.kernels.size());
    bankLoop_.assign(m.schedule.kernels.size(), false);
    for (ValueId id = 0; id < m.instrs.size(); ++id)
      if (m[id].kernel != kNone) members_[m[id].kernel].push_back(id);
  }

  /// Emits the patch and returns its descriptor, which lists `voices` as its bus voices and
  /// `shared` (null for none) as the graph of the buses they share.
  /// Kernels for which `elsewhere` is true are only declared here: lowerKernels defines them
  /// in another module.
  llvm::GlobalVariable* run(const std::vector<CompiledVoice>& voices,
                            llvm::GlobalVariable* shared = nullptr,
                            const std::function<bool(uint32_t)>& elsewhere = {}) {
    llvm::Function* arenaSize = emitArenaSize();
    llvm::Function* init = emitInit();
    // The stage functions of every module's staged runs are this module's (runKernels'
    // modules declare them): LLVM compiles each once per patch.
    if (elsewhere && stageLoops_) {
      shareStageFunctions_ = true;
      // (Every kernel's, a bank's too: emitKernel stages a run wherever describeBank finds
      // no bank, and a declared stage function must be defined here.)
      for (uint32_t k = 0; k < members_.size(); ++k) {
        std::map<ValueId, uint32_t> writeBuffer;
        for (const ir::BufferUse& u : m_.schedule.kernels[k].writes)
          writeBuffer[u.value] = u.buffer;
        if (auto run = stagedRunOf(members_[k], writeBuffer))
          stageFunction(members_[k][run->begin]);
      }
    }
    std::vector<llvm::Function*> kernels;
    for (uint32_t k = 0; k < members_.size(); ++k)
      kernels.push_back(elsewhere && elsewhere(k) ? declareKernel(k) : emitAnyKernel(k));
    llvm::Function* process = emitProcess(kernels);
    return emitDescriptor(init, process, arenaSize, voices, shared);
  }

  /// Defines kernels `ks` only, each visible to the module that runs them (run's `elsewhere`).
  void runKernels(const std::vector<uint32_t>& ks) {
    declareStageFunctions_ = true; // run() defines them
    for (uint32_t k : ks) {
      llvm::Function* f = emitAnyKernel(k);
      f->setLinkage(llvm::GlobalValue::ExternalLinkage);
      f->setVisibility(llvm::GlobalValue::HiddenVisibility);
      bindLaneRange(k, f);
    }
  }

  /// phonon_process, in another module, calls kernel k `f` with constant lane ranges (tasksOf);
  /// when that is one range, f's lane arguments become its constants, as LLVM's constant
  /// propagation makes them when both are in one module (a bank's loop then has a known trip
  /// count: a separate module cost W5's bank a fifth of its speed without this).
  void bindLaneRange(uint32_t k, llvm::Function* f) {
    for (const ir::Batch& batch : m_.schedule.batches)
      if (std::find(batch.kernels.begin(), batch.kernels.end(), k) != batch.kernels.end()) {
        ir::Batch alone = batch;
        alone.kernels = {k};
        std::vector<Task> tasks = tasksOf(alone);
        if (tasks.size() != 1) return;
        f->getArg(2)->replaceAllUsesWith(llvm::ConstantInt::get(i64_, tasks[0].firstLane));
        f->getArg(3)->replaceAllUsesWith(llvm::ConstantInt::get(i64_, tasks[0].endLane));
        return;
      }
  }

  /// The copies of SIMD bank `k`'s lane code emitSimdBank emits: one per unrolled lane loop,
  /// or with group loops, the loop over whole groups and the short group's.
  static uint64_t simdLaneCodeCopies(const ir::Module& m, uint32_t k) {
    if (!groupLoopsFor(m, k)) return unrolledLaneLoops(m, k);
    const uint32_t lanes = m.schedule.kernels[k].lanes;
    return (lanes >= ir::kLaneGroup ? 1 : 0) + (lanes % ir::kLaneGroup != 0 ? 1 : 0);
  }

private:
  // ---- helpers ------------------------------------------------------------------------------

  llvm::Function* kernelFunction(const char* symbol) {
    llvm::Function* f = module_.getFunction(symbol);
    if (!f) llvm::report_fatal_error(llvm::Twine("node kernel missing from bitcode: ") + symbol);
    return f;
  }

  /// The name of this patch's symbol `what` (prefix_ + what).
  std::string symbolName(const std::string& what) const { return prefix_ + what; }

  /// Function `what` of this patch: an entry point of the ABI (external when the patch is
  /// exported), or a function only the patch's own code calls (internal).
  llvm::Function* define(const std::string& what, llvm::FunctionType* type, bool entryPoint) {
    llvm::Function* f =
        llvm::Function::Create(type,
                               entryPoint && exported_ ? llvm::GlobalValue::ExternalLinkage
                                                       : llvm::GlobalValue::InternalLinkage,
                               symbolName(what), module_);
    f->addFnAttr(llvm::Attribute::NoUnwind);
    return f;
  }

  /// The names a counted loop gives its blocks and its index.
  struct LoopNames {
    const char *block, *done, *index, *next;
  };
  /// A loop at b's insert point that runs `body(index)` for index = from, from + 1, … while it
  /// is below `end` (at least once: the callers know from < end); b continues after it. The
  /// body may add blocks of its own. Returns the latch's branch, for loop metadata.
  llvm::BranchInst* emitCountedLoop(llvm::IRBuilder<>& b, llvm::Function* f, LoopNames names,
                                    llvm::Value* from, llvm::Value* end,
                                    const std::function<void(llvm::Value*)>& body) {
    llvm::BasicBlock* before = b.GetInsertBlock();
    auto* loop = llvm::BasicBlock::Create(context_, names.block, f);
    auto* done = llvm::BasicBlock::Create(context_, names.done, f);
    b.CreateBr(loop);
    b.SetInsertPoint(loop);
    llvm::PHINode* index = b.CreatePHI(i64_, 2, names.index);
    index->addIncoming(from, before);
    body(index);
    llvm::Value* next = b.CreateAdd(index, b.getInt64(1), names.next, true, true);
    index->addIncoming(next, b.GetInsertBlock());
    llvm::BranchInst* latch = b.CreateCondBr(b.CreateICmpULT(next, end), loop, done);
    b.SetInsertPoint(done);
    return latch;
  }

  llvm::Value* field(llvm::IRBuilder<>& b, llvm::Value* ctx, CtxField f, llvm::Type* type,
                     const char* name) {
    return b.CreateLoad(type, b.CreateStructGEP(ctxType_, ctx, f), name);
  }

  llvm::Value* statePointer(llvm::IRBuilder<>& b, llvm::Value* state, ValueId id) {
    const ir::Instr& in = m_[id];
    if (in.op != ir::Opcode::Node || in.node->stateSize == 0)
      return llvm::ConstantPointerNull::get(ptr_);
    return b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), state, layout_.offsets[id]);
  }

  llvm::Value* feedbackCell(llvm::IRBuilder<>& b, llvm::Value* state, uint32_t slot) {
    return b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), state, layout_.feedbackOffset + 4ull * slot);
  }

  std::string valueName(ValueId id) const {
    return m_[id].name.empty() ? "" : m_[id].name.substr(m_[id].name[0] == '~' ? 1 : 0);
  }

  /// One node tick through small argument and result arrays (allocas of the function's entry,
  /// which vanish into registers once the call is inlined).
  /// `symbol`: another function of the node with tick's signature (its smooth tick).
  llvm::Value* tick(llvm::IRBuilder<>& b, llvm::Value* statePtr, llvm::Value* state, ValueId id,
                    const std::vector<llvm::Value*>& operands, bool alwaysInline = false,
                    const char* symbol = nullptr) {
    const ir::Instr& in = m_[id];
    auto* argsType = llvm::ArrayType::get(f32_, std::max<size_t>(1, operands.size()));
    auto [args, result] = scratch(argsType);
    for (size_t p = 0; p < operands.size(); ++p)
      b.CreateStore(operands[p], b.CreateConstInBoundsGEP2_32(argsType, args, 0, p));
    if (in.node->numOutputs == 2) // out[0] is the value, out[1] is for its `right`
      result = llvm::IRBuilder<>(allocaBlock_, allocaBlock_->begin())
                   .CreateAlloca(llvm::ArrayType::get(f32_, 2), nullptr, "results");
    llvm::CallInst* call = b.CreateCall(kernelFunction(symbol ? symbol : in.node->tickSymbol),
                                        {statePtr, args, result, state});
    if (alwaysInline) call->addFnAttr(llvm::Attribute::AlwaysInline);
    if (in.node->numOutputs == 2)
      rightOutputs_[id] = b.CreateLoad(f32_, b.CreateConstInBoundsGEP1_64(f32_, result, 1),
                                       valueName(id).empty() ? "right" : valueName(id) + ".right");
    return b.CreateLoad(f32_, result, valueName(id));
  }

  /// Whether node `id` is near a jump of its waveform this sample (its edgeSymbol, Node.h): an
  /// i32, 0 where its smooth tick is its tick. Inlined, like a lane's tick.
  llvm::Value* edge(llvm::IRBuilder<>& b, llvm::Value* statePtr, llvm::Value* state, ValueId id,
                    const std::vector<llvm::Value*>& operands) {
    auto* argsType = llvm::ArrayType::get(f32_, std::max<size_t>(1, operands.size()));
    llvm::Value* args = scratch(argsType).first;
    for (size_t p = 0; p < operands.size(); ++p)
      b.CreateStore(operands[p], b.CreateConstInBoundsGEP2_32(argsType, args, 0, p));
    llvm::CallInst* call =
        b.CreateCall(kernelFunction(m_[id].node->edgeSymbol), {statePtr, args, state});
    call->addFnAttr(llvm::Attribute::AlwaysInline);
    return call;
  }

  /// A fresh argument array and result cell at the top of the current function (where
  /// mem2reg/SROA expect allocas).
  std::pair<llvm::Value*, llvm::Value*> scratch(llvm::ArrayType* argsType) {
    llvm::IRBuilder<> top(allocaBlock_, allocaBlock_->begin());
    return {top.CreateAlloca(argsType, nullptr, "args"), top.CreateAlloca(f32_, nullptr, "result")};
  }

  /// The value of a non-kernel instruction (const, tempo, pattern, pure nodes and buses below
  /// audio rate), or of a kernel member computed earlier in the same sample.
  llvm::Value* computeInvariant(llvm::IRBuilder<>& b, llvm::Value* state, llvm::Value* ctx,
                                llvm::Value* row, ValueId id) {
    const ir::Instr& in = m_[id];
    switch (in.op) {
    case ir::Opcode::Const:
      return llvm::ConstantFP::get(f32_, in.value);
    case ir::Opcode::Tempo:
      return b.CreateFPTrunc(field(b, ctx, CtxCps, b.getDoubleTy(), "cps.d"), f32_, "cps");
    case ir::Opcode::VoicePitch:
      return field(b, ctx, CtxVoicePitch, f32_, "voice.pitch");
    case ir::Opcode::Pattern:
      return b.CreateLoad(f32_, b.CreateConstInBoundsGEP1_64(f32_, row, in.slot), valueName(id));
    case ir::Opcode::Bus:
      return values_[in.operands[0]];
    case ir::Opcode::Sum:
      return sum(b, in);
    case ir::Opcode::Node: {
      std::vector<llvm::Value*> operands;
      for (ValueId op : in.operands) operands.push_back(values_[op]);
      return tick(b, statePointer(b, state, id), env_ ? env_ : state, id, operands);
    }
    default:
      llvm::report_fatal_error("codegen: this instruction cannot be computed outside a kernel");
    }
  }

  /// A Sum in the order of ir::sumOf: per chunk, operand k into partial k mod 8 (from +0),
  /// then the partials in order; then the chunks' totals in order.
  llvm::Value* sum(llvm::IRBuilder<>& b, const ir::Instr& in) {
    const size_t size = ir::sumChunkSize(in.operands.size());
    llvm::Value* total = nullptr;
    for (size_t first = 0; first < in.operands.size(); first += size) {
      std::vector<llvm::Value*> partial(ir::kSumPartials, llvm::ConstantFP::get(f32_, 0.0));
      const size_t end = std::min(in.operands.size(), first + size);
      for (size_t k = first; k < end; ++k)
        partial[k % ir::kSumPartials] =
            b.CreateFAdd(partial[k % ir::kSumPartials], values_[in.operands[k]], "partial");
      llvm::Value* chunk = partial[0];
      for (uint32_t p = 1; p < ir::kSumPartials; ++p)
        chunk = b.CreateFAdd(chunk, partial[p], "chunk");
      total = total ? b.CreateFAdd(total, chunk, "sum") : chunk;
    }
    return total;
  }

  /// The non-kernel instructions a kernel needs, transitively, in instruction order.
  std::vector<ValueId> invariantsOf(uint32_t k) {
    std::set<ValueId> needed;
    std::vector<ValueId> work;
    for (ValueId id : members_[k])
      for (ValueId op : m_[id].operands)
        if (m_[op].kernel == kNone && needed.insert(op).second) work.push_back(op);
    while (!work.empty()) {
      ValueId id = work.back();
      work.pop_back();
      for (ValueId op : m_[id].operands)
        if (needed.insert(op).second) work.push_back(op);
    }
    return {needed.begin(), needed.end()};
  }

  // ---- phonon_arena_size and phonon_init -----------------------------------------------------

  /// nodes::Env at `env` for a sample rate, as the interpreter fills it.
  void storeEnv(llvm::IRBuilder<>& b, llvm::Value* env, llvm::Value* rate) {
    b.CreateStore(rate, env);
    b.CreateStore(
        b.CreateFDiv(llvm::ConstantFP::get(f32_, 1.0), rate),
        b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), env, offsetof(nodes::Env, invSampleRate)));
    b.CreateStore(
        llvm::ConstantFP::get(b.getDoubleTy(), m_.patterns.start.toDouble()),
        b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), env, offsetof(nodes::Env, startCycle)));
  }

  /// nodes::InitArgs and nodes::ConstArg as LLVM structs (the same layout as the C++ ones).
  llvm::StructType* initArgsType() {
    return llvm::StructType::get(context_, {ptr_, i32_, ptr_, i64_});
  }
  llvm::StructType* constArgType() { return llvm::StructType::get(context_, {ptr_, i32_}); }

  /// The node's constant arguments (ir::constArgs) as a private constant array; null when it
  /// has none.
  llvm::Constant* constArgsOf(ValueId id) {
    if (auto it = constArgs_.find(id); it != constArgs_.end()) return it->second;
    std::vector<nodes::ConstArg> args = ir::constArgs(m_, id);
    if (args.empty()) return constArgs_[id] = llvm::ConstantPointerNull::get(ptr_);
    std::vector<llvm::Constant*> entries;
    for (const nodes::ConstArg& a : args) {
      llvm::Constant* items = llvm::ConstantPointerNull::get(ptr_);
      if (a.count) {
        auto* data = llvm::ConstantDataArray::get(context_, llvm::ArrayRef(a.items, a.count));
        items = new llvm::GlobalVariable(module_, data->getType(), true,
                                         llvm::GlobalValue::PrivateLinkage, data, "const_items");
      }
      entries.push_back(llvm::ConstantStruct::get(constArgType(),
                                                  {items, llvm::ConstantInt::get(i32_, a.count)}));
    }
    auto* arrayType = llvm::ArrayType::get(constArgType(), entries.size());
    return constArgs_[id] =
               new llvm::GlobalVariable(module_, arrayType, true, llvm::GlobalValue::PrivateLinkage,
                                        llvm::ConstantArray::get(arrayType, entries), "const_args");
  }

  /// The constant arguments of node `id` where its init can read them: constArgsOf, or for a
  /// node with a file port a copy of it on the stack whose file entries are the host's loaded
  /// samples (files[slot], phonon_file_data: the same layout as a ConstArg).
  llvm::Value* constArgsWithFiles(llvm::IRBuilder<>& b, ValueId id, llvm::Value* files) {
    llvm::Constant* args = constArgsOf(id);
    const ir::Instr& in = m_[id];
    std::vector<std::pair<size_t, uint32_t>> filePorts; // port, file slot
    for (size_t p = 0; p < in.operands.size(); ++p)
      if (fileSlots_[in.operands[p]] != kNone)
        filePorts.emplace_back(p, fileSlots_[in.operands[p]]);
    if (filePorts.empty()) return args;
    auto* arrayType = llvm::ArrayType::get(constArgType(), in.operands.size());
    llvm::Value* copy = llvm::IRBuilder<>(allocaBlock_, allocaBlock_->begin())
                            .CreateAlloca(arrayType, nullptr, "const_args.files");
    b.CreateStore(b.CreateLoad(arrayType, args), copy);
    for (auto [port, slot] : filePorts) {
      llvm::Value* file = b.CreateLoad(
          constArgType(), b.CreateConstInBoundsGEP1_64(constArgType(), files, slot), "file");
      b.CreateStore(file, b.CreateConstInBoundsGEP2_32(arrayType, copy, 0, port));
    }
    return copy;
  }

  /// Fills `initArgs` for node `id`: its constant arguments, and the arena slice at `slice`
  /// of `bytes` (null when bytes is 0, as ir::layoutArena's users pass it).
  void storeInitArgs(llvm::IRBuilder<>& b, llvm::Value* initArgs, ValueId id, llvm::Value* slice,
                     llvm::Value* bytes, llvm::Value* files) {
    llvm::StructType* type = initArgsType();
    llvm::Constant* constant = constArgsOf(id);
    llvm::Value* args = constArgsWithFiles(b, id, files);
    uint32_t numArgs = constant->isNullValue() ? 0 : static_cast<uint32_t>(m_[id].operands.size());
    b.CreateStore(args, b.CreateStructGEP(type, initArgs, 0));
    b.CreateStore(b.getInt32(numArgs), b.CreateStructGEP(type, initArgs, 1));
    llvm::Value* none = llvm::ConstantPointerNull::get(ptr_);
    if (slice) slice = b.CreateSelect(b.CreateICmpEQ(bytes, b.getInt64(0)), none, slice);
    b.CreateStore(slice ? slice : none, b.CreateStructGEP(type, initArgs, 2));
    b.CreateStore(bytes ? bytes : b.getInt64(0), b.CreateStructGEP(type, initArgs, 3));
  }

  bool hasConstArgs(ValueId id) { return !constArgsOf(id)->isNullValue(); }

  /// The arena bytes node `id` asks for, given the Env at `env`.
  llvm::Value* arenaBytes(llvm::IRBuilder<>& b, llvm::Value* env, llvm::Value* initArgs, ValueId id,
                          llvm::Value* files) {
    storeInitArgs(b, initArgs, id, nullptr, nullptr, files);
    return b.CreateCall(kernelFunction(m_[id].node->arenaSymbol), {env, initArgs}, "arena.bytes");
  }

  llvm::Value* arenaRoundUp(llvm::IRBuilder<>& b, llvm::Value* bytes) {
    return b.CreateAnd(b.CreateAdd(bytes, b.getInt64(nodes::kArenaAlign - 1)),
                       b.getInt64(~(nodes::kArenaAlign - 1)));
  }

  /// A lane-contiguous bank's nodes with arenas, consecutive among the patch's arena nodes in
  /// lane-major order (lane 0's members, lane 1's, …): a lane asks for the same bytes (no
  /// constant arguments), so each member's slices are a base plus a multiple of the lane's
  /// bytes, computed by phonon_arena_size and phonon_init without a call per lane (3 000
  /// delays in a bank were 3 000 inlined arena queries in each, most of a big patch's compile).
  struct ArenaRun {
    uint32_t kernel;
    std::vector<ValueId> members; ///< lane 0's nodes with arenas, in order
    uint64_t lanes;
  };
  /// The arena runs, by the first node of each (lane 0's first member with an arena).
  std::map<ValueId, ArenaRun> arenaRuns() const {
    std::vector<ValueId> arenaNodes;
    std::vector<size_t> position(m_.instrs.size(), SIZE_MAX);
    for (ValueId id = 0; id < m_.instrs.size(); ++id)
      if (m_[id].op == ir::Opcode::Node && m_[id].node->arena) {
        position[id] = arenaNodes.size();
        arenaNodes.push_back(id);
      }
    std::map<ValueId, ArenaRun> runs;
    for (uint32_t k = 0; k < members_.size(); ++k) {
      if (!ir::laneContiguous(m_, k)) continue;
      const uint64_t lanes = m_.schedule.kernels[k].lanes;
      const size_t width = (members_[k].size() - (ir::bankSum(m_, k) != kNone)) / lanes;
      std::vector<ValueId> inRun; // the bank's arena nodes, lane-major
      ArenaRun run{k, {}, lanes};
      for (uint64_t lane = 0; lane < lanes; ++lane)
        for (size_t j = 0; j < width; ++j) {
          const ValueId id = members_[k][lane * width + j];
          if (position[id] == SIZE_MAX) continue;
          inRun.push_back(id);
          if (lane == 0) run.members.push_back(id);
        }
      if (inRun.empty()) continue;
      bool consecutive = true;
      for (size_t i = 1; i < inRun.size() && consecutive; ++i)
        consecutive = position[inRun[i]] == position[inRun[i - 1]] + 1;
      if (consecutive) runs.emplace(inRun[0], std::move(run));
    }
    return runs;
  }

  /// phonon_arena_size(rate, files): the sum of every node's slice, in ir::layoutArena's order.
  llvm::Function* emitArenaSize() {
    auto* type = llvm::FunctionType::get(i64_, {f32_, ptr_}, false);
    llvm::Function* f = define("arena_size", type, true);
    allocaBlock_ = llvm::BasicBlock::Create(context_, "entry", f);
    llvm::IRBuilder<> b(allocaBlock_);
    llvm::Value* env = b.CreateAlloca(llvm::ArrayType::get(b.getInt8Ty(), sizeof(nodes::Env)));
    llvm::cast<llvm::AllocaInst>(env)->setAlignment(llvm::Align(alignof(nodes::Env)));
    llvm::Value* initArgs = b.CreateAlloca(initArgsType());
    storeEnv(b, env, f->getArg(0));
    llvm::Value* total = b.getInt64(0);
    const std::map<ValueId, ArenaRun> runs = arenaRuns();
    std::vector<bool> inRun(m_.instrs.size(), false);
    for (ValueId id = 0; id < m_.instrs.size(); ++id) {
      if (m_[id].op != ir::Opcode::Node || !m_[id].node->arena || inRun[id]) continue;
      if (auto run = runs.find(id); run != runs.end()) {
        llvm::Value* laneBytes = b.getInt64(0);
        for (ValueId member : run->second.members)
          laneBytes = b.CreateAdd(
              laneBytes, arenaRoundUp(b, arenaBytes(b, env, initArgs, member, f->getArg(1))));
        total = b.CreateAdd(total, b.CreateMul(laneBytes, b.getInt64(run->second.lanes)));
        markArenaRun(run->second, inRun);
        continue;
      }
      total = b.CreateAdd(total, arenaRoundUp(b, arenaBytes(b, env, initArgs, id, f->getArg(1))));
    }
    b.CreateRet(total);
    return f;
  }

  /// Marks every node of `run`, all its lanes, in `inRun`.
  void markArenaRun(const ArenaRun& run, std::vector<bool>& inRun) const {
    for (ValueId member : run.members) {
      const size_t j = static_cast<size_t>(
          std::find(members_[run.kernel].begin(), members_[run.kernel].end(), member) -
          members_[run.kernel].begin());
      const size_t width =
          (members_[run.kernel].size() - (ir::bankSum(m_, run.kernel) != kNone)) / run.lanes;
      for (uint64_t lane = 0; lane < run.lanes; ++lane)
        inRun[members_[run.kernel][lane * width + j]] = true;
    }
  }

  llvm::Function* emitInit() {
    auto* type =
        llvm::FunctionType::get(llvm::Type::getVoidTy(context_), {ptr_, f32_, ptr_, ptr_}, false);
    llvm::Function* f = define("init", type, true);
    allocaBlock_ = llvm::BasicBlock::Create(context_, "entry", f);
    llvm::IRBuilder<> b(allocaBlock_);
    llvm::Value* state = f->getArg(0);
    llvm::Value* rate = f->getArg(1);
    llvm::Value* arena = f->getArg(2);
    llvm::Value* files = f->getArg(3);
    // The Env at the start of the state block (nodes::Env).
    storeEnv(b, state, rate);
    llvm::Value* initArgs = b.CreateAlloca(initArgsType());
    // A node with neither constant arguments nor an arena shares one empty InitArgs.
    llvm::Constant* noArgs = nullptr;
    auto emptyInitArgs = [&] {
      if (!noArgs) {
        llvm::Constant* none = llvm::ConstantPointerNull::get(ptr_);
        noArgs = new llvm::GlobalVariable(
            module_, initArgsType(), true, llvm::GlobalValue::PrivateLinkage,
            llvm::ConstantStruct::get(initArgsType(), {none, b.getInt32(0), none, b.getInt64(0)}),
            "no_init_args");
      }
      return noArgs;
    };
    // A lane-contiguous bank member with an arena: each lane's slice and size, kept for the
    // bank's init loop below (lane l of member id at laneArenas[id], index l).
    std::map<ValueId, std::pair<llvm::Value*, llvm::Value*>> laneArenas; // first lane → arrays
    std::map<ValueId, std::pair<ValueId, uint64_t>> laneOf;              // id → first lane, lane
    // A bank's arena run (arenaRuns): lane l's slice of member `first` is at
    // offset + l · laneBytes, its size `bytes`.
    struct RunSlice {
      llvm::Value *offset, *laneBytes, *bytes;
    };
    const std::map<ValueId, ArenaRun> runs = arenaRuns();
    std::set<uint32_t> runKernels;
    for (const auto& [first, run] : runs) runKernels.insert(run.kernel);
    std::map<ValueId, RunSlice> runSlices; // first lane → its slices
    std::vector<bool> inRun(m_.instrs.size(), false);
    for (uint32_t k = 0; k < members_.size(); ++k) {
      if (!ir::laneContiguous(m_, k) || runKernels.count(k)) continue;
      const uint64_t lanes = m_.schedule.kernels[k].lanes;
      const size_t width = (members_[k].size() - (ir::bankSum(m_, k) != kNone)) / lanes;
      for (size_t j = 0; j < width; ++j) {
        ValueId first = members_[k][j];
        if (m_[first].op != ir::Opcode::Node || !m_[first].node->arena) continue;
        llvm::IRBuilder<> top(allocaBlock_, allocaBlock_->begin());
        laneArenas[first] = {
            top.CreateAlloca(llvm::ArrayType::get(ptr_, lanes), nullptr, "lane.arenas"),
            top.CreateAlloca(llvm::ArrayType::get(i64_, lanes), nullptr, "lane.arena.bytes")};
        for (uint64_t lane = 0; lane < lanes; ++lane)
          laneOf[members_[k][lane * width + j]] = {first, lane};
      }
    }
    // With stageLoops_, a run of alike nodes without arguments whose states lie at a fixed
    // stride is initialised by a loop (a chain of 100 000 filters: one loop, not 100 000 inlined
    // inits). Each init writes its own state only, so the order does not matter.
    std::vector<ValueId> initRun;
    uint64_t initStride = 0;
    auto flushInitRun = [&] {
      if (initRun.size() >= kMinStageRun) {
        emitInitLoop(b, f, state, initRun, initStride, emptyInitArgs());
      } else {
        for (ValueId id : initRun)
          b.CreateCall(
              kernelFunction(m_[id].node->initSymbol),
              {statePointer(b, state, id), state, b.getInt32(m_[id].seed), emptyInitArgs()});
      }
      initRun.clear();
    };
    llvm::Value* offset = b.getInt64(0);
    for (ValueId id = 0; id < m_.instrs.size(); ++id) {
      const ir::Instr& in = m_[id];
      if (in.op != ir::Opcode::Node) continue;
      llvm::Value* args = nullptr;
      if (inRun[id]) continue; // initialised by its bank's loop below
      if (auto run = runs.find(id); run != runs.end()) {
        // The bank's slices, lane after lane, as phonon_arena_size counts them.
        std::vector<std::pair<llvm::Value*, llvm::Value*>> sizes; // bytes, rounded up
        llvm::Value* laneBytes = b.getInt64(0);
        for (ValueId member : run->second.members) {
          llvm::Value* bytes = arenaBytes(b, state, initArgs, member, files);
          sizes.emplace_back(bytes, laneBytes);
          laneBytes = b.CreateAdd(laneBytes, arenaRoundUp(b, bytes));
        }
        for (size_t j = 0; j < run->second.members.size(); ++j)
          runSlices[run->second.members[j]] = {b.CreateAdd(offset, sizes[j].second), laneBytes,
                                               sizes[j].first};
        offset = b.CreateAdd(offset, b.CreateMul(laneBytes, b.getInt64(run->second.lanes)));
        markArenaRun(run->second, inRun);
        continue;
      }
      if (in.node->arena) {
        // The same slices as phonon_arena_size: asked again, in the same order.
        llvm::Value* bytes = arenaBytes(b, state, initArgs, id, files);
        llvm::Value* slice = b.CreateInBoundsGEP(b.getInt8Ty(), arena, offset, "arena.slice");
        offset = b.CreateAdd(offset, arenaRoundUp(b, bytes));
        if (auto lane = laneOf.find(id); lane != laneOf.end()) {
          auto [slices, sizes] = laneArenas.at(lane->second.first);
          const uint64_t l = lane->second.second;
          const uint64_t lanes = m_.schedule.kernels[in.kernel].lanes;
          b.CreateStore(
              slice, b.CreateConstInBoundsGEP2_64(llvm::ArrayType::get(ptr_, lanes), slices, 0, l));
          b.CreateStore(
              bytes, b.CreateConstInBoundsGEP2_64(llvm::ArrayType::get(i64_, lanes), sizes, 0, l));
          continue; // initialised by its bank's loop below
        }
        storeInitArgs(b, initArgs, id, slice, bytes, files);
        args = initArgs;
      }
      // A lane-contiguous bank's members are initialised below, in one loop per member.
      if (in.node->stateSize == 0 || layout_.wordStride[id] != 0) continue;
      if (!args && hasConstArgs(id)) {
        storeInitArgs(b, initArgs, id, nullptr, nullptr, files);
        args = initArgs;
      }
      if (!args && stageLoops_) {
        if (!initRun.empty()) {
          const ValueId last = initRun.back();
          const bool joins =
              m_[last].node == in.node && layout_.offsets[id] > layout_.offsets[last] &&
              (initRun.size() == 1 || layout_.offsets[id] - layout_.offsets[last] == initStride);
          if (!joins) flushInitRun();
        }
        if (initRun.size() == 1) initStride = layout_.offsets[id] - layout_.offsets[initRun[0]];
        initRun.push_back(id);
        continue;
      }
      if (!args) args = emptyInitArgs();
      b.CreateCall(kernelFunction(in.node->initSymbol),
                   {statePointer(b, state, id), state, b.getInt32(in.seed), args});
    }
    flushInitRun();
    // Lane-contiguous banks: per member, a loop over the lanes that inits a struct and spreads
    // its words (one loop, not a call per lane, keeps compilation short).
    for (uint32_t k = 0; k < members_.size(); ++k) {
      if (!ir::laneContiguous(m_, k)) continue;
      const uint64_t lanes = m_.schedule.kernels[k].lanes;
      const size_t width = (members_[k].size() - (ir::bankSum(m_, k) != kNone)) / lanes;
      for (size_t j = 0; j < width; ++j) {
        const ir::Instr& first = m_[members_[k][j]];
        if (first.op != ir::Opcode::Node || first.node->stateSize == 0) continue;
        const uint64_t words = first.node->stateSize / 4;
        std::vector<uint32_t> seeds;
        for (uint64_t lane = 0; lane < lanes; ++lane)
          seeds.push_back(m_[members_[k][lane * width + j]].seed);
        llvm::Value* seedArray = indexArray(seeds, "lane.seeds");
        auto* wordsType = llvm::ArrayType::get(i32_, words);
        llvm::AllocaInst* local = llvm::IRBuilder<>(&f->getEntryBlock(), f->getEntryBlock().begin())
                                      .CreateAlloca(wordsType, nullptr, "lane.state");
        // The node's init writes its State there: aligned as a State (a double in it).
        local->setAlignment(llvm::Align(std::max<uint64_t>(4, first.node->stateAlign)));
        // Not unrolled: it runs once, and unrolled it was half of W5's phonon_init to compile.
        emitCountedLoop(
            b, f, {"init.lanes", "init.lanes.done", "lane", "lane.next"}, b.getInt64(0),
            b.getInt64(lanes),
            [&](llvm::Value* lane) {
              llvm::Value* seed =
                  b.CreateLoad(i32_, b.CreateInBoundsGEP(llvm::ArrayType::get(i32_, lanes),
                                                         seedArray, {b.getInt64(0), lane}));
              llvm::Value* args = emptyInitArgs();
              if (auto run = runSlices.find(members_[k][j]); run != runSlices.end()) {
                llvm::Value* at =
                    b.CreateAdd(run->second.offset, b.CreateMul(lane, run->second.laneBytes));
                storeInitArgs(b, initArgs, members_[k][j],
                              b.CreateInBoundsGEP(b.getInt8Ty(), arena, at, "arena.slice"),
                              run->second.bytes, files);
                args = initArgs;
              } else if (auto arenas = laneArenas.find(members_[k][j]);
                         arenas != laneArenas.end()) {
                // The lane's own slice (laneContiguous: no constant arguments).
                auto load = [&](llvm::Value* array, llvm::Type* type) {
                  return b.CreateLoad(type, b.CreateInBoundsGEP(llvm::ArrayType::get(type, lanes),
                                                                array, {b.getInt64(0), lane}));
                };
                storeInitArgs(b, initArgs, members_[k][j], load(arenas->second.first, ptr_),
                              load(arenas->second.second, i64_), files);
                args = initArgs;
              }
              b.CreateCall(kernelFunction(first.node->initSymbol), {local, state, seed, args});
              llvm::Value* base =
                  b.CreateInBoundsGEP(b.getInt8Ty(), state,
                                      b.CreateAdd(b.getInt64(layout_.offsets[members_[k][j]]),
                                                  b.CreateMul(lane, b.getInt64(4))));
              for (uint64_t w = 0; w < words; ++w)
                b.CreateStore(
                    b.CreateLoad(i32_, b.CreateConstInBoundsGEP2_32(wordsType, local, 0, w)),
                    b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), base,
                                                 w * layout_.wordStride[members_[k][j]]));
            })
            ->setMetadata(llvm::LLVMContext::MD_loop, noUnrolling());
      }
    }
    for (uint32_t slot = 0; slot < m_.feedbackCells; ++slot) // z⁻¹ starts at 0
      b.CreateStore(llvm::ConstantFP::get(f32_, 0.0), feedbackCell(b, state, slot));
    b.CreateRetVoid();
    return f;
  }

  /// Nodes `run` (alike, without arguments, states `stride` bytes apart) initialised by a loop,
  /// each with its own seed.
  void emitInitLoop(llvm::IRBuilder<>& b, llvm::Function* f, llvm::Value* state,
                    const std::vector<ValueId>& run, uint64_t stride, llvm::Constant* noArgs) {
    std::vector<uint32_t> seeds;
    for (ValueId id : run) seeds.push_back(m_[id].seed);
    const bool sameSeed =
        std::all_of(seeds.begin(), seeds.end(), [&](uint32_t seed) { return seed == seeds[0]; });
    llvm::Value* seedArray = sameSeed ? nullptr : indexArray(seeds, "init.seeds");
    auto* seedsType = llvm::ArrayType::get(i32_, run.size());
    const ValueId first = run[0];
    llvm::BranchInst* latch = emitCountedLoop(
        b, f, {"init.stages", "init.stages.done", "stage", "stage.next"}, b.getInt64(0),
        b.getInt64(run.size()), [&](llvm::Value* stage) {
          llvm::Value* seed = b.getInt32(seeds[0]);
          if (!sameSeed)
            seed = b.CreateLoad(i32_,
                                b.CreateInBoundsGEP(seedsType, seedArray, {b.getInt64(0), stage}));
          llvm::Value* at =
              b.CreateInBoundsGEP(b.getInt8Ty(), state,
                                  b.CreateAdd(b.getInt64(layout_.offsets[first]),
                                              b.CreateMul(stage, b.getInt64(stride))));
          b.CreateCall(kernelFunction(m_[first].node->initSymbol), {at, state, seed, noArgs});
        });
    latch->setMetadata(llvm::LLVMContext::MD_loop, noUnrolling());
  }

  /// A loop's ID: a distinct node whose first operand is itself, then `hints`.
  llvm::MDNode* loopId(std::vector<llvm::Metadata*> hints) {
    hints.insert(hints.begin(), nullptr);
    llvm::MDNode* loop = llvm::MDNode::getDistinct(context_, hints);
    loop->replaceOperandWith(0, loop);
    return loop;
  }
  /// A loop hint `!{!"name"}` or `!{!"name", value}`.
  llvm::MDNode* loopHint(const char* name, llvm::Constant* value = nullptr) {
    llvm::Metadata* key = llvm::MDString::get(context_, name);
    if (!value) return llvm::MDNode::get(context_, {key});
    return llvm::MDNode::get(context_, {key, llvm::ConstantAsMetadata::get(value)});
  }

  /// Loop metadata that keeps LLVM from unrolling a loop that stands for code it replaces, or
  /// whose code is worth having once (emitSimdBank's loop over the groups near an edge).
  llvm::MDNode* noUnrolling() { return loopId({loopHint("llvm.loop.unroll.disable")}); }

  // ---- kernels -------------------------------------------------------------------------------

  /// What a bank needs to run its lanes as a loop; nullopt when its lanes cannot be described
  /// by arrays and strides (then its members are emitted one after another).
  struct Bank {
    size_t width = 0;
    std::vector<uint64_t> stateStride; ///< per member of a lane
    /// Per member and operand: how each lane gets it. Internal: another member of the lane.
    struct Operand {
      enum Kind { Internal, Shared, Constants, Invariants, Buffers } kind = Shared;
      size_t member = 0;             ///< Internal
      ValueId value = 0;             ///< Shared
      std::vector<ValueId> values;   ///< Constants, Invariants: one per lane
      std::vector<uint32_t> buffers; ///< Buffers: one per lane
    };
    std::vector<std::vector<Operand>> operands; ///< [member][operand]
    std::vector<std::vector<uint32_t>> writes;  ///< [member]: a buffer per lane, or empty
  };

  std::optional<Bank> describeBank(uint32_t k, const std::vector<ValueId>& ids,
                                   const std::map<ValueId, uint32_t>& readBuffer,
                                   const std::map<ValueId, uint32_t>& writeBuffer) {
    const ir::Kernel& kernel = m_.schedule.kernels[k];
    const size_t lanes = kernel.lanes;
    if (lanes < 2 || ids.size() % lanes != 0) return std::nullopt;
    Bank bank;
    bank.width = ids.size() / lanes;
    const size_t w = bank.width;
    auto at = [&](size_t lane, size_t j) { return ids[lane * w + j]; };
    bank.stateStride.assign(w, 0);
    bank.operands.resize(w);
    bank.writes.resize(w);
    for (size_t j = 0; j < w; ++j) {
      const ir::Instr& first = m_[at(0, j)];
      if (first.op != ir::Opcode::Node && first.op != ir::Opcode::Bus) return std::nullopt;
      if (first.op == ir::Opcode::Node && first.node->stateSize != 0 &&
          layout_.wordStride[at(0, j)] == 0) {
        uint64_t stride = layout_.offsets[at(1, j)] - layout_.offsets[at(0, j)];
        for (size_t lane = 1; lane < lanes; ++lane)
          if (layout_.offsets[at(lane, j)] != layout_.offsets[at(0, j)] + lane * stride)
            return std::nullopt;
        bank.stateStride[j] = stride;
      }
      for (size_t p = 0; p < first.operands.size(); ++p) {
        Bank::Operand o;
        ValueId v0 = first.operands[p];
        if (m_[v0].kernel == k) {
          o.kind = Bank::Operand::Internal;
          o.member = static_cast<size_t>(std::find(ids.begin(), ids.end(), v0) - ids.begin());
        } else {
          std::vector<ValueId> per;
          for (size_t lane = 0; lane < lanes; ++lane) per.push_back(m_[at(lane, j)].operands[p]);
          bool shared = std::all_of(per.begin(), per.end(), [&](ValueId v) { return v == v0; });
          bool constants = std::all_of(per.begin(), per.end(),
                                       [&](ValueId v) { return m_[v].op == ir::Opcode::Const; });
          bool invariants =
              std::all_of(per.begin(), per.end(), [&](ValueId v) { return m_[v].kernel == kNone; });
          bool buffered = std::all_of(per.begin(), per.end(),
                                      [&](ValueId v) { return readBuffer.count(v) != 0; });
          if (shared) {
            o.kind = Bank::Operand::Shared;
            o.value = v0;
          } else if (constants) {
            o.kind = Bank::Operand::Constants;
            o.values = per;
          } else if (invariants) {
            o.kind = Bank::Operand::Invariants;
            o.values = per;
          } else if (buffered) {
            o.kind = Bank::Operand::Buffers;
            for (ValueId v : per) o.buffers.push_back(readBuffer.at(v));
          } else {
            return std::nullopt;
          }
        }
        bank.operands[j].push_back(std::move(o));
      }
      size_t written = 0;
      for (size_t lane = 0; lane < lanes; ++lane) written += writeBuffer.count(at(lane, j));
      if (written == lanes) {
        for (size_t lane = 0; lane < lanes; ++lane)
          bank.writes[j].push_back(writeBuffer.at(at(lane, j)));
      } else if (written != 0) {
        return std::nullopt;
      }
    }
    return bank;
  }

  llvm::Constant* floatArray(const std::vector<float>& values, const char* name) {
    auto* data = llvm::ConstantDataArray::get(context_, values);
    return new llvm::GlobalVariable(module_, data->getType(), true,
                                    llvm::GlobalValue::PrivateLinkage, data, name);
  }
  llvm::Constant* indexArray(const std::vector<uint32_t>& values, const char* name) {
    auto* data = llvm::ConstantDataArray::get(context_, values);
    return new llvm::GlobalVariable(module_, data->getType(), true,
                                    llvm::GlobalValue::PrivateLinkage, data, name);
  }

  llvm::FunctionType* kernelType() {
    // (state, ctx, first lane, end lane): a bank's lanes can be split between tasks.
    return llvm::FunctionType::get(llvm::Type::getVoidTy(context_), {ptr_, ptr_, i64_, i64_},
                                   false);
  }

  llvm::Function* emitAnyKernel(uint32_t k) {
    return hasStems(k) ? emitStemVersions(k) : emitKernel(k);
  }

  /// Kernel k, defined in another module (runKernels); phonon_process still needs to know
  /// whether it is a loop over lanes, which its tasks may split.
  llvm::Function* declareKernel(uint32_t k) {
    llvm::Function* f = llvm::Function::Create(kernelType(), llvm::GlobalValue::ExternalLinkage,
                                               symbolName("kernel_" + std::to_string(k)), module_);
    f->setVisibility(llvm::GlobalValue::HiddenVisibility);
    f->addFnAttr(llvm::Attribute::NoUnwind);
    std::map<ValueId, uint32_t> readBuffer, writeBuffer;
    for (const ir::BufferUse& u : m_.schedule.kernels[k].reads) readBuffer[u.value] = u.buffer;
    for (const ir::BufferUse& u : m_.schedule.kernels[k].writes) writeBuffer[u.value] = u.buffer;
    std::vector<ValueId> laneIds = members_[k];
    if (ir::bankSum(m_, k) != kNone) laneIds.pop_back();
    bankLoop_[k] = describeBank(k, laneIds, readBuffer, writeBuffer).has_value();
    // A SIMD bank's chunk totals are added after its batch by a function of phonon_process's
    // module (emitSumOfChunks), wherever the bank itself is defined.
    const ValueId sum = ir::bankSum(m_, k);
    if (bankLoop_[k] && sum != kNone && ir::laneContiguous(m_, k))
      if (auto written = writeBuffer.find(sum); written != writeBuffer.end())
        sumOfChunks_[k] = emitSumOfChunks(k, written->second);
    return f;
  }

  bool hasStems(uint32_t k) const {
    return stems_ && std::any_of(members_[k].begin(), members_[k].end(),
                                 [&](ValueId id) { return m_[id].op == ir::Opcode::Stem; });
  }

  /// The kernel that writes the stems, twice: with the stems' stores and without, chosen once
  /// per block by whether the host gave stem buffers, so that a host that wants the main mix
  /// only runs the same loop as a patch without stems (a test in the loop cost 5 % of a
  /// filtered saw).
  llvm::Function* emitStemVersions(uint32_t k) {
    writeStems_ = false;
    llvm::Function* mixOnly = emitKernel(k, ".mix");
    writeStems_ = true;
    llvm::Function* withStems = emitKernel(k, ".stems");
    writeStems_ = false;
    llvm::Function* f = define("kernel_" + std::to_string(k), mixOnly->getFunctionType(), false);
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(context_, "entry", f));
    auto* stems = llvm::BasicBlock::Create(context_, "stems", f);
    auto* mix = llvm::BasicBlock::Create(context_, "mix", f);
    std::vector<llvm::Value*> args;
    for (llvm::Argument& a : f->args()) args.push_back(&a);
    b.CreateCondBr(b.CreateIsNull(field(b, f->getArg(1), CtxStemOutputs, ptr_, "stem_outputs")),
                   mix, stems);
    for (auto [block, version] : {std::pair{stems, withStems}, std::pair{mix, mixOnly}}) {
      llvm::IRBuilder<> at(block);
      at.CreateCall(version, args);
      at.CreateRetVoid();
    }
    return f;
  }

  llvm::Function* emitKernel(uint32_t k, const char* suffix = "") {
    const ir::Kernel& kernel = m_.schedule.kernels[k];
    const std::vector<ValueId>& ids = members_[k];
    llvm::Function* f = define("kernel_" + std::to_string(k) + suffix, kernelType(), false);
    // Each kernel is optimised on its own: inlining thousands of loops into phonon_process
    // would buy nothing (one call per block) and make LLVM's loop passes super-linear.
    f->addFnAttr(llvm::Attribute::NoInline);
    f->addParamAttr(0, llvm::Attribute::NoAlias);
    f->addParamAttr(1, llvm::Attribute::NoAlias);
    llvm::Value* state = f->getArg(0);
    llvm::Value* ctx = f->getArg(1);
    state->setName("state");
    ctx->setName("ctx");
    values_.assign(m_.instrs.size(), nullptr);

    // entry → segment (its event-rate values) → samples → next segment → exit
    allocaBlock_ = llvm::BasicBlock::Create(context_, "entry", f);
    llvm::IRBuilder<> entry(allocaBlock_);
    auto* segmentBlock = llvm::BasicBlock::Create(context_, "segment", f);
    auto* loopBlock = llvm::BasicBlock::Create(context_, "samples", f);
    auto* latchBlock = llvm::BasicBlock::Create(context_, "segment.next", f);
    auto* exitBlock = llvm::BasicBlock::Create(context_, "exit", f);

    // The nodes read the Env through a local copy: it sits at the start of the state block, so
    // as far as LLVM can tell every state store might change it, and a tick's coefficients
    // (a biquad's, from its constant frequency and the sample rate) would be recomputed in
    // every sample instead of hoisted out of the loop; a bank's vectorizer would refuse too.
    // Not in a kernel of more than kMaxHoistingMembers (unless a bank): the hoisted values of
    // hundreds of filters spill, and scheduling the spills made LLVM's code generation
    // super-linear (300 alternating lpf/hpf: 1.5 s of compile became 3.8 s; 1000: 7 s, 25 s).
    env_ = state;
    if (ids.size() <= kMaxHoistingMembers || kernel.lanes > 1) {
      llvm::AllocaInst* env =
          llvm::IRBuilder<>(allocaBlock_, allocaBlock_->begin())
              .CreateAlloca(llvm::ArrayType::get(entry.getInt8Ty(), sizeof(nodes::Env)), nullptr,
                            "env");
      env->setAlignment(llvm::Align(alignof(nodes::Env)));
      entry.CreateMemCpy(env, llvm::MaybeAlign(alignof(nodes::Env)), state,
                         llvm::MaybeAlign(alignof(nodes::Env)), sizeof(nodes::Env));
      env_ = env;
    }
    llvm::Value* frames = entry.CreateZExt(field(entry, ctx, CtxFrames, i32_, "frames"), i64_);
    llvm::Value* segments =
        entry.CreateZExt(field(entry, ctx, CtxSegments, i32_, "segments"), i64_);
    llvm::Value* starts = field(entry, ctx, CtxStarts, ptr_, "starts");
    llvm::Value* table = field(entry, ctx, CtxValues, ptr_, "values");
    llvm::Value* buffers = field(entry, ctx, CtxBuffers, ptr_, "buffers");
    llvm::Value* stride = entry.CreateZExt(field(entry, ctx, CtxStride, i32_, "stride"), i64_);
    auto bufferBase = [&](llvm::IRBuilder<>& b, llvm::Value* buffer) {
      return b.CreateInBoundsGEP(f32_, buffers, b.CreateMul(buffer, stride));
    };

    std::map<ValueId, uint32_t> readBuffer, writeBuffer;
    for (const ir::BufferUse& u : kernel.reads) readBuffer[u.value] = u.buffer;
    for (const ir::BufferUse& u : kernel.writes) writeBuffer[u.value] = u.buffer;
    // buffer → its first sample, computed once in the entry block; only the sample loop asks,
    // after the entry block has its branch.
    std::map<uint32_t, llvm::Value*> base;
    auto bufferPointer = [&](uint32_t buffer) {
      auto [it, fresh] = base.try_emplace(buffer, nullptr);
      if (fresh) {
        llvm::IRBuilder<> at(allocaBlock_->getTerminator());
        it->second = bufferBase(at, at.getInt64(buffer));
      }
      return it->second;
    };

    bool hasOutputs = std::any_of(ids.begin(), ids.end(),
                                  [&](ValueId id) { return m_[id].op == ir::Opcode::Output; });
    std::vector<llvm::Value*> channels;
    // The stems' channel pairs, in the version that writes them (emitStemVersions).
    std::vector<llvm::Value*> stemChannels;
    if (writeStems_) {
      llvm::Value* stemOutputs = field(entry, ctx, CtxStemOutputs, ptr_, "stem_outputs");
      for (uint64_t c = 0; c < 2 * stemNumber_.size(); ++c)
        stemChannels.push_back(
            entry.CreateLoad(ptr_, entry.CreateConstInBoundsGEP1_64(ptr_, stemOutputs, c),
                             "stem.channel" + std::to_string(c)));
    }
    if (hasOutputs) {
      llvm::Value* outputs = field(entry, ctx, CtxOutputs, ptr_, "outputs");
      for (unsigned c = 0; c < m_.outputChannels(); ++c)
        channels.push_back(entry.CreateLoad(ptr_,
                                            entry.CreateConstInBoundsGEP1_64(ptr_, outputs, c),
                                            "channel" + std::to_string(c)));
    }
    // A voices instruction reads its player's left and right buffers, rendered by the host.
    std::map<ValueId, std::pair<llvm::Value*, llvm::Value*>> voiceChannels;
    for (ValueId id : ids)
      if (m_[id].op == ir::Opcode::Voices) {
        llvm::Value* voices = field(entry, ctx, CtxVoiceOutputs, ptr_, "voice.outputs");
        auto channel = [&](uint32_t c) {
          return entry.CreateLoad(ptr_, entry.CreateConstInBoundsGEP1_64(ptr_, voices, c),
                                  "voices" + std::to_string(c));
        };
        voiceChannels[id] = {channel(2 * m_[id].slot), channel(2 * m_[id].slot + 1)};
      }
    // A voice.input reads a channel of the shared buses, computed by the host for this block.
    std::map<ValueId, llvm::Value*> inputChannels;
    llvm::Value* voiceInputs = nullptr;
    for (ValueId id : ids)
      if (m_[id].op == ir::Opcode::VoiceInput) {
        if (!voiceInputs) voiceInputs = field(entry, ctx, CtxVoiceInputs, ptr_, "voice.inputs");
        inputChannels[id] =
            entry.CreateLoad(ptr_, entry.CreateConstInBoundsGEP1_64(ptr_, voiceInputs, m_[id].slot),
                             "voice.input" + std::to_string(m_[id].slot));
      }

    // Inputs that do not change within the block, then those that change per segment.
    std::vector<ValueId> invariants = invariantsOf(k);
    for (ValueId id : invariants)
      if (m_[id].rate < ir::Rate::Event)
        values_[id] = computeInvariant(entry, state, ctx, nullptr, id);

    // A bank's lanes, without the Sum it may accumulate into (its last member).
    const ValueId bankSum = ir::bankSum(m_, k);
    std::vector<ValueId> laneIds = ids;
    if (bankSum != kNone) laneIds.pop_back();
    std::optional<Bank> bank = describeBank(k, laneIds, readBuffer, writeBuffer);
    const bool simd = bank && ir::laneContiguous(m_, k);
    bankLoop_[k] = bank.has_value();
    // A bank's per-lane inputs: constant arrays now, arrays of invariants filled per segment.
    std::map<std::pair<size_t, size_t>, llvm::Value*> laneArrays;
    if (bank) {
      for (size_t j = 0; j < bank->width; ++j)
        for (size_t p = 0; p < bank->operands[j].size(); ++p) {
          Bank::Operand& o = bank->operands[j][p];
          if (o.kind == Bank::Operand::Constants) {
            std::vector<float> v;
            for (ValueId id : o.values) v.push_back(m_[id].value);
            laneArrays[{j, p}] = floatArray(v, "lanes");
          } else if (o.kind == Bank::Operand::Invariants) {
            llvm::IRBuilder<> top(allocaBlock_, allocaBlock_->begin());
            laneArrays[{j, p}] =
                top.CreateAlloca(llvm::ArrayType::get(f32_, o.values.size()), nullptr, "lanes");
          } else if (o.kind == Bank::Operand::Buffers) {
            laneArrays[{j, p}] = indexArray(o.buffers, "lane.buffers");
          }
        }
      for (size_t j = 0; j < bank->width; ++j)
        if (!bank->writes[j].empty())
          laneArrays[{j, SIZE_MAX}] = indexArray(bank->writes[j], "lane.writes");
    }

    if (simd) {
      SimdBank sb{k,      *bank,      laneIds,    bankSum,    f,          state,
                  ctx,    frames,     segments,   starts,     table,      buffers,
                  stride, invariants, laneArrays, readBuffer, writeBuffer};
      segmentBlock->eraseFromParent();
      loopBlock->eraseFromParent();
      latchBlock->eraseFromParent();
      laneLoops_.clear();
      laneStates_.clear();
      savedViews_.clear();
      emitSimdBank(sb, entry, exitBlock);
      llvm::IRBuilder<>(exitBlock).CreateRetVoid();
      inlineNodeCode(f);
      if (std::any_of(
              laneIds.begin(), laneIds.end(),
              [&](ValueId id) { return m_[id].op == ir::Opcode::Node && m_[id].node->arena; }) ||
          std::any_of(bank->writes.begin(), bank->writes.end(),
                      [](const std::vector<uint32_t>& w) { return !w.empty(); }))
        markLaneLoopsParallel(f);
      separateStateFromHostMemory(f);
      return f;
    }
    entry.CreateCondBr(entry.CreateICmpEQ(frames, entry.getInt64(0)), exitBlock, segmentBlock);

    llvm::IRBuilder<> seg(segmentBlock);
    auto [segment, nextSegment, begin, end] =
        emitSegmentHeader(seg, {starts, segments, frames, table, state, ctx}, invariants,
                          bank ? &*bank : nullptr, laneArrays);
    std::optional<SkewChain> chain;
    // A big patch's chains are stage loops instead (compile time first).
    if (!bank && !stageLoops_) chain = findSkewChain(ids, writeBuffer);
    // A big patch's chain of constant-parameter stages: stage-major over chunks of samples,
    // skewed in groups (emitStagedChunks).
    std::optional<StageRun> staged;
    if (!bank && stageLoops_) staged = stagedRunOf(ids, writeBuffer);
    std::optional<SkewLanes> skew;
    if (chain) {
      llvm::IRBuilder<> before(allocaBlock_->getTerminator());
      skew = prepareSkewLanes(before, seg, state, ids, *chain);
    }
    seg.CreateCondBr(seg.CreateICmpULT(begin, end), loopBlock, latchBlock);

    // The big Sums of values from other kernels are loops over their operands' buffers
    // (emitSumLoop); what only they read is not loaded at the top of the sample.
    std::set<ValueId> sumLoops, readBySumLoopsOnly;
    if (!chain && !bank) {
      for (ValueId id : ids)
        if (m_[id].op == ir::Opcode::Sum && m_[id].operands.size() >= kMinSumLoopOperands &&
            std::all_of(m_[id].operands.begin(), m_[id].operands.end(),
                        [&](ValueId op) { return readBuffer.count(op) != 0; }))
          sumLoops.insert(id);
      for (ValueId id : sumLoops)
        readBySumLoopsOnly.insert(m_[id].operands.begin(), m_[id].operands.end());
      for (ValueId id : ids)
        if (!sumLoops.count(id))
          for (ValueId op : m_[id].operands) readBySumLoopsOnly.erase(op);
      for (auto [value, buffer] : writeBuffer) readBySumLoopsOnly.erase(value);
    }

    // One member of a sample at `index`; the output mix and the stems are stored by finishSample.
    llvm::Value* mix[2] = {nullptr, nullptr}; // left, right
    std::vector<ValueId> stems;
    auto emitMember = [&](llvm::IRBuilder<>& b, ValueId id, llvm::Value* index) {
      const ir::Instr& in = m_[id];
      switch (in.op) {
      case ir::Opcode::Node: {
        std::vector<llvm::Value*> operands;
        for (ValueId op : in.operands) operands.push_back(values_[op]);
        values_[id] = tick(b, statePointer(b, state, id), env_, id, operands);
        break;
      }
      case ir::Opcode::Bus:
        values_[id] = values_[in.operands[0]];
        break;
      case ir::Opcode::Right: // its node is earlier in this kernel (fuse)
        values_[id] = rightOutputs_.at(in.operands[0]);
        break;
      case ir::Opcode::Voices: {
        auto [left, right] = voiceChannels.at(id);
        values_[id] = b.CreateLoad(f32_, b.CreateInBoundsGEP(f32_, left, index), "voices.l");
        rightOutputs_[id] = b.CreateLoad(f32_, b.CreateInBoundsGEP(f32_, right, index), "voices.r");
        break;
      }
      case ir::Opcode::VoiceInput:
        values_[id] = b.CreateLoad(f32_, b.CreateInBoundsGEP(f32_, inputChannels.at(id), index),
                                   "voice.input");
        break;
      case ir::Opcode::Sum:
        values_[id] = sumLoops.count(id) ? emitSumLoop(b, f, in, index, readBuffer, buffers, stride)
                                         : sum(b, in);
        break;
      case ir::Opcode::FeedbackRead:
        values_[id] = b.CreateLoad(f32_, feedbackCell(b, state, in.slot), "feedback");
        break;
      case ir::Opcode::FeedbackWrite:
        b.CreateStore(values_[in.operands[0]], feedbackCell(b, state, in.slot));
        break;
      case ir::Opcode::Output:
        // The same order of additions as the interpreter's, per channel; a mono output (one
        // operand) goes to both channels unchanged.
        for (int c = 0; c < 2; ++c) {
          llvm::Value* v = values_[c == 0 ? in.operands.front() : in.operands.back()];
          mix[c] = mix[c] ? b.CreateFAdd(mix[c], v, c == 0 ? "mix.l" : "mix.r") : v;
        }
        break;
      case ir::Opcode::Stem: // after the sample's other stores, in the version with stems
        if (writeStems_) stems.push_back(id);
        break;
      default:
        llvm::report_fatal_error("codegen: this instruction cannot run in a kernel");
      }
    };
    // Buffer inputs are loaded at the top of a sample, its writes stored at the bottom: a kernel
    // may overwrite, in place, a buffer it reads.
    auto loadReads = [&](llvm::IRBuilder<>& b, llvm::Value* index, auto&& wanted) {
      for (auto [value, buffer] : readBuffer)
        if (wanted(value))
          values_[value] = b.CreateLoad(
              f32_, b.CreateInBoundsGEP(f32_, bufferPointer(buffer), index), valueName(value));
    };
    auto finishSample = [&](llvm::IRBuilder<>& b, llvm::Value* index) {
      for (auto [value, buffer] : writeBuffer)
        b.CreateStore(values_[value], b.CreateInBoundsGEP(f32_, bufferPointer(buffer), index));
      // Every output is a stereo pair (left, right).
      if (mix[0])
        for (size_t c = 0; c < channels.size(); ++c)
          b.CreateStore(mix[c & 1], b.CreateInBoundsGEP(f32_, channels[c], index));
      for (ValueId id : stems)
        for (uint32_t c = 0; c < 2; ++c) {
          const ir::Instr& in = m_[id];
          llvm::Value* v = values_[c == 0 ? in.operands.front() : in.operands.back()];
          llvm::Value* channel = stemChannels[2 * stemNumber_.at(id) + c];
          b.CreateStore(v, b.CreateInBoundsGEP(f32_, channel, index));
        }
    };

    llvm::IRBuilder<> b(loopBlock);
    auto usedBy = [&](const std::vector<ValueId>& members, ValueId value) {
      return std::any_of(members.begin(), members.end(), [&](ValueId id) {
        return std::count(m_[id].operands.begin(), m_[id].operands.end(), value) > 0;
      });
    };
    if (chain) {
      // The members before the chain at step t's sample t, those after it at the sample the
      // chain's last stage finished (emitSkewedSteps).
      const std::vector<ValueId> pre(ids.begin(), ids.begin() + chain->first);
      const std::vector<ValueId> post(ids.begin() + chain->first + chain->count, ids.end());
      const ValueId input = m_[ids[chain->first]].operands[0];
      const ValueId last = ids[chain->first + chain->count - 1];
      emitSkewedSteps(
          b, f, *skew, begin, end, segmentBlock, latchBlock,
          [&](llvm::IRBuilder<>& at, llvm::Value* t) {
            loadReads(at, t, [&](ValueId v) { return v == input || usedBy(pre, v); });
            for (ValueId id : pre) emitMember(at, id, t);
            return values_[input];
          },
          [&](llvm::IRBuilder<>& at, llvm::Value* u, llvm::Value* output) {
            values_[last] = output;
            loadReads(at, u, [&](ValueId v) { return usedBy(post, v); });
            for (ValueId id : post) emitMember(at, id, u);
            finishSample(at, u);
          });
    } else if (staged) {
      // The members before the run for a chunk's samples, the run stage-major over them, the
      // members after it for the same samples.
      const std::vector<ValueId> pre(ids.begin(), ids.begin() + staged->begin);
      const std::vector<ValueId> post(ids.begin() + staged->begin + staged->length, ids.end());
      const ValueId input = m_[ids[staged->begin]].operands[0];
      const ValueId last = ids[staged->begin + staged->length - 1];
      emitStagedChunks(
          b, f, state, ids, *staged, begin, end, segmentBlock, latchBlock,
          [&](llvm::IRBuilder<>& at, llvm::Value* i) {
            loadReads(at, i, [&](ValueId v) { return v == input || usedBy(pre, v); });
            for (ValueId id : pre) emitMember(at, id, i);
            return values_[input];
          },
          [&](llvm::IRBuilder<>& at, llvm::Value* i, llvm::Value* output) {
            values_[last] = output;
            loadReads(at, i, [&](ValueId v) { return usedBy(post, v); });
            for (ValueId id : post) emitMember(at, id, i);
            finishSample(at, i);
          });
    } else {
      // The sample loop.
      llvm::PHINode* index = b.CreatePHI(i64_, 2, "i");
      index->addIncoming(begin, segmentBlock);
      loadReads(b, index, [&](ValueId v) { return !readBySumLoopsOnly.count(v); });
      if (bank) {
        emitBankSample(b, f, *bank, k, state, laneArrays, buffers, stride, index, f->getArg(2),
                       f->getArg(3));
      } else {
        // A big patch's runs of alike nodes in a chain are loops over their stages.
        std::map<size_t, StageRun> runs = stageRunsOf(ids, writeBuffer);
        for (size_t at = 0; at < ids.size(); ++at) {
          if (auto run = runs.find(at); run != runs.end()) {
            values_[ids[at + run->second.length - 1]] =
                emitStageLoop(b, f, state, ids, run->second);
            at += run->second.length - 1;
            continue;
          }
          emitMember(b, ids[at], index);
        }
        finishSample(b, index);
      }
      llvm::Value* next = b.CreateAdd(index, b.getInt64(1), "i.next", true, true);
      index->addIncoming(next, b.GetInsertBlock());
      b.CreateCondBr(b.CreateICmpULT(next, end), loopBlock, latchBlock);
    }

    llvm::IRBuilder<> latch(latchBlock);
    segment->addIncoming(nextSegment, latchBlock);
    latch.CreateCondBr(latch.CreateICmpULT(nextSegment, segments), segmentBlock, exitBlock);
    llvm::IRBuilder<> exit(exitBlock);
    if (skew) storeSkewState(exit, state, *skew);
    exit.CreateRetVoid();
    // Both versions of a kernel with stems call each node's tick: neither would get the
    // inliner's bonus for a function's only call, which inlines the tick of a kernel of its own.
    // A skewed chain's lane loops vectorize only with the ticks inlined.
    if (*suffix || skew || staged) {
      inlineNodeCode(f);
      separateStateFromHostMemory(f);
    }
    return f;
  }

  // ---- big sums as loops over their operands ------------------------------------------------

  /// A Sum of at least this many values from other kernels is a loop (emitSumLoop).
  static constexpr size_t kMinSumLoopOperands = 64;

  /// Sum `in`, each operand read from its buffer at sample `index`, as loops: over its full
  /// chunks, and in each over its operands 8 at a time, operand k into partial k mod 8; the
  /// last chunk, if shorter, after them, its last k mod 8 operands one by one. The additions of
  /// sum() in the same order (ir::sumOf), in code whose size does not grow with the operands
  /// (a Sum of the 3 266 groups of bench mixed 10 000 was 3 266 straight-line additions, 7 s
  /// of LLVM's time in its kernel's two versions).
  llvm::Value* emitSumLoop(llvm::IRBuilder<>& b, llvm::Function* f, const ir::Instr& in,
                           llvm::Value* index, const std::map<ValueId, uint32_t>& readBuffer,
                           llvm::Value* buffers, llvm::Value* stride) {
    const uint64_t count = in.operands.size();
    const uint64_t size = ir::sumChunkSize(count);
    std::vector<uint32_t> operandBuffers;
    for (ValueId op : in.operands) operandBuffers.push_back(readBuffer.at(op));
    llvm::Constant* table = indexArray(operandBuffers, "sum.buffers");
    auto* tableType = llvm::ArrayType::get(i32_, count);
    auto operandAt = [&](llvm::Value* k) {
      llvm::Value* buffer =
          b.CreateLoad(i32_, b.CreateInBoundsGEP(tableType, table, {b.getInt64(0), k}));
      return b.CreateLoad(
          f32_,
          b.CreateInBoundsGEP(f32_, buffers,
                              b.CreateAdd(b.CreateMul(b.CreateZExt(buffer, i64_), stride), index)),
          "operand");
    };
    using Partials = std::array<llvm::Value*, ir::kSumPartials>;
    auto zeros = [&] {
      Partials p;
      p.fill(llvm::ConstantFP::get(f32_, 0.0));
      return p;
    };
    // Operands first, first + 1, … in `groups` runs of 8 (groups ≥ 1) added into `p`.
    auto addGroups = [&](llvm::Value* first, uint64_t groups, Partials p) {
      llvm::BasicBlock* before = b.GetInsertBlock();
      llvm::BranchInst* latch = emitCountedLoop(
          b, f, {"sum.groups", "sum.groups.done", "g", "g.next"}, b.getInt64(0), b.getInt64(groups),
          [&](llvm::Value* g) {
            std::array<llvm::PHINode*, ir::kSumPartials> carried;
            for (uint32_t l = 0; l < ir::kSumPartials; ++l) {
              carried[l] = b.CreatePHI(f32_, 2, "partial.in");
              carried[l]->addIncoming(p[l], before);
            }
            llvm::Value* k0 = b.CreateAdd(first, b.CreateMul(g, b.getInt64(ir::kSumPartials)));
            for (uint32_t l = 0; l < ir::kSumPartials; ++l)
              p[l] = b.CreateFAdd(carried[l], operandAt(b.CreateAdd(k0, b.getInt64(l))), "partial");
            for (uint32_t l = 0; l < ir::kSumPartials; ++l)
              carried[l]->addIncoming(p[l], b.GetInsertBlock());
          });
      latch->setMetadata(llvm::LLVMContext::MD_loop, noUnrolling());
      return p;
    };
    auto chunkTotal = [&](const Partials& p) {
      llvm::Value* chunk = p[0];
      for (uint32_t l = 1; l < ir::kSumPartials; ++l) chunk = b.CreateFAdd(chunk, p[l], "chunk");
      return chunk;
    };
    llvm::Value* total = nullptr;
    const uint64_t fullChunks = count / size;
    if (fullChunks > 0) {
      llvm::BasicBlock* before = b.GetInsertBlock();
      llvm::PHINode* carried = nullptr;
      llvm::Value* next = nullptr;
      emitCountedLoop(b, f, {"sum.chunks", "sum.chunks.done", "c", "c.next"}, b.getInt64(0),
                      b.getInt64(fullChunks),
                      [&](llvm::Value* c) {
                        carried = b.CreatePHI(f32_, 2, "sum.in");
                        carried->addIncoming(llvm::PoisonValue::get(f32_), before);
                        llvm::Value* chunk = chunkTotal(
                            addGroups(b.CreateMul(c, b.getInt64(size)), size / 8, zeros()));
                        // The first chunk's total is the sum so far, as is (not +0 + it).
                        next = b.CreateSelect(b.CreateICmpEQ(c, b.getInt64(0)), chunk,
                                              b.CreateFAdd(carried, chunk, "sum"));
                        carried->addIncoming(next, b.GetInsertBlock());
                      })
          ->setMetadata(llvm::LLVMContext::MD_loop, noUnrolling());
      total = next;
    }
    if (const uint64_t rest = count % size; rest > 0) {
      const uint64_t first = fullChunks * size;
      Partials p = zeros();
      if (rest / 8 > 0) p = addGroups(b.getInt64(first), rest / 8, p);
      for (uint64_t k = first + rest / 8 * 8; k < count; ++k)
        p[k % ir::kSumPartials] =
            b.CreateFAdd(p[k % ir::kSumPartials], operandAt(b.getInt64(k)), "partial");
      llvm::Value* chunk = chunkTotal(p);
      total = total ? b.CreateFAdd(total, chunk, "sum") : chunk;
    }
    return total;
  }

  // ---- chains as loops over their stages ----------------------------------------------------

  /// Fewer alike nodes in a row than this stay unrolled.
  static constexpr size_t kMinStageRun = 8;

  /// Consecutive members ids[begin, begin + length) of a kernel that are one node kernel
  /// applied in a chain: each stage's input is the stage before (its only reader), its other
  /// inputs constants, its state a struct at a fixed stride after the one before.
  struct StageRun {
    size_t begin = 0, length = 0;
    uint64_t stateStride = 0;
  };

  /// Whether member `id` can be a stage: a node of one output without arena whose inputs after
  /// the first are constants, its state one struct.
  bool stageable(ValueId id) const {
    const ir::Instr& in = m_[id];
    if (in.op != ir::Opcode::Node || in.node->numOutputs != 1 || in.node->arena ||
        in.operands.empty() || layout_.wordStride[id] != 0)
      return false;
    return std::all_of(in.operands.begin() + 1, in.operands.end(),
                       [&](ValueId op) { return m_[op].op == ir::Opcode::Const; });
  }

  /// The runs of at least kMinStageRun stages among a kernel's members (in order), by their
  /// first position; none unless stageLoops_. A run's code is one loop whatever its length, so
  /// a long chain costs LLVM the work of one node instead of one per node.
  std::map<size_t, StageRun> stageRunsOf(const std::vector<ValueId>& ids,
                                         const std::map<ValueId, uint32_t>& writeBuffer) const {
    std::map<size_t, StageRun> runs;
    if (!stageLoops_) return runs;
    std::map<ValueId, size_t> readers; // within the kernel
    for (ValueId id : ids)
      for (ValueId op : m_[id].operands) ++readers[op];
    auto continues = [&](size_t at, const StageRun& run) {
      const ValueId id = ids[at], before = ids[at - 1];
      if (!stageable(id) || m_[id].node != m_[ids[run.begin]].node ||
          m_[id].operands[0] != before || readers[before] != 1 || writeBuffer.count(before))
        return false;
      uint64_t stride = layout_.offsets[id] - layout_.offsets[before];
      return m_[id].node->stateSize == 0 || (layout_.offsets[id] > layout_.offsets[before] &&
                                             (at - run.begin == 1 || stride == run.stateStride));
    };
    for (size_t at = 0; at < ids.size();) {
      if (!stageable(ids[at])) {
        ++at;
        continue;
      }
      StageRun run{at, 1, 0};
      while (at + run.length < ids.size() && continues(at + run.length, run)) {
        if (run.length == 1)
          run.stateStride = layout_.offsets[ids[at + 1]] - layout_.offsets[ids[at]];
        ++run.length;
      }
      if (run.length >= kMinStageRun) runs[at] = run;
      at += run.length;
    }
    return runs;
  }

  /// A run's stages as a loop at b (inside the sample loop), each stage's constants read from
  /// an array (or the constant they all share); returns the last stage's value. The same
  /// operations in the same order as the stages one after another.
  llvm::Value* emitStageLoop(llvm::IRBuilder<>& b, llvm::Function* f, llvm::Value* state,
                             const std::vector<ValueId>& ids, const StageRun& run) {
    const ValueId first = ids[run.begin];
    const ir::Instr& in = m_[first];
    const size_t ports = in.operands.size();
    auto* stagesType = llvm::ArrayType::get(f32_, run.length);
    std::vector<llvm::Value*> shared(ports, nullptr), arrays(ports, nullptr);
    for (size_t p = 1; p < ports; ++p) {
      std::vector<float> values;
      for (size_t s = 0; s < run.length; ++s)
        values.push_back(m_[m_[ids[run.begin + s]].operands[p]].value);
      bool same = std::all_of(values.begin(), values.end(),
                              [&](float v) { return std::memcmp(&v, &values[0], sizeof v) == 0; });
      if (same)
        shared[p] = llvm::ConstantFP::get(f32_, values[0]);
      else
        arrays[p] = floatArray(values, "stage.params");
    }
    llvm::Value* input = values_[in.operands[0]];
    llvm::BasicBlock* before = b.GetInsertBlock();
    llvm::Value* output = nullptr;
    llvm::BranchInst* latch = emitCountedLoop(
        b, f, {"stages", "stages.end", "stage", "stage.next"}, b.getInt64(0),
        b.getInt64(run.length), [&](llvm::Value* stage) {
          llvm::PHINode* carried = b.CreatePHI(f32_, 2, "stage.in");
          carried->addIncoming(input, before);
          std::vector<llvm::Value*> operands{carried};
          for (size_t p = 1; p < ports; ++p)
            operands.push_back(
                shared[p] ? shared[p]
                          : b.CreateLoad(f32_, b.CreateInBoundsGEP(stagesType, arrays[p],
                                                                   {b.getInt64(0), stage})));
          llvm::Value* statePtr = llvm::ConstantPointerNull::get(ptr_);
          if (in.node->stateSize != 0)
            statePtr =
                b.CreateInBoundsGEP(b.getInt8Ty(), state,
                                    b.CreateAdd(b.getInt64(layout_.offsets[first]),
                                                b.CreateMul(stage, b.getInt64(run.stateStride))));
          output = tick(b, statePtr, env_, first, operands, true);
          carried->addIncoming(output, b.GetInsertBlock());
        });
    latch->setMetadata(llvm::LLVMContext::MD_loop, noUnrolling());
    return output;
  }

  // ---- serial chains, skewed ----------------------------------------------------------------

  /// A chain of alike nodes, each reading the one before (noise through 64 `bq_lp`), is a
  /// recurrence from stage to stage within a sample, which no loop over samples vectorizes. Run
  /// skewed, stage s works on sample t − s at step t: the stages of one step are independent,
  /// lanes of a vector like a bank's, and stage s's input is stage s − 1's output of the step
  /// before. Every stage still computes its own samples in order with the same arithmetic, so
  /// the samples stay bit-identical; a segment's first and last steps, where some stages have no
  /// sample of the segment, leave those stages' state as it was.
  static constexpr size_t kMinSkewStages = 8;
  /// At most this many stages skewed (the rest of a longer run follow it, unskewed): each
  /// segment costs that many steps more than it has samples.
  static constexpr size_t kMaxSkewStages = 64;
  static constexpr uint64_t kMaxSkewStateBytes = 64;

  /// Positions in a kernel's members: the chain is members [first, first + count).
  struct SkewChain {
    size_t first, count;
  };

  uint32_t usesOf(ValueId id) {
    if (uses_.empty()) {
      uses_.assign(m_.instrs.size(), 0);
      for (const ir::Instr& in : m_.instrs)
        for (ValueId op : in.operands) ++uses_[op];
    }
    return uses_[id];
  }

  static bool skewable(const ir::Instr& in) {
    const nodes::NodeInfo* node = in.node;
    return in.op == ir::Opcode::Node && node->numOutputs == 1 && !node->arena &&
           node->latency == 0 && !in.operands.empty() && node->stateSize % 4 == 0 &&
           node->stateSize <= kMaxSkewStateBytes && node->stateAlign <= 4;
  }

  /// The longest run of a kernel's members that runs as a skewed chain: kMinSkewStages or more
  /// alike nodes (one output, no arena, no latency, a state of a few 4-byte words), each
  /// reading the one before as its first operand and otherwise only values computed outside
  /// the sample loop, the values between them read by nothing else. The members before it
  /// (run at the step's sample) may only feed each other and the chain; those after it (run at
  /// the chain's output sample) may not read the ones before. Nullopt when there is none.
  std::optional<SkewChain> findSkewChain(const std::vector<ValueId>& ids,
                                         const std::map<ValueId, uint32_t>& writeBuffer) {
    auto invariantParams = [&](const ir::Instr& in) {
      for (size_t p = 1; p < in.operands.size(); ++p)
        if (m_[in.operands[p]].kernel != kNone) return false;
      return true;
    };
    SkewChain best{0, 0};
    for (size_t i = 0; i < ids.size();) {
      const ir::Instr& head = m_[ids[i]];
      if (!skewable(head) || !invariantParams(head)) {
        ++i;
        continue;
      }
      size_t n = 1;
      for (; i + n < ids.size() && n < kMaxSkewStages; ++n) {
        const ValueId before = ids[i + n - 1];
        const ir::Instr& in = m_[ids[i + n]];
        if (in.op != ir::Opcode::Node || in.node != head.node || in.operands[0] != before ||
            !invariantParams(in) || usesOf(before) != 1 || writeBuffer.count(before))
          break;
      }
      if (n > best.count) best = {i, n};
      i += n;
    }
    if (best.count < kMinSkewStages) return std::nullopt;
    if (!membersAroundRunAllowSkew(ids, best.first, best.first + best.count, writeBuffer))
      return std::nullopt;
    return best;
  }

  /// Whether the kernel members `ids` around the run [begin, end) allow it to run skewed: the
  /// members before it (run at the step's sample) plain, unwritten, and feeding only each other
  /// and the run; those after it (run at the run's output sample) plain or outputs, reading
  /// none of the ones before.
  bool membersAroundRunAllowSkew(const std::vector<ValueId>& ids, size_t begin, size_t end,
                                 const std::map<ValueId, uint32_t>& writeBuffer) const {
    auto plain = [&](const ir::Instr& in) {
      return (in.op == ir::Opcode::Node && in.node->numOutputs == 1) || in.op == ir::Opcode::Bus ||
             in.op == ir::Opcode::Sum;
    };
    std::set<ValueId> pre;
    for (size_t i = 0; i < begin; ++i) {
      if (!plain(m_[ids[i]]) || writeBuffer.count(ids[i])) return false;
      pre.insert(ids[i]);
    }
    for (size_t i = end; i < ids.size(); ++i) {
      const ir::Instr& in = m_[ids[i]];
      if (!plain(in) && in.op != ir::Opcode::Output && in.op != ir::Opcode::Stem) return false;
      for (ValueId op : in.operands)
        if (pre.count(op)) return false;
    }
    return true;
  }

  /// A skewed chain's lanes: its stages' state words (word w of stage s at words[w][s], loaded
  /// from the state block at the kernel's entry and stored back at its exit), their parameters
  /// per stage, each stage's input this step and output the step before.
  struct SkewLanes {
    std::vector<ValueId> stages;
    std::vector<llvm::AllocaInst*> words;
    std::vector<llvm::Value*> params; ///< per port after the first: [stages x float]
    llvm::AllocaInst *inputs, *outputs, *local;
    llvm::ArrayType *floats, *ints;
  };

  /// The chain's arrays: state words loaded and inputs and outputs zeroed at `entry`, the
  /// parameters a constant array or, when they are not all constants, filled per segment at
  /// `seg`.
  SkewLanes prepareSkewLanes(llvm::IRBuilder<>& entry, llvm::IRBuilder<>& seg, llvm::Value* state,
                             const std::vector<ValueId>& ids, const SkewChain& chain) {
    SkewLanes lanes;
    lanes.stages.assign(ids.begin() + chain.first, ids.begin() + chain.first + chain.count);
    const uint64_t count = lanes.stages.size();
    const ir::Instr& first = m_[lanes.stages[0]];
    lanes.floats = llvm::ArrayType::get(f32_, count);
    lanes.ints = llvm::ArrayType::get(i32_, count);
    llvm::IRBuilder<> top(allocaBlock_, allocaBlock_->begin());
    auto array = [&](llvm::Type* type, const char* name) {
      llvm::AllocaInst* a = top.CreateAlloca(type, nullptr, name);
      a->setAlignment(llvm::Align(32));
      return a;
    };
    const uint64_t words = first.node->stateSize / 4;
    for (uint64_t w = 0; w < words; ++w) {
      llvm::AllocaInst* a = array(lanes.ints, "chain.state");
      for (uint64_t s = 0; s < count; ++s)
        entry.CreateStore(entry.CreateLoad(i32_, entry.CreateConstInBoundsGEP1_64(
                                                     entry.getInt8Ty(), state,
                                                     layout_.offsets[lanes.stages[s]] + 4 * w)),
                          entry.CreateConstInBoundsGEP2_64(lanes.ints, a, 0, s));
      lanes.words.push_back(a);
    }
    lanes.local =
        words ? top.CreateAlloca(llvm::ArrayType::get(i32_, words), nullptr, "chain.lane.state")
              : nullptr;
    lanes.inputs = array(lanes.floats, "chain.inputs");
    lanes.outputs = array(lanes.floats, "chain.outputs");
    for (llvm::AllocaInst* a : {lanes.inputs, lanes.outputs})
      entry.CreateMemSet(a, entry.getInt8(0), 4 * count, llvm::MaybeAlign(32));
    for (size_t p = 1; p < first.operands.size(); ++p) {
      bool constants = true;
      std::vector<float> values;
      for (ValueId id : lanes.stages) {
        const ir::Instr& operand = m_[m_[id].operands[p]];
        constants = constants && operand.op == ir::Opcode::Const;
        values.push_back(operand.value);
      }
      if (constants) {
        lanes.params.push_back(floatArray(values, "chain.params"));
        continue;
      }
      llvm::AllocaInst* a = array(lanes.floats, "chain.params");
      for (uint64_t s = 0; s < count; ++s)
        seg.CreateStore(values_[m_[lanes.stages[s]].operands[p]],
                        seg.CreateConstInBoundsGEP2_64(lanes.floats, a, 0, s));
      lanes.params.push_back(a);
    }
    return lanes;
  }

  void storeSkewState(llvm::IRBuilder<>& exit, llvm::Value* state, const SkewLanes& lanes) {
    for (uint64_t w = 0; w < lanes.words.size(); ++w)
      for (uint64_t s = 0; s < lanes.stages.size(); ++s)
        exit.CreateStore(exit.CreateLoad(i32_, exit.CreateConstInBoundsGEP2_64(
                                                   lanes.ints, lanes.words[w], 0, s)),
                         exit.CreateConstInBoundsGEP1_64(exit.getInt8Ty(), state,
                                                         layout_.offsets[lanes.stages[s]] + 4 * w));
  }

  /// A segment's steps t = begin … end + stages − 2, at b (the loop's first block; it branches
  /// to `done` after the last step): `pre(t)` runs the members before the chain for sample t
  /// while t < end and gives the chain's input; every stage s whose sample t − s is in the
  /// segment ticks on its input; `post(u, output)` runs the members after the chain for sample
  /// u = t − stages + 1 once u ≥ begin.
  void
  emitSkewedSteps(llvm::IRBuilder<>& b, llvm::Function* f, const SkewLanes& lanes,
                  llvm::Value* begin, llvm::Value* end, llvm::BasicBlock* entered,
                  llvm::BasicBlock* done,
                  const std::function<llvm::Value*(llvm::IRBuilder<>&, llvm::Value*)>& pre,
                  const std::function<void(llvm::IRBuilder<>&, llvm::Value*, llvm::Value*)>& post) {
    const uint64_t count = lanes.stages.size();
    const ValueId first = lanes.stages[0];
    auto* preBlock = llvm::BasicBlock::Create(context_, "chain.pre", f);
    auto* stepBlock = llvm::BasicBlock::Create(context_, "chain.step", f);
    auto* postBlock = llvm::BasicBlock::Create(context_, "chain.post", f);
    auto* latchBlock = llvm::BasicBlock::Create(context_, "chain.next", f);
    llvm::BasicBlock* head = b.GetInsertBlock();
    llvm::PHINode* t = b.CreatePHI(i64_, 2, "t");
    t->addIncoming(begin, entered);
    b.CreateCondBr(b.CreateICmpULT(t, end), preBlock, stepBlock);

    b.SetInsertPoint(preBlock);
    llvm::Value* fed = pre(b, t);
    llvm::BasicBlock* preEnd = b.GetInsertBlock();
    b.CreateBr(stepBlock);

    // The outputs of the step before move one stage on; stage 0 takes the new sample.
    b.SetInsertPoint(stepBlock);
    llvm::PHINode* input = b.CreatePHI(f32_, 2, "chain.input");
    input->addIncoming(fed, preEnd);
    input->addIncoming(llvm::ConstantFP::get(f32_, 0.0), head);
    b.CreateMemCpy(b.CreateConstInBoundsGEP2_64(lanes.floats, lanes.inputs, 0, 1),
                   llvm::MaybeAlign(4), lanes.outputs, llvm::MaybeAlign(32), 4 * (count - 1));
    b.CreateStore(input, lanes.inputs);
    // Stage s has a sample of the segment iff 0 ≤ t − begin − s < end − begin.
    llvm::Value* step = b.CreateTrunc(b.CreateSub(t, begin), i32_, "chain.step");
    llvm::Value* length = b.CreateTrunc(b.CreateSub(end, begin), i32_, "chain.length");
    for (uint64_t group = 0; group * ir::kLaneGroup < count; ++group) {
      const uint64_t base = group * ir::kLaneGroup;
      const uint64_t width = std::min<uint64_t>(ir::kLaneGroup, count - base);
      llvm::BranchInst* latch = emitCountedLoop(
          b, f, {"chain.lanes", "chain.lanes.done", "l", "l.next"}, b.getInt64(0),
          b.getInt64(width), [&](llvm::Value* l) {
            llvm::Value* s = b.CreateAdd(l, b.getInt64(base), "stage", true, true);
            auto cell = [&](llvm::ArrayType* type, llvm::Value* array) {
              return b.CreateInBoundsGEP(type, array, {b.getInt64(0), s});
            };
            std::vector<llvm::Value*> operands{
                b.CreateLoad(f32_, cell(lanes.floats, lanes.inputs), "x")};
            for (llvm::Value* param : lanes.params)
              operands.push_back(b.CreateLoad(f32_, cell(lanes.floats, param)));
            std::vector<llvm::Value*> old;
            for (uint64_t w = 0; w < lanes.words.size(); ++w) {
              old.push_back(b.CreateLoad(i32_, cell(lanes.ints, lanes.words[w])));
              b.CreateStore(old.back(), b.CreateConstInBoundsGEP1_64(i32_, lanes.local, w));
            }
            llvm::Value* statePtr = lanes.local ? static_cast<llvm::Value*>(lanes.local)
                                                : llvm::ConstantPointerNull::get(ptr_);
            llvm::Value* y = tick(b, statePtr, env_, first, operands, true);
            llvm::Value* active =
                b.CreateICmpULT(b.CreateSub(step, b.CreateTrunc(s, i32_)), length, "active");
            for (uint64_t w = 0; w < lanes.words.size(); ++w)
              b.CreateStore(b.CreateSelect(active,
                                           b.CreateLoad(i32_, b.CreateConstInBoundsGEP1_64(
                                                                  i32_, lanes.local, w)),
                                           old[w]),
                            cell(lanes.ints, lanes.words[w]));
            b.CreateStore(y, cell(lanes.floats, lanes.outputs));
          });
      if (width > 1) latch->setMetadata(llvm::LLVMContext::MD_loop, vectorizeLanes());
    }
    b.CreateCondBr(b.CreateICmpUGE(b.CreateSub(t, begin), b.getInt64(count - 1)), postBlock,
                   latchBlock);

    b.SetInsertPoint(postBlock);
    llvm::Value* u = b.CreateSub(t, b.getInt64(count - 1), "u");
    post(b, u,
         b.CreateLoad(f32_, b.CreateConstInBoundsGEP2_64(lanes.floats, lanes.outputs, 0, count - 1),
                      valueName(lanes.stages.back())));
    b.CreateBr(latchBlock);

    b.SetInsertPoint(latchBlock);
    llvm::Value* next = b.CreateAdd(t, b.getInt64(1), "t.next", true, true);
    t->addIncoming(next, latchBlock);
    b.CreateCondBr(b.CreateICmpULT(next, b.CreateAdd(end, b.getInt64(count - 1))), head, done);
  }

  // ---- long chains, stage-major -------------------------------------------------------------

  /// A big patch's stage run (stageRunsOf) runs stage-major: the members before it compute a
  /// chunk of at most kStageChunk samples into an array, the run's stages go over that array
  /// kStageGroup at a time, skewed (one stage per lane, each a sample behind the one before, as
  /// emitSkewedSteps does, so a group's stages are in flight at once), and the members after
  /// it finish the chunk's samples. A group's constant parameters do not change over its steps,
  /// so the coefficients its stages compute from them are hoisted out of the step loop, and
  /// its states stay in registers for the whole chunk. Each stage still computes its samples in
  /// order with the same arithmetic: the samples stay bit-identical.
  static constexpr uint64_t kStageChunk = 512;
  /// Stages per group: four vectors of kLaneGroup lanes, whose recurrences run side by side.
  static constexpr uint64_t kStageGroup = 4 * ir::kLaneGroup;

  /// The kernel's stage run, when it has exactly one and can run stage-major: its node can be
  /// skewed (skewable), and the members around it are as findSkewChain requires (those before
  /// it plain and feeding only each other and the run, those after it reading none of them:
  /// membersAroundRunAllowSkew).
  std::optional<StageRun> stagedRunOf(const std::vector<ValueId>& ids,
                                      const std::map<ValueId, uint32_t>& writeBuffer) const {
    std::map<size_t, StageRun> runs = stageRunsOf(ids, writeBuffer);
    if (runs.size() != 1) return std::nullopt;
    const StageRun run = runs.begin()->second;
    if (!skewable(m_[ids[run.begin]])) return std::nullopt;
    if (!membersAroundRunAllowSkew(ids, run.begin, run.begin + run.length, writeBuffer))
      return std::nullopt;
    return run;
  }

  /// Loop metadata that keeps a loop as it is written: neither vectorized nor unrolled.
  llvm::MDNode* plainLoop() {
    return loopId({loopHint("llvm.loop.vectorize.enable", llvm::ConstantInt::getFalse(context_)),
                   loopHint("llvm.loop.unroll.disable")});
  }

  /// Loop metadata asking the loop vectorizer for all kStageGroup lanes in one go: vectors of
  /// kLaneGroup lanes, interleaved.
  llvm::MDNode* vectorizeStageGroup() {
    return loopId(
        {loopHint("llvm.loop.vectorize.enable", llvm::ConstantInt::getTrue(context_)),
         loopHint("llvm.loop.vectorize.width", llvm::ConstantInt::get(i32_, ir::kLaneGroup)),
         loopHint("llvm.loop.interleave.count",
                  llvm::ConstantInt::get(i32_, kStageGroup / ir::kLaneGroup)),
         loopHint("llvm.loop.unroll.disable")});
  }

  /// A segment [begin, end) of a kernel with a staged run, at b (the loop's first block, entered
  /// from `entered`; it branches to `done` after the segment): per chunk, `pre(i)` gives the
  /// run's input at sample i, the run's stages go over the chunk (stageFunction), `post(i,
  /// output)` finishes sample i with the last stage's output.
  void emitStagedChunks(
      llvm::IRBuilder<>& b, llvm::Function* f, llvm::Value* state, const std::vector<ValueId>& ids,
      const StageRun& run, llvm::Value* begin, llvm::Value* end, llvm::BasicBlock* entered,
      llvm::BasicBlock* done,
      const std::function<llvm::Value*(llvm::IRBuilder<>&, llvm::Value*)>& pre,
      const std::function<void(llvm::IRBuilder<>&, llvm::Value*, llvm::Value*)>& post) {
    const ValueId first = ids[run.begin];
    const ir::Instr& in = m_[first];
    const uint64_t groups = (run.length + kStageGroup - 1) / kStageGroup;
    // The chunk's samples and after them a group's worth of zeros, the input of the steps
    // after the chunk's last sample went in.
    auto* chunkType = llvm::ArrayType::get(f32_, kStageChunk + kStageGroup);
    llvm::AllocaInst* samples = llvm::IRBuilder<>(allocaBlock_, allocaBlock_->begin())
                                    .CreateAlloca(chunkType, nullptr, "stage.samples");
    samples->setAlignment(llvm::Align(32));
    // Every stage's parameters, per port after the first (stageable: all constants); the
    // lanes after the last stage repeat its parameters.
    std::vector<llvm::Value*> params;
    for (size_t p = 1; p < in.operands.size(); ++p) {
      std::vector<float> values;
      for (size_t s = 0; s < run.length; ++s)
        values.push_back(m_[m_[ids[run.begin + s]].operands[p]].value);
      values.resize(groups * kStageGroup, values.back());
      params.push_back(floatArray(values, "stage.params"));
    }
    llvm::Function* stages = stageFunction(first);

    llvm::BasicBlock* chunkHead = b.GetInsertBlock();
    llvm::PHINode* chunk = b.CreatePHI(i64_, 2, "chunk");
    chunk->addIncoming(begin, entered);
    llvm::Value* left = b.CreateSub(end, chunk, "chunk.left");
    llvm::Value* n = b.CreateSelect(b.CreateICmpULT(left, b.getInt64(kStageChunk)), left,
                                    b.getInt64(kStageChunk), "chunk.frames");
    auto sampleCell = [&](llvm::Value* i) {
      return b.CreateInBoundsGEP(chunkType, samples, {b.getInt64(0), i});
    };
    emitCountedLoop(b, f, {"stage.pre", "stage.pre.done", "i", "i.next"}, b.getInt64(0), n,
                    [&](llvm::Value* i) {
                      llvm::Value* x = pre(b, b.CreateAdd(chunk, i, "", true, true));
                      b.CreateStore(x, sampleCell(i));
                    });
    b.CreateMemSet(sampleCell(n), b.getInt8(0), 4 * kStageGroup, llvm::MaybeAlign(4));
    std::vector<llvm::Value*> args{statePointer(b, state, first),
                                   b.getInt64(run.stateStride),
                                   b.getInt64(run.length),
                                   samples,
                                   n,
                                   env_};
    args.insert(args.end(), params.begin(), params.end());
    b.CreateCall(stages, args);
    emitCountedLoop(b, f, {"stage.post", "stage.post.done", "i", "i.next"}, b.getInt64(0), n,
                    [&](llvm::Value* i) {
                      llvm::Value* output = b.CreateLoad(f32_, sampleCell(i));
                      post(b, b.CreateAdd(chunk, i, "", true, true), output);
                    });
    llvm::Value* next = b.CreateAdd(chunk, n, "chunk.next", true, true);
    chunk->addIncoming(next, b.GetInsertBlock());
    b.CreateCondBr(b.CreateICmpULT(next, end), chunkHead, done);
  }

  /// The function that runs `length` stages of `node`'s node kind over a chunk of `n` samples,
  /// in place: (first stage's state, state stride, length, samples, n, env, one parameter array
  /// per port after the first), defined once per patch and node kind (in module 0, which
  /// lowers phonon_process; the other modules declare it), which every kernel with such a run
  /// calls, so that LLVM compiles the vectorized tick once per patch.
  ///
  /// The stages go kStageGroup at a time. Every group is kStageGroup lanes: stages, then (in
  /// the last group) lanes that pass their input on unchanged, so one piece of code serves
  /// every group and a chunk sample's last output always leaves the last lane kStageGroup − 1
  /// steps after the sample went in. A group's states are loaded into lane arrays before its
  /// steps (which keep them in registers) and stored back after; the arrays start at zero, so
  /// that lanes without a stage compute on finite values.
  llvm::Function* stageFunction(ValueId node) {
    const ir::Instr& in = m_[node];
    auto [it, fresh] = stageFunctions_.try_emplace(in.node, nullptr);
    if (!fresh) return it->second;
    std::vector<llvm::Type*> argTypes{ptr_, i64_, i64_, ptr_, i64_, ptr_};
    argTypes.insert(argTypes.end(), in.operands.size() - 1, ptr_);
    llvm::Function* f =
        define(std::string("stages_") + in.node->tickSymbol,
               llvm::FunctionType::get(llvm::Type::getVoidTy(context_), argTypes, false), false);
    it->second = f;
    f->addFnAttr(llvm::Attribute::NoInline);
    for (unsigned a = 0; a < argTypes.size(); ++a)
      if (argTypes[a] == ptr_) {
        f->addParamAttr(a, llvm::Attribute::NoAlias);
        // Said here, for the modules that only declare it: the kernel's chunk array does not
        // escape, so its loops over the chunk need no overlap checks with the buffers.
        f->addParamAttr(a, llvm::Attribute::NoCapture);
      }
    for (unsigned a = 5; a < argTypes.size(); ++a) f->addParamAttr(a, llvm::Attribute::ReadOnly);
    if (shareStageFunctions_ || declareStageFunctions_) {
      f->setLinkage(llvm::GlobalValue::ExternalLinkage);
      f->setVisibility(llvm::GlobalValue::HiddenVisibility);
    }
    if (declareStageFunctions_) return f;
    llvm::Value* state = f->getArg(0);
    llvm::Value* stride = f->getArg(1);
    llvm::Value* length = f->getArg(2);
    llvm::Value* samples = f->getArg(3);
    llvm::Value* n = f->getArg(4);
    llvm::Value* env = f->getArg(5);

    // tick() puts its argument arrays in allocaBlock_: this function's, meanwhile.
    llvm::BasicBlock* kernelAllocas = allocaBlock_;
    allocaBlock_ = llvm::BasicBlock::Create(context_, "entry", f);
    llvm::IRBuilder<> top(allocaBlock_);
    auto aligned = [&](llvm::Type* type, const char* name) {
      llvm::AllocaInst* a = top.CreateAlloca(type, nullptr, name);
      a->setAlignment(llvm::Align(32));
      return a;
    };
    auto* laneFloats = llvm::ArrayType::get(f32_, kStageGroup);
    auto* laneInts = llvm::ArrayType::get(i32_, kStageGroup);
    const uint64_t words = in.node->stateSize / 4;
    std::vector<llvm::AllocaInst*> wordArrays;
    for (uint64_t w = 0; w < words; ++w) {
      wordArrays.push_back(aligned(laneInts, "stage.state"));
      top.CreateMemSet(wordArrays.back(), top.getInt8(0), 4 * kStageGroup, llvm::MaybeAlign(32));
    }
    llvm::AllocaInst* inputs = aligned(laneFloats, "stage.inputs");
    llvm::AllocaInst* outputs = aligned(laneFloats, "stage.outputs");
    llvm::AllocaInst* local =
        words ? top.CreateAlloca(llvm::ArrayType::get(i32_, words), nullptr, "stage.lane.state")
              : nullptr;
    auto* body = llvm::BasicBlock::Create(context_, "stages", f);
    top.CreateBr(body);
    llvm::IRBuilder<> b(body);
    auto sampleCell = [&](llvm::Value* i) { return b.CreateInBoundsGEP(f32_, samples, i); };
    auto laneCell = [&](llvm::ArrayType* type, llvm::Value* array, llvm::Value* l) {
      return b.CreateInBoundsGEP(type, array, {b.getInt64(0), l});
    };
    llvm::Value* groups = b.CreateUDiv(b.CreateAdd(length, b.getInt64(kStageGroup - 1)),
                                       b.getInt64(kStageGroup), "groups");
    llvm::Value* samplesInChunk = b.CreateTrunc(n, i32_, "chunk.length");
    llvm::BranchInst* groupLatch = emitCountedLoop(
        b, f, {"stage.groups", "stage.groups.done", "g", "g.next"}, b.getInt64(0), groups,
        [&](llvm::Value* g) {
          llvm::Value* firstStage = b.CreateMul(g, b.getInt64(kStageGroup), "group.first");
          // The group's stages: kStageGroup, or fewer in the last group.
          llvm::Value* remaining = b.CreateSub(length, firstStage);
          llvm::Value* count = b.CreateSelect(b.CreateICmpULT(remaining, b.getInt64(kStageGroup)),
                                              remaining, b.getInt64(kStageGroup), "group.stages");
          auto stateWord = [&](llvm::Value* s, uint64_t w) {
            llvm::Value* stage = b.CreateAdd(firstStage, s, "", true, true);
            return b.CreateInBoundsGEP(
                b.getInt8Ty(), state,
                b.CreateAdd(b.getInt64(4 * w), b.CreateMul(stage, stride, "", true, true)));
          };
          // The state loops stay plain loops: LLVM's vectorized and unrolled copies of them would
          // cost more compile time than they save.
          if (words)
            emitCountedLoop(b, f, {"group.load", "group.load.done", "s", "s.next"}, b.getInt64(0),
                            count,
                            [&](llvm::Value* s) {
                              for (uint64_t w = 0; w < words; ++w)
                                b.CreateStore(b.CreateLoad(i32_, stateWord(s, w)),
                                              laneCell(laneInts, wordArrays[w], s));
                            })
                ->setMetadata(llvm::LLVMContext::MD_loop, plainLoop());
          b.CreateMemSet(outputs, b.getInt8(0), 4 * kStageGroup, llvm::MaybeAlign(32));
          llvm::Value* laneLimit = b.CreateTrunc(count, i32_, "group.lanes");
          // Step t: lane l ticks on sample t − l of the chunk while that is one of its samples.
          emitCountedLoop(
              b, f, {"group.steps", "group.steps.done", "t", "t.next"}, b.getInt64(0),
              b.CreateAdd(n, b.getInt64(kStageGroup - 1)), [&](llvm::Value* t) {
                // Each lane's input is the output of the lane before at the step before, lane
                // 0's the chunk's next sample: one shuffle of the whole group's outputs, which
                // keeps them in registers (a copy through memory one lane over would make every
                // step wait for its stores).
                auto* groupVector = llvm::FixedVectorType::get(f32_, kStageGroup);
                llvm::SmallVector<int, kStageGroup> shift{static_cast<int>(kStageGroup)};
                for (int l = 0; l + 1 < static_cast<int>(kStageGroup); ++l) shift.push_back(l);
                llvm::Value* fed =
                    b.CreateInsertElement(llvm::PoisonValue::get(groupVector),
                                          b.CreateLoad(f32_, sampleCell(t)), uint64_t{0});
                b.CreateAlignedStore(
                    b.CreateShuffleVector(
                        b.CreateAlignedLoad(groupVector, outputs, llvm::Align(32)), fed, shift),
                    inputs, llvm::Align(32));
                llvm::Value* step = b.CreateTrunc(t, i32_, "step");
                emitCountedLoop(
                    b, f, {"group.lanes", "group.lanes.done", "l", "l.next"}, b.getInt64(0),
                    b.getInt64(kStageGroup),
                    [&](llvm::Value* l) {
                      llvm::Value* x = b.CreateLoad(f32_, laneCell(laneFloats, inputs, l), "x");
                      std::vector<llvm::Value*> operands{x};
                      for (unsigned p = 6; p < f->arg_size(); ++p)
                        operands.push_back(b.CreateLoad(
                            f32_, b.CreateInBoundsGEP(f32_, f->getArg(p),
                                                      b.CreateAdd(firstStage, l, "", true, true))));
                      std::vector<llvm::Value*> old;
                      for (uint64_t w = 0; w < words; ++w) {
                        old.push_back(b.CreateLoad(i32_, laneCell(laneInts, wordArrays[w], l)));
                        b.CreateStore(old.back(), b.CreateConstInBoundsGEP1_64(i32_, local, w));
                      }
                      llvm::Value* statePtr = local ? static_cast<llvm::Value*>(local)
                                                    : llvm::ConstantPointerNull::get(ptr_);
                      llvm::Value* y = tick(b, statePtr, env, node, operands, true);
                      llvm::Value* lane = b.CreateTrunc(l, i32_);
                      llvm::Value* staged = b.CreateICmpULT(lane, laneLimit, "staged");
                      llvm::Value* active = b.CreateAnd(
                          staged, b.CreateICmpULT(b.CreateSub(step, lane), samplesInChunk),
                          "active");
                      for (uint64_t w = 0; w < words; ++w)
                        b.CreateStore(
                            b.CreateSelect(
                                active,
                                b.CreateLoad(i32_, b.CreateConstInBoundsGEP1_64(i32_, local, w)),
                                old[w]),
                            laneCell(laneInts, wordArrays[w], l));
                      b.CreateStore(b.CreateSelect(staged, y, x), laneCell(laneFloats, outputs, l));
                    })
                    ->setMetadata(llvm::LLVMContext::MD_loop, vectorizeStageGroup());
                // The last lane's output: sample t − (kStageGroup − 1), once there is one.
                auto* store = llvm::BasicBlock::Create(context_, "group.output", f);
                auto* stored = llvm::BasicBlock::Create(context_, "group.output.done", f);
                b.CreateCondBr(b.CreateICmpUGE(t, b.getInt64(kStageGroup - 1)), store, stored);
                b.SetInsertPoint(store);
                b.CreateStore(b.CreateLoad(f32_, b.CreateConstInBoundsGEP2_64(laneFloats, outputs,
                                                                              0, kStageGroup - 1)),
                              sampleCell(b.CreateSub(t, b.getInt64(kStageGroup - 1), "u")));
                b.CreateBr(stored);
                b.SetInsertPoint(stored);
              });
          if (words)
            emitCountedLoop(
                b, f, {"group.store", "group.store.done", "s", "s.next"}, b.getInt64(0), count,
                [&](llvm::Value* s) {
                  for (uint64_t w = 0; w < words; ++w)
                    b.CreateStore(b.CreateLoad(i32_, laneCell(laneInts, wordArrays[w], s)),
                                  stateWord(s, w));
                })
                ->setMetadata(llvm::LLVMContext::MD_loop, plainLoop());
        });
    groupLatch->setMetadata(llvm::LLVMContext::MD_loop, noUnrolling());
    b.CreateRetVoid();
    allocaBlock_ = kernelAllocas;
    inlineNodeCode(f);
    return f;
  }

  // ---- lane-contiguous banks (SIMD) ---------------------------------------------------------

  /// The most members of a kernel (not a bank) whose nodes read a local copy of the Env, which
  /// lets LLVM hoist what they compute from constant parameters out of the sample loop.
  static constexpr size_t kMaxHoistingMembers = 256;

  /// Lanes per block of a SIMD bank: eight vectors of kLaneGroup lanes whose state chains run
  /// side by side in each sample (one vector's chain alone would leave the core waiting;
  /// 2000 summed sines: 1.15 s of CPU with four, 0.99 s with eight, 1.06 s with sixteen).
  static constexpr uint64_t kBlockLanes = 8 * ir::kLaneGroup;
  /// Samples per span of a bank that accumulates a Sum: its partials' scratch (on the stack,
  /// 2 KiB per chunk of a block) holds that many samples before they go to the chunk totals.
  static constexpr uint64_t kSumSpan = 64;
  static_assert(ir::kSumChunk % ir::kLaneGroup == 0 && 2 * ir::kSumChunk <= kBlockLanes);

  /// The lanes per block of SIMD bank `k`, which its tasks split at: kBlockLanes, or for a
  /// bank accumulating a Sum one chunk of it (ir::sumChunkSize), whose total the block writes.
  uint64_t blockLanesOf(uint32_t k) const { return blockLanesOf(m_, k); }
  static uint64_t blockLanesOf(const ir::Module& m, uint32_t k) {
    const ir::Kernel& kernel = m.schedule.kernels[k];
    return ir::bankSum(m, k) != kNone ? ir::sumChunkSize(kernel.lanes) : kBlockLanes;
  }

  /// What a kernel function reads its segments from (the block context's tables).
  struct SegmentTables {
    llvm::Value *starts, *segments, *frames, *table, *state, *ctx;
  };
  struct SegmentHeader {
    llvm::PHINode* segment;
    llvm::Value* nextSegment;
    llvm::Value *begin, *end; ///< the segment's samples [begin, end)
  };
  /// The head of a kernel's segment loop, at `seg`: the segment index (from 0, its back edge
  /// is the caller's), its sample range, the event-rate invariants computed from its row of the
  /// value table, and a bank's arrays of per-lane invariants filled from them.
  SegmentHeader emitSegmentHeader(llvm::IRBuilder<>& seg, const SegmentTables& t,
                                  const std::vector<ValueId>& invariants, const Bank* bank,
                                  std::map<std::pair<size_t, size_t>, llvm::Value*>& laneArrays) {
    llvm::PHINode* segment = seg.CreatePHI(i64_, 2, "s");
    // Entered from the kernel's entry block, or the end of its prologue (emitRingBank): the
    // segment loop's only predecessor so far.
    segment->addIncoming(seg.getInt64(0), seg.GetInsertBlock()->getSinglePredecessor());
    llvm::Value* begin = seg.CreateZExt(
        seg.CreateLoad(i32_, seg.CreateInBoundsGEP(i32_, t.starts, segment)), i64_, "begin");
    llvm::Value* nextSegment = seg.CreateAdd(segment, seg.getInt64(1), "s.next", true, true);
    llvm::Value* hasNext = seg.CreateICmpULT(nextSegment, t.segments);
    llvm::Value* nextStart = seg.CreateZExt(
        seg.CreateLoad(i32_, seg.CreateInBoundsGEP(
                                 i32_, t.starts, seg.CreateSelect(hasNext, nextSegment, segment))),
        i64_);
    llvm::Value* end = seg.CreateSelect(hasNext, nextStart, t.frames, "end");
    llvm::Value* row = seg.CreateInBoundsGEP(
        f32_, t.table, seg.CreateMul(segment, seg.getInt64(m_.patterns.patterns.size())));
    for (ValueId id : invariants)
      if (m_[id].rate == ir::Rate::Event)
        values_[id] = computeInvariant(seg, t.state, t.ctx, row, id);
    if (bank)
      for (size_t j = 0; j < bank->width; ++j)
        for (size_t p = 0; p < bank->operands[j].size(); ++p) {
          const Bank::Operand& o = bank->operands[j][p];
          if (o.kind != Bank::Operand::Invariants) continue;
          auto* arrayType = llvm::ArrayType::get(f32_, o.values.size());
          for (size_t lane = 0; lane < o.values.size(); ++lane)
            seg.CreateStore(values_[o.values[lane]],
                            seg.CreateConstInBoundsGEP2_32(arrayType, laneArrays[{j, p}], 0, lane));
        }
    return {segment, nextSegment, begin, end};
  }

  struct SimdBank {
    uint32_t k;
    const Bank& bank;
    const std::vector<ValueId>& ids; ///< the lanes' members, lane after lane
    ValueId sum;                     ///< the Sum the lanes accumulate into, or kNone
    llvm::Function* f;
    llvm::Value *state, *ctx, *frames, *segments, *starts, *table, *buffers, *stride;
    const std::vector<ValueId>& invariants;
    std::map<std::pair<size_t, size_t>, llvm::Value*>& laneArrays;
    const std::map<ValueId, uint32_t>& readBuffer;
    const std::map<ValueId, uint32_t>& writeBuffer;
  };

  /// Inlines every call of node code into `f`, transitively: the loop vectorizer gives up on
  /// a loop with a call in it, and the inliner's budget may leave a node's tick outlined. Not
  /// the patch's own functions that are kept apart (NoInline: stageFunction's, which kernels
  /// share).
  static void inlineNodeCode(llvm::Function* f) {
    for (bool again = true; again;) {
      again = false;
      std::vector<llvm::CallBase*> calls;
      for (llvm::BasicBlock& block : *f)
        for (llvm::Instruction& inst : block)
          if (auto* call = llvm::dyn_cast<llvm::CallBase>(&inst))
            if (llvm::Function* callee = call->getCalledFunction();
                callee && !callee->isDeclaration() && !callee->isIntrinsic() && callee != f &&
                !callee->hasFnAttribute(llvm::Attribute::NoInline))
              calls.push_back(call);
      for (llvm::CallBase* call : calls) {
        llvm::InlineFunctionInfo info;
        again |= llvm::InlineFunction(*call, info).isSuccess();
      }
    }
  }

  /// Marks the lane loops of `f` (laneLoops_) parallel, once node code is inlined: a lane's
  /// delay lines are its own arena slice, reached through a pointer in its state, which the
  /// loop vectorizer cannot tell from another lane's (or from the state arrays), and a lane's
  /// output its own buffer, through an index array (lane.writes), whose stores it cannot bound;
  /// either way it would refuse the loop. No lane reads what another writes (allocate-buffers
  /// gives a bank's lane in place only a buffer that lane alone read): every access of the loop
  /// joins one access group that the loop declares parallel (llvm.loop.parallel_accesses).
  ///
  /// Its accesses also fall in two alias scopes: the arenas (through a pointer that the lane's
  /// state holds) and everything else (state, buffers, locals), which the arena never
  /// overlaps. Without them LICM keeps the state in memory across the sample loop, as any
  /// delay-line store might have written it.
  void markLaneLoopsParallel(llvm::Function* f) {
    llvm::DominatorTree dominators(*f);
    llvm::LoopInfo loops(dominators);
    llvm::MDBuilder md(context_);
    llvm::MDNode* domain = md.createAnonymousAliasScopeDomain("lanes");
    llvm::MDNode* arenaScope = md.createAnonymousAliasScope(domain, "arena");
    llvm::MDNode* otherScope = md.createAnonymousAliasScope(domain, "state");
    llvm::MDNode* arenaList = llvm::MDNode::get(context_, {arenaScope});
    llvm::MDNode* otherList = llvm::MDNode::get(context_, {otherScope});
    // A pointer into an arena: loaded from a lane's local state (or offset from one).
    auto inArena = [&](llvm::Value* pointer) {
      auto* load = llvm::dyn_cast<llvm::LoadInst>(llvm::getUnderlyingObject(pointer, 0));
      if (!load) return false;
      auto* local =
          llvm::dyn_cast<llvm::AllocaInst>(llvm::getUnderlyingObject(load->getPointerOperand(), 0));
      return local && laneStates_.count(local);
    };
    for (llvm::Loop* loop : loops.getLoopsInPreorder()) {
      llvm::MDNode* id = loop->getLoopID();
      if (!id || !laneLoops_.count(id)) continue;
      llvm::MDNode* group = llvm::MDNode::getDistinct(context_, {});
      for (llvm::BasicBlock* block : loop->blocks())
        for (llvm::Instruction& inst : *block) {
          if (!inst.mayReadOrWriteMemory()) continue;
          inst.setMetadata(llvm::LLVMContext::MD_access_group, group);
          llvm::Value* pointer = llvm::getLoadStorePointerOperand(&inst);
          if (!pointer) continue;
          const bool arena = inArena(pointer);
          inst.setMetadata(llvm::LLVMContext::MD_alias_scope, arena ? arenaList : otherList);
          inst.setMetadata(llvm::LLVMContext::MD_noalias, arena ? otherList : arenaList);
        }
      std::vector<llvm::Metadata*> hints;
      for (unsigned o = 1; o < id->getNumOperands(); ++o) hints.push_back(id->getOperand(o));
      hints.push_back(llvm::MDNode::get(
          context_, {llvm::MDString::get(context_, "llvm.loop.parallel_accesses"), group}));
      loop->setLoopID(loopId(std::move(hints)));
    }
  }

  /// Tells LLVM that the state block (reached from the kernel's `state`) and the host's memory
  /// (the buffers, outputs and tables, reached through pointers loaded from `ctx`) never
  /// overlap: separate allocations. Without it a store to a buffer (a bank's partial sums) might
  /// change any state word as far as LLVM can tell, and LICM reloads in every sample the words
  /// no lane writes (a delay line's pointer). Run once node code is inlined.
  void separateStateFromHostMemory(llvm::Function* f) {
    llvm::Value* state = f->getArg(0);
    llvm::Value* ctx = f->getArg(1);
    llvm::MDBuilder md(context_);
    llvm::MDNode* domain = md.createAnonymousAliasScopeDomain("kernel memory");
    llvm::MDNode* stateList =
        llvm::MDNode::get(context_, {md.createAnonymousAliasScope(domain, "state block")});
    llvm::MDNode* hostList =
        llvm::MDNode::get(context_, {md.createAnonymousAliasScope(domain, "host memory")});
    llvm::MDNode* savedList =
        llvm::MDNode::get(context_, {md.createAnonymousAliasScope(domain, "saved state")});
    auto fromHost = [&](llvm::Value* pointer) {
      llvm::Value* object = llvm::getUnderlyingObject(pointer, 0);
      while (auto* load = llvm::dyn_cast<llvm::LoadInst>(object)) {
        object = llvm::getUnderlyingObject(load->getPointerOperand(), 0);
        if (object == ctx) return true;
      }
      return false;
    };
    for (llvm::BasicBlock& block : *f)
      for (llvm::Instruction& inst : block) {
        llvm::Value* pointer = llvm::getLoadStorePointerOperand(&inst);
        if (!pointer) continue;
        llvm::MDNode *scope = nullptr, *other = nullptr;
        llvm::Value* object = llvm::getUnderlyingObject(pointer, 0);
        if (object == state) {
          scope = stateList;
          other = llvm::MDNode::concatenate(hostList, savedList);
        } else if (savedViews_.count(object)) {
          scope = savedList;
          other = llvm::MDNode::concatenate(stateList, hostList);
        } else if (fromHost(pointer)) {
          scope = hostList;
          other = llvm::MDNode::concatenate(stateList, savedList);
        } else {
          continue;
        }
        inst.setMetadata(
            llvm::LLVMContext::MD_alias_scope,
            llvm::MDNode::concatenate(inst.getMetadata(llvm::LLVMContext::MD_alias_scope), scope));
        inst.setMetadata(
            llvm::LLVMContext::MD_noalias,
            llvm::MDNode::concatenate(inst.getMetadata(llvm::LLVMContext::MD_noalias), other));
      }
  }

  /// Loop metadata that keeps a loop scalar: the chunk totals' loop, vectorised, reads its
  /// partials through 8×8 transposes, which took longer to compile and to run (2000 summed
  /// sines in chunks of 32: 0.96 s against 0.88 s of CPU).
  llvm::MDNode* scalarLoop() {
    return loopId({loopHint("llvm.loop.vectorize.enable", llvm::ConstantInt::getFalse(context_))});
  }

  /// scalarLoop, not unrolled either: the chunk totals' loop, whose samples the core overlaps
  /// as they are (unrolled by two, it was an eighth of W5's bank to compile, for no speed).
  llvm::MDNode* scalarRolledLoop() {
    return loopId({loopHint("llvm.loop.vectorize.enable", llvm::ConstantInt::getFalse(context_)),
                   loopHint("llvm.loop.unroll.disable")});
  }

  /// Loop metadata asking the loop vectorizer for kLaneGroup lanes at once.
  llvm::MDNode* vectorizeLanes() {
    // Not unrolled first: fully unrolled before the vectorizer, the lanes would be left to the
    // SLP vectorizer.
    return loopId(
        {loopHint("llvm.loop.vectorize.enable", llvm::ConstantInt::getTrue(context_)),
         loopHint("llvm.loop.vectorize.width", llvm::ConstantInt::get(i32_, ir::kLaneGroup)),
         loopHint("llvm.loop.unroll.disable")});
  }

  /// Above this much compile weight (a lane's cost, times the lane loops a block and the tail
  /// would hold) a SIMD bank's groups are loops (emitSimdBank). W5's 16 chains (two groups of
  /// saw, bq_lp, delay and tanh) stay below, their state in registers; bench mixed's lpf and
  /// delay lanes, 15 lane loops of them, go above.
  static constexpr float kMaxUnrolledGroupsWeight = 256;

  bool groupLoopsFor(uint32_t k) const { return groupLoopsFor(m_, k); }
  static bool groupLoopsFor(const ir::Module& m, uint32_t k) {
    const ir::Kernel& kernel = m.schedule.kernels[k];
    return kernel.cost / static_cast<float>(kernel.lanes) *
               static_cast<float>(unrolledLaneLoops(m, k)) >
           kMaxUnrolledGroupsWeight;
  }

  /// The lane loops of SIMD bank `k`'s block and tail, unrolled: one per group of kLaneGroup
  /// lanes of a whole block, and of the tail block.
  static uint64_t unrolledLaneLoops(const ir::Module& m, uint32_t k) {
    const ir::Kernel& kernel = m.schedule.kernels[k];
    const uint64_t blockLanes = blockLanesOf(m, k);
    return (kernel.lanes >= blockLanes ? blockLanes / ir::kLaneGroup : 0) +
           (kernel.lanes % blockLanes + ir::kLaneGroup - 1) / ir::kLaneGroup;
  }

  /// A SIMD bank's ring members (nodes with a `kRingLine`, DelayLines.h): every group of
  /// kLaneGroup lanes runs its lines at one ring position, its first lane's (the leader's), so
  /// that a sample's reads and writes are at one index of lines one stride apart, which the
  /// vectorizer reads with constant offsets from one base instead of a pointer and an index per
  /// lane (W5's delays). Each lane's own write position is kept, equal to its leader's: a lane
  /// whose line is elsewhere (its state copied by a live edit from a lane that was not) is
  /// realigned once, its samples rotated in place (phn_ring_align), before the bank runs.
  struct RingBank {
    /// Per member: bytes from a lane's line to the next lane's, or null for a member that is
    /// not a ring (or a bank whose lines are not one stride apart).
    std::vector<llvm::Value*> stride;
  };
  struct RingLeader {
    llvm::Value *data = nullptr, *size = nullptr, *write = nullptr;
  };

  /// Whether 4-byte word w of `in`'s State is one of its ring line's.
  static bool isRingWord(const ir::Instr& in, uint64_t w) {
    const uint64_t line = static_cast<uint64_t>(in.node->ringLine);
    return w * 4 >= line && w * 4 < line + nodes::kRingWriteOffset + 4;
  }

  /// Byte `offset` of member j's ring line in lane `lane`'s state words, as a pointer.
  llvm::Value* ringWord(llvm::IRBuilder<>& b, const SimdBank& sb, size_t j, llvm::Value* lane,
                        uint32_t offset) {
    const ValueId id = sb.ids[j];
    const uint64_t w = (static_cast<uint64_t>(m_[id].node->ringLine) + offset) / 4;
    llvm::Value* base = b.CreateInBoundsGEP(
        b.getInt8Ty(), sb.state,
        b.CreateAdd(b.getInt64(layout_.offsets[id]), b.CreateMul(lane, b.getInt64(4))));
    return b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), base, w * layout_.wordStride[id]);
  }

  /// Member j's ring line, size and write position in lane `lane` (its pointer is two words of
  /// the lane-contiguous state, low word first).
  RingLeader ringLeader(llvm::IRBuilder<>& b, const SimdBank& sb, size_t j, llvm::Value* lane) {
    llvm::Value* low =
        b.CreateZExt(b.CreateLoad(i32_, ringWord(b, sb, j, lane, nodes::kRingDataOffset)), i64_);
    llvm::Value* high = b.CreateZExt(
        b.CreateLoad(i32_, ringWord(b, sb, j, lane, nodes::kRingDataOffset + 4)), i64_);
    RingLeader r;
    r.data = b.CreateIntToPtr(b.CreateOr(low, b.CreateShl(high, 32)), ptr_, "ring.line");
    r.size = b.CreateLoad(i32_, ringWord(b, sb, j, lane, nodes::kRingSizeOffset), "ring.size");
    r.write = b.CreateLoad(i32_, ringWord(b, sb, j, lane, nodes::kRingWriteOffset), "ring.write");
    return r;
  }

  /// The ring members of SIMD bank `sb` and, at `entry`, the lines' stride and the realignment
  /// of the lanes [first lane, end lane) to their leaders.
  RingBank emitRingBank(const SimdBank& sb, llvm::IRBuilder<>& entry) {
    const size_t width = sb.bank.width;
    RingBank ring;
    ring.stride.assign(width, nullptr);
    // The lines of a lane are one stride from the previous lane's only in an arena run (each
    // lane's slices after the previous lane's, all of one size).
    const uint64_t lanes = m_.schedule.kernels[sb.k].lanes;
    const std::map<ValueId, ArenaRun> runs = arenaRuns();
    if (lanes < 2 || std::none_of(runs.begin(), runs.end(),
                                  [&](const auto& run) { return run.second.kernel == sb.k; }))
      return ring;
    llvm::Function* f = sb.f;
    llvm::Value* firstLane = f->getArg(2);
    llvm::Value* endLane = f->getArg(3);
    llvm::Function* align = nullptr;
    for (size_t j = 0; j < width; ++j) {
      const ir::Instr& in = m_[sb.ids[j]];
      if (in.op != ir::Opcode::Node || !in.node->arena || in.node->ringLine < 0 ||
          layout_.wordStride[sb.ids[j]] == 0)
        continue;
      if (!align) {
        align = kernelFunction(nodes::kRingAlignSymbol);
        align->addFnAttr(llvm::Attribute::NoInline); // runs once after a live edit, if ever
      }
      // Lane 1's line minus lane 0's: a lane's slice is its line's start (DelayLines.h), and a
      // live edit's copy moves the line with its slice (ir::copyNodeState).
      RingLeader lane0 = ringLeader(entry, sb, j, entry.getInt64(0));
      RingLeader lane1 = ringLeader(entry, sb, j, entry.getInt64(1));
      ring.stride[j] = entry.CreateSub(entry.CreatePtrToInt(lane1.data, i64_),
                                       entry.CreatePtrToInt(lane0.data, i64_), "ring.stride");
      // Each lane of this task at its leader's position (the first of its group of kLaneGroup
      // from the first lane: groups start there, blocks being whole groups).
      auto* some = llvm::BasicBlock::Create(context_, "ring.align.some", f);
      auto* done = llvm::BasicBlock::Create(context_, "ring.align.done", f);
      entry.CreateCondBr(entry.CreateICmpULT(firstLane, endLane), some, done);
      entry.SetInsertPoint(some);
      emitCountedLoop(
          entry, f, {"ring.align", "ring.align.next", "lane", "lane.next"}, firstLane, endLane,
          [&](llvm::Value* lane) {
            llvm::Value* leaderLane = entry.CreateAdd(
                firstLane, entry.CreateAnd(entry.CreateSub(lane, firstLane),
                                           entry.getInt64(~uint64_t{ir::kLaneGroup - 1})));
            RingLeader own = ringLeader(entry, sb, j, lane);
            llvm::Value* position =
                entry.CreateLoad(i32_, ringWord(entry, sb, j, leaderLane, nodes::kRingWriteOffset));
            auto* move = llvm::BasicBlock::Create(context_, "ring.move", f);
            auto* next = llvm::BasicBlock::Create(context_, "ring.moved", f);
            entry.CreateCondBr(entry.CreateICmpEQ(own.write, position), next, move);
            entry.SetInsertPoint(move);
            entry.CreateCall(align, {own.data, own.size, own.write, position});
            entry.CreateStore(position, ringWord(entry, sb, j, lane, nodes::kRingWriteOffset));
            entry.CreateBr(next);
            entry.SetInsertPoint(next);
          });
      entry.CreateBr(done);
      entry.SetInsertPoint(done);
    }
    return ring;
  }

  /// A lane-contiguous bank (ir::laneContiguous): for each segment, the lanes in blocks of
  /// blockLanes(k), and for each block the sample loop, inside it one loop of kLaneGroup lanes
  /// per vector, which no lane depends on another in — so the loop vectorizer makes each one
  /// vector arithmetic over lane-contiguous state. A Sum of the lanes is added in the order of
  /// ir::sumOf, lanes being its operands in order: per chunk of kSumChunk lanes, each sample's
  /// kSumPartials partials (lane l into partial l mod 8) go to a scratch of kSumSpan samples,
  /// which is added up into the chunk's total buffer every kSumSpan samples; emitSumOfChunks
  /// adds the totals once every task of the batch is done.
  void emitSimdBank(SimdBank& sb, llvm::IRBuilder<>& entry, llvm::BasicBlock* exitBlock) {
    const ir::Kernel& kernel = m_.schedule.kernels[sb.k];
    const uint64_t lanes = kernel.lanes;
    const size_t width = sb.bank.width;
    llvm::Function* f = sb.f;
    llvm::Value* firstLane = f->getArg(2);
    llvm::Value* endLane = f->getArg(3);
    auto* i8 = entry.getInt8Ty();

    // One local state struct per stateful member: a lane's words are copied in, ticked and
    // copied back, which SROA turns into loads and stores of the state arrays.
    std::vector<llvm::Value*> localState(width, nullptr);
    {
      llvm::IRBuilder<> top(allocaBlock_, allocaBlock_->begin());
      for (size_t j = 0; j < width; ++j) {
        const ir::Instr& in = m_[sb.ids[j]];
        if (in.op == ir::Opcode::Node && in.node->stateSize != 0) {
          llvm::AllocaInst* local = top.CreateAlloca(
              llvm::ArrayType::get(i32_, in.node->stateSize / 4), nullptr, "lane.state");
          local->setAlignment(llvm::Align(std::max<uint64_t>(4, in.node->stateAlign)));
          localState[j] = local;
          laneStates_.insert(local);
        }
      }
    }
    // A bank of one node with a smooth tick (saw, square; Node.h edgeSymbol) runs it in each
    // group of lanes and asks each lane's edge as it goes; a group with a lane near a jump
    // gets its state back and runs its ticks after the block's other groups (emitGroupsInLine).
    // Only a lane of that node alone: a lane's other members would need their state back too.
    const bool smoothBank = width == 1 && m_[sb.ids[0]].op == ir::Opcode::Node &&
                            m_[sb.ids[0]].node->edgeSymbol && localState[0];
    llvm::Value* env = env_; // the kernel's copy (emitKernel)
    const uint64_t blockLanes = blockLanesOf(sb.k);
    size_t sumMember = SIZE_MAX;
    llvm::Value* totals = nullptr;  // chunk c's total: buffer kernel.partials + c
    llvm::Value* scratch = nullptr; // [chunk of the block][sample of the span][partial]
    auto* scratchType = llvm::ArrayType::get(f32_, kSumSpan * ir::kSumPartials);
    if (sb.sum != kNone) {
      for (size_t j = 0; j < width; ++j)
        if (sb.ids[j] == m_[sb.sum].operands[0]) sumMember = j;
      totals = entry.CreateInBoundsGEP(
          f32_, sb.buffers, entry.CreateMul(entry.getInt64(kernel.partials), sb.stride), "totals");
      auto* alloca = llvm::IRBuilder<>(allocaBlock_, allocaBlock_->begin())
                         .CreateAlloca(scratchType, nullptr, "partials");
      alloca->setAlignment(llvm::Align(32));
      scratch = alloca;
    }
    // The values shared by every lane that come from other kernels: loaded once per sample.
    std::set<ValueId> sharedReads;
    for (const auto& member : sb.bank.operands)
      for (const Bank::Operand& o : member)
        if (o.kind == Bank::Operand::Shared && sb.readBuffer.count(o.value))
          sharedReads.insert(o.value);
    auto bufferSample = [&](llvm::IRBuilder<>& b, llvm::Value* buffer, llvm::Value* i) {
      return b.CreateInBoundsGEP(
          f32_, sb.buffers, b.CreateAdd(b.CreateMul(b.CreateZExt(buffer, i64_), sb.stride), i));
    };

    const RingBank ring = emitRingBank(sb, entry);

    auto* segmentBlock = llvm::BasicBlock::Create(context_, "segment", f);
    auto* segmentLatch = llvm::BasicBlock::Create(context_, "segment.next", f);
    auto* doneBlock = llvm::BasicBlock::Create(context_, "segments.done", f);
    entry.CreateCondBr(entry.CreateICmpEQ(sb.frames, entry.getInt64(0)), exitBlock, segmentBlock);

    llvm::IRBuilder<> seg(segmentBlock);
    auto [segment, nextSegment, begin, end] =
        emitSegmentHeader(seg, {sb.starts, sb.segments, sb.frames, sb.table, sb.state, sb.ctx},
                          sb.invariants, &sb.bank, sb.laneArrays);

    // The blocks of lanes: whole ones, then the rest (only the task that ends the bank has
    // it). Where the lanes' code is small (groupLoopsFor), each group of a block is a lane loop
    // of its own, for a full block and for the tail: a few groups' state stays in registers
    // through the sample loop. Otherwise one code serves every block, its counts of lanes
    // values, its whole groups a loop over them: the members' code once, not once per group
    // and block (a bank of lpf and delay was 15 copies of their code, most of bench mixed
    // 1 000's compile).
    const bool groupLoops = groupLoopsFor(sb.k);
    // A bank of fewer lanes than a block (W5's 16 chains) never runs a whole one: its code
    // would be most of the function, for the optimiser to find unreachable and delete.
    const bool wholeBlocks = groupLoops || lanes >= blockLanes;
    auto* blockHead = llvm::BasicBlock::Create(context_, "block", f);
    auto* fullBlock = wholeBlocks ? llvm::BasicBlock::Create(context_, "block.full", f) : nullptr;
    auto* tailCheck = llvm::BasicBlock::Create(context_, "block.tail.check", f);
    seg.CreateBr(blockHead);
    llvm::IRBuilder<> head(blockHead);
    llvm::PHINode* start = head.CreatePHI(i64_, 2, "block.start");
    start->addIncoming(firstLane, segmentBlock);
    if (groupLoops)
      head.CreateCondBr(head.CreateICmpULT(start, endLane), fullBlock, segmentLatch);
    else if (!wholeBlocks)
      head.CreateBr(tailCheck);
    else
      head.CreateCondBr(
          head.CreateICmpUGE(head.CreateSub(endLane, start), head.getInt64(blockLanes)), fullBlock,
          tailCheck);

    // One block: the sample loop, inside it a loop of up to kLaneGroup lanes per vector for each
    // of `groups` (their counts of lanes), or with group loops, a loop over the block's whole
    // groups, then the shorter group it may end with.
    // A bank that accumulates a Sum through pure members after its stateful ones (W5's tanh):
    // the members from tailFrom on run in a second loop over the span's samples, fed by a
    // scratch of the values they read from the others (`carry`, [sample][value][lane]). In the
    // one loop, a tail's long chains of arithmetic (tanh's exp2 and division, about 80 cycles)
    // filled the core's window behind each sample's stateful code, which is what the next
    // sample waited on; in a loop of their own, samples overlap (W5: 0.21 s of CPU to 0.17 s).
    // Each value is computed by the same operations, so the samples are the same.
    size_t tailFrom = 0;       // 0: no tail loop
    std::vector<size_t> carry; // the members before tailFrom that the tail reads
    llvm::Value* carryScratch = nullptr;
    if (sumMember != SIZE_MAX) {
      size_t first = width;
      while (first > 0) {
        const ir::Instr& in = m_[sb.ids[first - 1]];
        if (in.op != ir::Opcode::Node || in.node->stateSize != 0 || in.node->arena) break;
        --first;
      }
      if (first > 0 && first < width && sumMember >= first) {
        tailFrom = first;
        std::set<size_t> read;
        for (size_t j = first; j < width; ++j)
          for (const Bank::Operand& o : sb.bank.operands[j])
            if (o.kind == Bank::Operand::Internal && o.member < first) read.insert(o.member);
        carry.assign(read.begin(), read.end());
        auto* alloca =
            llvm::IRBuilder<>(allocaBlock_, allocaBlock_->begin())
                .CreateAlloca(llvm::ArrayType::get(f32_, kSumSpan * carry.size() * blockLanes),
                              nullptr, "carry");
        alloca->setAlignment(llvm::Align(32));
        carryScratch = alloca;
      }
    }
    enum class Members { All, Head, Tail };

    auto emitBlock = [&](llvm::BasicBlock* at, const std::vector<uint64_t>& groups) {
      llvm::IRBuilder<> b(at);
      llvm::Value *wholeGroups = nullptr, *shortLanes = nullptr;
      if (groupLoops) {
        llvm::Value* blockSize = b.CreateSub(endLane, start);
        blockSize = b.CreateSelect(b.CreateICmpULT(blockSize, b.getInt64(blockLanes)), blockSize,
                                   b.getInt64(blockLanes), "block.lanes");
        wholeGroups = b.CreateUDiv(blockSize, b.getInt64(ir::kLaneGroup), "whole.groups");
        shortLanes = b.CreateURem(blockSize, b.getInt64(ir::kLaneGroup), "short.lanes");
      }
      const uint64_t maxGroups = groups.size();
      // A sample's lane values, group after group, added into the partials once all groups
      // are done (not per group, which would chain the groups through memory). A lane a group
      // lacks holds +0 (set once per block), which leaves a partial unchanged: a partial is
      // never −0 (it starts at +0).
      auto* valsType = llvm::ArrayType::get(f32_, maxGroups * ir::kLaneGroup);
      llvm::Value* vals = nullptr;
      if (totals) {
        auto* alloca = llvm::IRBuilder<>(allocaBlock_, allocaBlock_->begin())
                           .CreateAlloca(valsType, nullptr, "lane.values");
        alloca->setAlignment(llvm::Align(32));
        vals = alloca;
        if (groupLoops)
          b.CreateMemSet(vals, b.getInt8(0), maxGroups * ir::kLaneGroup * 4, llvm::Align(32));
        else
          for (size_t g = 0; g < groups.size(); ++g)
            for (uint64_t l = groups[g]; l < ir::kLaneGroup; ++l)
              b.CreateStore(
                  llvm::ConstantFP::get(f32_, 0.0),
                  b.CreateConstInBoundsGEP2_32(valsType, vals, 0, g * ir::kLaneGroup + l));
      }
      auto* sampleBlock = llvm::BasicBlock::Create(context_, "samples", f);
      auto* afterBlock = llvm::BasicBlock::Create(context_, "samples.done", f);
      // With a Sum, the samples go in spans of at most kSumSpan, the scratch's length.
      llvm::PHINode* spanStart = nullptr;
      llvm::Value* spanEnd = end;
      llvm::BasicBlock* spanBlock = nullptr;
      if (totals) {
        spanBlock = llvm::BasicBlock::Create(context_, "span", f);
        b.CreateCondBr(b.CreateICmpULT(begin, end), spanBlock, afterBlock);
        b.SetInsertPoint(spanBlock);
        spanStart = b.CreatePHI(i64_, 2, "span.start");
        spanStart->addIncoming(begin, at);
        llvm::Value* full = b.CreateAdd(spanStart, b.getInt64(kSumSpan), "span.full", true, true);
        spanEnd = b.CreateSelect(b.CreateICmpULT(full, end), full, end, "span.end");
        b.CreateBr(sampleBlock);
      } else {
        b.CreateCondBr(b.CreateICmpULT(begin, end), sampleBlock, afterBlock);
      }
      llvm::BasicBlock* entered = b.GetInsertBlock();
      b.SetInsertPoint(sampleBlock);
      llvm::PHINode* i = b.CreatePHI(i64_, 2, "i");
      i->addIncoming(spanStart ? static_cast<llvm::Value*>(spanStart) : begin, entered);
      // The sample the groups compute (i, or the tail loop's), and which members.
      llvm::Value* sampleAt = i;
      Members members = tailFrom ? Members::Head : Members::All;
      auto loadSharedReads = [&] {
        for (ValueId v : sharedReads)
          values_[v] = b.CreateLoad(
              f32_, bufferSample(b, b.getInt32(sb.readBuffer.at(v)), sampleAt), valueName(v));
      };
      loadSharedReads();
      // Member j's operand p in lane `lane` (local: the lane's members computed so far).
      auto laneOperand = [&](size_t j, size_t p, llvm::Value* lane,
                             const std::vector<llvm::Value*>& local) -> llvm::Value* {
        const Bank::Operand& o = sb.bank.operands[j][p];
        switch (o.kind) {
        case Bank::Operand::Internal:
          return local[o.member];
        case Bank::Operand::Shared:
          return values_[o.value];
        case Bank::Operand::Constants:
        case Bank::Operand::Invariants:
          return b.CreateLoad(f32_,
                              b.CreateInBoundsGEP(llvm::ArrayType::get(f32_, lanes),
                                                  sb.laneArrays[{j, p}], {b.getInt64(0), lane}));
        case Bank::Operand::Buffers: {
          llvm::Value* buffer =
              b.CreateLoad(i32_, b.CreateInBoundsGEP(llvm::ArrayType::get(i32_, lanes),
                                                     sb.laneArrays[{j, p}], {b.getInt64(0), lane}));
          return b.CreateLoad(f32_, bufferSample(b, buffer, sampleAt));
        }
        }
        return nullptr;
      };
      // A smooth bank's state as its groups found it this sample, word w of lane l of the
      // block at saved[w][l], for the groups near a jump to start again from.
      std::vector<llvm::Value*> saved;
      // How a group's lanes tick: as they are; their smooth ticks, keeping their state in
      // `saved` and or-ing their edges; from the state in `saved`.
      enum class Ticks { Plain, Smooth, FromSaved };
      // Lanes l = 0 … count − 1 of a group (lane start + groupLane + l): one loop, one vector
      // (a count not known here, shortLanes, is a scalar loop). With Ticks::Smooth, the or of
      // the lanes' edges (an i32, non-zero where a lane is near a jump).
      auto emitLanes = [&](llvm::Value* groupLane, llvm::Value* count,
                           Ticks ticks = Ticks::Plain) -> llvm::Value* {
        const size_t jBegin = members == Members::Tail ? tailFrom : 0;
        const size_t jEnd = members == Members::Head ? tailFrom : width;
        // A ring member's line, size and write position: its group's first lane's, read before
        // any lane of the group writes its own (RingBank).
        std::vector<RingLeader> leaders(width);
        for (size_t j = jBegin; j < jEnd; ++j)
          if (ring.stride[j])
            leaders[j] = ringLeader(b, sb, j, b.CreateAdd(start, groupLane, "ring.leader"));
        llvm::BasicBlock* before = b.GetInsertBlock();
        llvm::PHINode* anyEdge = nullptr;
        llvm::Value* anyEdgeNext = nullptr;
        llvm::BranchInst* latch = emitCountedLoop(
            b, f, {"lanes", "lanes.done", "l", "l.next"}, b.getInt64(0), count,
            [&](llvm::Value* l) {
              if (ticks == Ticks::Smooth) {
                anyEdge = b.CreatePHI(i32_, 2, "any.edge");
                anyEdge->addIncoming(b.getInt32(0), before);
              }
              llvm::Value* lane = b.CreateAdd(b.CreateAdd(start, groupLane), l, "lane", true, true);
              llvm::Value* blockLane = b.CreateAdd(groupLane, l);
              std::vector<llvm::Value*> local(width);
              // Value c of the carry scratch for this sample and lane.
              auto carried = [&](size_t c) {
                llvm::Value* row = b.CreateAdd(
                    b.CreateMul(b.CreateSub(sampleAt, spanStart), b.getInt64(carry.size())),
                    b.getInt64(c));
                return b.CreateInBoundsGEP(f32_, carryScratch,
                                           b.CreateAdd(b.CreateMul(row, b.getInt64(blockLanes)),
                                                       b.CreateAdd(groupLane, l)));
              };
              if (members == Members::Tail)
                for (size_t c = 0; c < carry.size(); ++c)
                  local[carry[c]] = b.CreateLoad(f32_, carried(c));
              for (size_t j = jBegin; j < jEnd; ++j) {
                const ir::Instr& first = m_[sb.ids[j]];
                std::vector<llvm::Value*> operands;
                for (size_t p = 0; p < first.operands.size(); ++p)
                  operands.push_back(laneOperand(j, p, lane, local));
                if (first.op == ir::Opcode::Bus) {
                  local[j] = operands[0];
                  continue;
                }
                llvm::Value* statePtr = llvm::ConstantPointerNull::get(ptr_);
                std::vector<llvm::Value*> words;
                if (localState[j]) {
                  // Word w of this lane: base + 4·lane + w·wordStride.
                  llvm::Value* base =
                      b.CreateInBoundsGEP(i8, sb.state,
                                          b.CreateAdd(b.getInt64(layout_.offsets[sb.ids[j]]),
                                                      b.CreateMul(lane, b.getInt64(4))));
                  const uint64_t count = first.node->stateSize / 4;
                  auto* localType = llvm::ArrayType::get(i32_, count);
                  for (uint64_t w = 0; w < count; ++w) {
                    llvm::Value* word =
                        b.CreateConstInBoundsGEP1_64(i8, base, w * layout_.wordStride[sb.ids[j]]);
                    words.push_back(word);
                    if (ring.stride[j] && isRingWord(first, w)) continue; // the leader's, below
                    b.CreateStore(b.CreateLoad(i32_, word),
                                  b.CreateConstInBoundsGEP2_32(localType, localState[j], 0, w));
                  }
                  if (ring.stride[j]) {
                    // The lane's line is the leader's plus l lines: one stride, so the vector
                    // reads the lanes at one position with one base and constant offsets.
                    auto localByte = [&](uint32_t offset) {
                      return b.CreateConstInBoundsGEP1_64(
                          i8, localState[j], static_cast<uint64_t>(first.node->ringLine) + offset);
                    };
                    b.CreateStore(
                        b.CreateInBoundsGEP(i8, leaders[j].data, b.CreateMul(l, ring.stride[j])),
                        localByte(nodes::kRingDataOffset));
                    b.CreateStore(leaders[j].size, localByte(nodes::kRingSizeOffset));
                    b.CreateStore(leaders[j].write, localByte(nodes::kRingWriteOffset));
                  }
                  statePtr = localState[j];
                  auto* stateType = llvm::ArrayType::get(i32_, words.size());
                  auto* savedType = llvm::ArrayType::get(i32_, blockLanes);
                  for (uint64_t w = 0; w < words.size() && ticks != Ticks::Plain; ++w) {
                    llvm::Value* copy =
                        b.CreateInBoundsGEP(savedType, saved[w], {b.getInt64(0), blockLane});
                    llvm::Value* word = b.CreateConstInBoundsGEP2_32(stateType, statePtr, 0, w);
                    if (ticks == Ticks::Smooth)
                      b.CreateStore(b.CreateLoad(i32_, word), copy);
                    else
                      b.CreateStore(b.CreateLoad(i32_, copy), word);
                  }
                }
                if (ticks == Ticks::Smooth)
                  anyEdgeNext =
                      b.CreateOr(anyEdge, edge(b, statePtr, env, sb.ids[j], operands), "any.edge");
                // Inlined whatever the inliner's budget: the lane loop vectorizes only without
                // calls.
                local[j] = tick(b, statePtr, env, sb.ids[j], operands, true,
                                ticks == Ticks::Smooth ? first.node->smoothSymbol : nullptr);
                for (uint64_t w = 0; w < words.size(); ++w) {
                  // A ring's line and size are never written by a tick; not copied back, so
                  // that the leader's stay as every lane read them.
                  if (ring.stride[j] && isRingWord(first, w) &&
                      w != (first.node->ringLine + nodes::kRingWriteOffset) / 4)
                    continue;
                  b.CreateStore(b.CreateLoad(i32_, b.CreateConstInBoundsGEP2_32(
                                                       llvm::ArrayType::get(i32_, words.size()),
                                                       localState[j], 0, w)),
                                words[w]);
                }
              }
              if (members == Members::Head)
                for (size_t c = 0; c < carry.size(); ++c)
                  b.CreateStore(local[carry[c]], carried(c));
              for (size_t j = jBegin; j < jEnd; ++j) {
                auto it = sb.laneArrays.find({j, SIZE_MAX});
                if (it == sb.laneArrays.end()) continue;
                llvm::Value* buffer =
                    b.CreateLoad(i32_, b.CreateInBoundsGEP(llvm::ArrayType::get(i32_, lanes),
                                                           it->second, {b.getInt64(0), lane}));
                b.CreateStore(local[j], bufferSample(b, buffer, sampleAt));
              }
              if (totals && members != Members::Head)
                b.CreateStore(local[sumMember],
                              b.CreateInBoundsGEP(valsType, vals,
                                                  {b.getInt64(0), b.CreateAdd(groupLane, l)}));
            });
        if (!llvm::isa<llvm::ConstantInt>(count)) {
          latch->setMetadata(llvm::LLVMContext::MD_loop, scalarLoop());
        } else if (llvm::cast<llvm::ConstantInt>(count)->getZExtValue() > 1) {
          llvm::MDNode* loop = vectorizeLanes();
          latch->setMetadata(llvm::LLVMContext::MD_loop, loop);
          laneLoops_.insert(loop);
        }
        if (anyEdge) anyEdge->addIncoming(anyEdgeNext, latch->getParent());
        return anyEdgeNext;
      };
      // `body` at b when `n` is not 0; b continues after it.
      auto unlessZero = [&](llvm::Value* n, const char* name, const std::function<void()>& body) {
        auto* then = llvm::BasicBlock::Create(context_, name, f);
        auto* after = llvm::BasicBlock::Create(context_, std::string(name) + ".done", f);
        b.CreateCondBr(b.CreateICmpEQ(n, b.getInt64(0)), after, then);
        b.SetInsertPoint(then);
        body();
        b.CreateBr(after);
        b.SetInsertPoint(after);
      };
      // Group g's lanes, `count` of them from lane start + 8g.
      auto emitGroup = [&](llvm::Value* g, llvm::Value* count) {
        emitLanes(b.CreateMul(g, b.getInt64(ir::kLaneGroup), "group.lane", true, true), count);
      };
      // The groups of a block written out (no group loops). A smooth bank's whole groups run
      // their smooth ticks, and those with a lane near a jump (at W2's 55-69 Hz, 2 % of them)
      // their ticks afterwards, from the state they had, each group's at its own constant
      // place: a loop over the groups (their ticks' code once per block) indexed the state by
      // the group, so LLVM kept every group's state in memory across the whole sample loop.
      // Written out, W2's code renders 60 s 25 % faster (300-336x -> 393-398x) for 10 ms more
      // of compile (42-51 -> 53-57 ms), its whole process 243.9 -> 224.5 ms.
      auto emitGroupsInLine = [&](const std::vector<uint64_t>& counts) {
        size_t whole = 0;
        while (smoothBank && whole < counts.size() && counts[whole] == ir::kLaneGroup) ++whole;
        if (whole == 0) {
          for (size_t g = 0; g < counts.size(); ++g)
            emitGroup(b.getInt64(g), b.getInt64(counts[g]));
          return;
        }
        llvm::IRBuilder<> top(allocaBlock_, allocaBlock_->begin());
        auto* savedType = llvm::ArrayType::get(i32_, blockLanes);
        saved.clear();
        for (uint64_t w = 0; w < m_[sb.ids[0]].node->stateSize / 4; ++w) {
          auto* alloca = top.CreateAlloca(savedType, nullptr, "saved.state");
          alloca->setAlignment(llvm::Align(32));
          saved.push_back(alloca);
        }
        auto* flagsType = llvm::ArrayType::get(i32_, whole);
        llvm::Value* nearFlags = top.CreateAlloca(flagsType, nullptr, "near");
        llvm::Value* anyNear = b.getInt32(0);
        for (size_t g = 0; g < counts.size(); ++g) {
          if (g >= whole) {
            emitGroup(b.getInt64(g), b.getInt64(counts[g]));
            continue;
          }
          llvm::Value* near =
              emitLanes(b.getInt64(g * ir::kLaneGroup), b.getInt64(counts[g]), Ticks::Smooth);
          b.CreateStore(near, b.CreateConstInBoundsGEP2_32(flagsType, nearFlags, 0, g));
          anyNear = b.CreateOr(anyNear, near, "any.near");
        }
        unlessZero(b.CreateZExt(anyNear, i64_), "groups.near", [&] {
          // The saved state read through an opaque copy of its address (an empty asm that
          // touches no memory; the scope "saved state" keeps it apart from the state block, so
          // LICM still holds the lanes' phases in registers): otherwise GVN forwards the saved
          // words from their stores above, and the ticks below share the smooth ticks' values,
          // which then live across the whole sample loop. W2's hot path spilled eight of them
          // and moved as many registers each sample: 389 -> 413x real time without.
          const std::vector<llvm::Value*> savedHere = saved;
          for (llvm::Value*& array : saved) {
            llvm::CallInst* opaque =
                b.CreateCall(llvm::InlineAsm::get(llvm::FunctionType::get(ptr_, {ptr_}, false), "",
                                                  "=r,0", false),
                             {array});
            opaque->setDoesNotAccessMemory();
            opaque->setDoesNotThrow();
            opaque->addFnAttr(llvm::Attribute::WillReturn);
            savedViews_.insert(opaque);
            array = opaque;
          }
          for (size_t g = 0; g < whole; ++g) {
            llvm::Value* near =
                b.CreateLoad(i32_, b.CreateConstInBoundsGEP2_32(flagsType, nearFlags, 0, g));
            unlessZero(b.CreateZExt(near, i64_), "group.near", [&] {
              emitLanes(b.getInt64(g * ir::kLaneGroup), b.getInt64(ir::kLaneGroup),
                        Ticks::FromSaved);
            });
          }
          saved = savedHere;
        });
      };
      auto emitGroups = [&] {
        if (groupLoops) {
          // The lanes are independent: the order of the groups changes no sample.
          if (lanes >= ir::kLaneGroup)
            unlessZero(wholeGroups, "lane.groups.some", [&] {
              emitCountedLoop(b, f, {"lane.groups", "lane.groups.done", "g", "g.next"},
                              b.getInt64(0), wholeGroups,
                              [&](llvm::Value* g) { emitGroup(g, b.getInt64(ir::kLaneGroup)); });
            });
          if (lanes % ir::kLaneGroup != 0 || blockLanes % ir::kLaneGroup != 0)
            unlessZero(shortLanes, "lanes.short", [&] { emitGroup(wholeGroups, shortLanes); });
        } else {
          emitGroupsInLine(groups);
        }
      };
      emitGroups();
      // With a tail, the span's samples again, its members and the partials.
      llvm::PHINode* sampleLoop = i;
      llvm::BasicBlock* sampleLoopHead = sampleBlock;
      if (tailFrom) {
        llvm::Value* next = b.CreateAdd(i, b.getInt64(1), "i.next", true, true);
        i->addIncoming(next, b.GetInsertBlock());
        auto* tailBlock = llvm::BasicBlock::Create(context_, "tail", f);
        b.CreateCondBr(b.CreateICmpULT(next, spanEnd), sampleBlock, tailBlock);
        llvm::BasicBlock* from = b.GetInsertBlock();
        b.SetInsertPoint(tailBlock);
        sampleLoop = b.CreatePHI(i64_, 2, "t");
        sampleLoop->addIncoming(spanStart, from);
        sampleLoopHead = tailBlock;
        sampleAt = sampleLoop;
        members = Members::Tail;
        loadSharedReads();
        emitGroups();
      }
      if (!totals) {
        llvm::Value* next = b.CreateAdd(i, b.getInt64(1), "i.next", true, true);
        i->addIncoming(next, b.GetInsertBlock());
        b.CreateCondBr(b.CreateICmpULT(next, end), sampleBlock, afterBlock);
        b.SetInsertPoint(afterBlock);
        return afterBlock;
      }
      // The block is one chunk of the Sum. Lane l of its group g is lane start + 8g + l:
      // partial l, from +0, the groups in order.
      llvm::Value* row =
          b.CreateMul(b.CreateSub(sampleLoop, spanStart), b.getInt64(ir::kSumPartials));
      emitCountedLoop(
          b, f, {"partials", "partials.done", "l", "l.next"}, b.getInt64(0),
          b.getInt64(ir::kSumPartials),
          [&](llvm::Value* l) {
            llvm::Value* partial = llvm::ConstantFP::get(f32_, 0.0);
            for (size_t g = 0; g < maxGroups; ++g)
              partial = b.CreateFAdd(
                  partial,
                  b.CreateLoad(
                      f32_, b.CreateInBoundsGEP(
                                valsType, vals,
                                {b.getInt64(0), b.CreateAdd(b.getInt64(g * ir::kLaneGroup), l)})),
                  "partial");
            b.CreateStore(partial, b.CreateInBoundsGEP(scratchType, scratch,
                                                       {b.getInt64(0), b.CreateAdd(row, l)}));
          })
          ->setMetadata(llvm::LLVMContext::MD_loop, vectorizeLanes());
      llvm::Value* next = b.CreateAdd(sampleLoop, b.getInt64(1), "i.next", true, true);
      sampleLoop->addIncoming(next, b.GetInsertBlock());
      auto* spanDone = llvm::BasicBlock::Create(context_, "span.done", f);
      b.CreateCondBr(b.CreateICmpULT(next, spanEnd), sampleLoopHead, spanDone);
      // The span's chunk totals: partial 0 + partial 1 + … + partial 7, per sample.
      b.SetInsertPoint(spanDone);
      llvm::Value* chunkTotal = b.CreateInBoundsGEP(
          f32_, totals, b.CreateMul(b.CreateUDiv(start, b.getInt64(blockLanes)), sb.stride),
          "chunk.totals");
      emitCountedLoop(
          b, f, {"totals", "totals.done", "t", "t.next"}, b.getInt64(0),
          b.CreateSub(spanEnd, spanStart),
          [&](llvm::Value* t) {
            llvm::Value* at = b.CreateMul(t, b.getInt64(ir::kSumPartials));
            llvm::Value* total = nullptr;
            for (uint32_t p = 0; p < ir::kSumPartials; ++p) {
              llvm::Value* partial = b.CreateLoad(
                  f32_, b.CreateInBoundsGEP(scratchType, scratch,
                                            {b.getInt64(0), b.CreateAdd(at, b.getInt64(p))}));
              total = total ? b.CreateFAdd(total, partial, "chunk.total") : partial;
            }
            b.CreateStore(total, b.CreateInBoundsGEP(f32_, chunkTotal, b.CreateAdd(spanStart, t)));
          })
          ->setMetadata(llvm::LLVMContext::MD_loop, scalarRolledLoop());
      spanStart->addIncoming(spanEnd, b.GetInsertBlock());
      b.CreateCondBr(b.CreateICmpULT(spanEnd, end), spanBlock, afterBlock);
      b.SetInsertPoint(afterBlock);
      return afterBlock;
    };

    std::vector<uint64_t> full(blockLanes / ir::kLaneGroup, ir::kLaneGroup), tail;
    for (uint64_t rest = lanes % blockLanes; rest > 0;
         rest -= std::min(rest, uint64_t{ir::kLaneGroup}))
      tail.push_back(std::min(rest, uint64_t{ir::kLaneGroup}));
    if (wholeBlocks) {
      llvm::BasicBlock* fullDone = emitBlock(fullBlock, full);
      llvm::IRBuilder<> b(fullDone);
      llvm::Value* next = b.CreateAdd(start, b.getInt64(blockLanes), "block.next", true, true);
      start->addIncoming(next, fullDone);
      b.CreateBr(blockHead);
    }
    llvm::IRBuilder<> check(tailCheck);
    if (groupLoops) {
      tailCheck->eraseFromParent();
    } else if (tail.empty()) {
      check.CreateBr(segmentLatch);
    } else {
      auto* tailBlock = llvm::BasicBlock::Create(context_, "block.tail", f);
      check.CreateCondBr(check.CreateICmpULT(start, endLane), tailBlock, segmentLatch);
      llvm::IRBuilder<>(emitBlock(tailBlock, tail)).CreateBr(segmentLatch);
    }
    llvm::IRBuilder<> latch(segmentLatch);
    segment->addIncoming(nextSegment, segmentLatch);
    latch.CreateCondBr(latch.CreateICmpULT(nextSegment, sb.segments), segmentBlock, doneBlock);

    llvm::IRBuilder<>(doneBlock).CreateBr(exitBlock);
    auto written = sb.sum == kNone ? sb.writeBuffer.end() : sb.writeBuffer.find(sb.sum);
    if (written != sb.writeBuffer.end())
      sumOfChunks_[sb.k] = emitSumOfChunks(sb.k, written->second);
  }

  /// The Sum a bank accumulates, once all its lanes are done (after its batch, whichever
  /// threads ran its tasks): total 0 + total 1 + … in chunk order, per sample, into `buffer`.
  llvm::Function* emitSumOfChunks(uint32_t k, uint32_t buffer) {
    const ir::Kernel& kernel = m_.schedule.kernels[k];
    auto* type = llvm::FunctionType::get(llvm::Type::getVoidTy(context_), {ptr_, ptr_}, false);
    llvm::Function* f = define("kernel_" + std::to_string(k) + ".sum", type, false);
    f->addParamAttr(1, llvm::Attribute::NoAlias);
    llvm::Value* ctx = f->getArg(1);
    auto* entryBlock = llvm::BasicBlock::Create(context_, "entry", f);
    auto* loopBlock = llvm::BasicBlock::Create(context_, "sum", f);
    auto* exitBlock = llvm::BasicBlock::Create(context_, "exit", f);
    llvm::IRBuilder<> entry(entryBlock);
    llvm::Value* frames = entry.CreateZExt(field(entry, ctx, CtxFrames, i32_, "frames"), i64_);
    llvm::Value* buffers = field(entry, ctx, CtxBuffers, ptr_, "buffers");
    llvm::Value* stride = entry.CreateZExt(field(entry, ctx, CtxStride, i32_, "stride"), i64_);
    auto base = [&](uint64_t n) {
      return entry.CreateInBoundsGEP(f32_, buffers, entry.CreateMul(entry.getInt64(n), stride));
    };
    std::vector<llvm::Value*> chunkTotals;
    for (uint32_t c = 0; c < ir::sumChunks(kernel.lanes); ++c)
      chunkTotals.push_back(base(kernel.partials + c));
    llvm::Value* out = base(buffer);
    entry.CreateCondBr(entry.CreateICmpEQ(frames, entry.getInt64(0)), exitBlock, loopBlock);
    llvm::IRBuilder<> b(loopBlock);
    llvm::PHINode* i = b.CreatePHI(i64_, 2, "i");
    i->addIncoming(b.getInt64(0), entryBlock);
    llvm::Value* total = nullptr;
    for (llvm::Value* chunk : chunkTotals) {
      llvm::Value* v = b.CreateLoad(f32_, b.CreateInBoundsGEP(f32_, chunk, i));
      total = total ? b.CreateFAdd(total, v, "sum") : v;
    }
    b.CreateStore(total, b.CreateInBoundsGEP(f32_, out, i));
    llvm::Value* next = b.CreateAdd(i, b.getInt64(1), "i.next", true, true);
    i->addIncoming(next, loopBlock);
    b.CreateCondBr(b.CreateICmpULT(next, frames), loopBlock, exitBlock);
    llvm::IRBuilder<>(exitBlock).CreateRetVoid();
    return f;
  }

  /// One sample of a bank: a loop over its lanes, each lane's members in order.
  void emitBankSample(llvm::IRBuilder<>& b, llvm::Function* f, const Bank& bank, uint32_t k,
                      llvm::Value* state, std::map<std::pair<size_t, size_t>, llvm::Value*>& arrays,
                      llvm::Value* buffers, llvm::Value* stride, llvm::Value* index,
                      llvm::Value* firstLane, llvm::Value* endLane) {
    const std::vector<ValueId>& ids = members_[k];
    const uint64_t lanes = m_.schedule.kernels[k].lanes;
    emitCountedLoop(
        b, f, {"lanes", "lanes.end", "lane", "lane.next"}, firstLane, endLane,
        [&](llvm::Value* lane) {
          auto sampleOf = [&](llvm::Value* buffer) {
            llvm::Value* at = b.CreateAdd(b.CreateMul(b.CreateZExt(buffer, i64_), stride), index);
            return b.CreateInBoundsGEP(f32_, buffers, at);
          };
          std::vector<llvm::Value*> local(bank.width);
          for (size_t j = 0; j < bank.width; ++j) {
            const ir::Instr& first = m_[ids[j]];
            std::vector<llvm::Value*> operands;
            for (size_t p = 0; p < first.operands.size(); ++p) {
              const Bank::Operand& o = bank.operands[j][p];
              switch (o.kind) {
              case Bank::Operand::Internal:
                operands.push_back(local[o.member]);
                break;
              case Bank::Operand::Shared:
                operands.push_back(values_[o.value]);
                break;
              case Bank::Operand::Constants:
              case Bank::Operand::Invariants: {
                auto* arrayType = llvm::ArrayType::get(f32_, lanes);
                operands.push_back(b.CreateLoad(
                    f32_, b.CreateInBoundsGEP(arrayType, arrays[{j, p}], {b.getInt64(0), lane})));
                break;
              }
              case Bank::Operand::Buffers: {
                auto* arrayType = llvm::ArrayType::get(i32_, lanes);
                llvm::Value* buffer = b.CreateLoad(
                    i32_, b.CreateInBoundsGEP(arrayType, arrays[{j, p}], {b.getInt64(0), lane}));
                operands.push_back(b.CreateLoad(f32_, sampleOf(buffer)));
                break;
              }
              }
            }
            if (first.op == ir::Opcode::Bus) {
              local[j] = operands[0];
            } else {
              llvm::Value* statePtr = llvm::ConstantPointerNull::get(ptr_);
              if (first.node->stateSize != 0)
                statePtr = b.CreateInBoundsGEP(
                    b.getInt8Ty(), state,
                    b.CreateAdd(b.getInt64(layout_.offsets[ids[j]]),
                                b.CreateMul(lane, b.getInt64(bank.stateStride[j]))));
              local[j] = tick(b, statePtr, env_, ids[j], operands);
            }
          }
          for (size_t j = 0; j < bank.width; ++j) {
            auto it = arrays.find({j, SIZE_MAX});
            if (it == arrays.end()) continue;
            auto* arrayType = llvm::ArrayType::get(i32_, lanes);
            llvm::Value* buffer = b.CreateLoad(
                i32_, b.CreateInBoundsGEP(arrayType, it->second, {b.getInt64(0), lane}));
            b.CreateStore(local[j], sampleOf(buffer));
          }
        });
  }

  // ---- phonon_process ------------------------------------------------------------------------

  /// A piece of a batch's work: a kernel, or a range of a bank's lanes.
  struct Task {
    uint32_t kernel;
    uint64_t firstLane, endLane;
  };

  /// The tasks of a batch: each kernel whole, except that a bank lowered as a lane loop is split
  /// into ranges of lanes when the batch runs in parallel — about kTaskCost of work each (the
  /// work that pays for handing a task to another thread), at most kMaxBankTasks. Small tasks
  /// matter where the threads meet: one waits for the other's last task, on average half a
  /// task (W4's 2000 sines as 16 tasks: 6 to 8 % of each block on two threads; as its 32
  /// chunks, 1 to 3 %).
  std::vector<Task> tasksOf(const ir::Batch& batch) {
    // Whole cache lines of every state row to each task (ir::layoutState): no line is shared.
    static_assert(kBlockLanes % ir::kLaneCacheLine == 0 && ir::kSumChunk % ir::kLaneCacheLine == 0);
    constexpr uint64_t kMaxBankTasks = 64;
    constexpr float kTaskCost = 256;
    std::vector<Task> tasks;
    for (uint32_t k : batch.kernels) {
      uint64_t lanes = m_.schedule.kernels[k].lanes;
      auto byCost = static_cast<uint64_t>(m_.schedule.kernels[k].cost / kTaskCost);
      uint64_t pieces = batch.parallel && bankLoop_[k]
                            ? std::clamp<uint64_t>(byCost, 1, std::min(lanes, kMaxBankTasks))
                            : 1;
      // A SIMD bank splits at whole blocks of lanes (a Sum's at whole chunks, each with a
      // total of its own, so that its order is the same however the lanes are split).
      const bool simd = lanes > 1 && ir::laneContiguous(m_, k);
      const uint64_t block = simd ? blockLanesOf(k) : 1;
      auto bound = [&](uint64_t p) {
        uint64_t at = lanes * p / pieces;
        return std::min(lanes, (at + block - 1) / block * block);
      };
      for (uint64_t p = 0; p < pieces; ++p)
        if (bound(p) < bound(p + 1)) tasks.push_back({k, bound(p), bound(p + 1)});
    }
    return tasks;
  }

  void callTask(llvm::IRBuilder<>& b, const Task& t, const std::vector<llvm::Function*>& kernels,
                llvm::Value* state, llvm::Value* ctx) {
    b.CreateCall(kernels[t.kernel], {state, ctx, b.getInt64(t.firstLane), b.getInt64(t.endLane)});
  }

  /// The task function of a parallel batch: task `index`, for the state and context in `args`
  /// (two pointers).
  llvm::Function* emitBatchTask(uint32_t b, const std::vector<Task>& tasks,
                                const std::vector<llvm::Function*>& kernels) {
    auto* type = llvm::FunctionType::get(llvm::Type::getVoidTy(context_), {ptr_, i32_}, false);
    llvm::Function* f = define("batch_" + std::to_string(b), type, false);
    auto* entryBlock = llvm::BasicBlock::Create(context_, "entry", f);
    auto* done = llvm::BasicBlock::Create(context_, "done", f);
    llvm::IRBuilder<> entry(entryBlock);
    llvm::Value* state = entry.CreateLoad(ptr_, f->getArg(0), "state");
    llvm::Value* ctx =
        entry.CreateLoad(ptr_, entry.CreateConstInBoundsGEP1_64(ptr_, f->getArg(0), 1), "ctx");
    llvm::SwitchInst* sw = entry.CreateSwitch(f->getArg(1), done, tasks.size());
    for (size_t i = 0; i < tasks.size(); ++i) {
      auto* call = llvm::BasicBlock::Create(context_, "task", f);
      llvm::IRBuilder<> c(call);
      callTask(c, tasks[i], kernels, state, ctx);
      c.CreateBr(done);
      sw->addCase(entry.getInt32(static_cast<uint32_t>(i)), call);
    }
    llvm::IRBuilder<>(done).CreateRetVoid();
    return f;
  }

  llvm::Function* emitProcess(const std::vector<llvm::Function*>& kernels) {
    auto* type = llvm::FunctionType::get(llvm::Type::getVoidTy(context_), {ptr_, ptr_}, false);
    llvm::Function* f = define("process", type, true);
    llvm::Value* state = f->getArg(0);
    llvm::Value* ctx = f->getArg(1);
    state->setName("state");
    ctx->setName("ctx");
    f->addParamAttr(0, llvm::Attribute::NoAlias);
    f->addParamAttr(1, llvm::Attribute::NoAlias);
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(context_, "entry", f));
    llvm::Value* args = nullptr;
    llvm::Value* parallelFor = nullptr;
    llvm::Value* pool = nullptr;
    for (uint32_t n = 0; n < m_.schedule.batches.size(); ++n) {
      const ir::Batch& batch = m_.schedule.batches[n];
      std::vector<Task> tasks = tasksOf(batch);
      // A bank's Sum once all its tasks are done.
      auto addChunks = [&](llvm::IRBuilder<>& at) {
        for (uint32_t k : batch.kernels)
          if (auto it = sumOfChunks_.find(k); it != sumOfChunks_.end())
            at.CreateCall(it->second, {state, ctx});
      };
      if (!batch.parallel || tasks.size() < 2) {
        for (const Task& t : tasks) callTask(b, t, kernels, state, ctx);
        addChunks(b);
        continue;
      }
      if (!args) {
        args = b.CreateAlloca(llvm::ArrayType::get(ptr_, 2), nullptr, "task.args");
        b.CreateStore(state, args);
        b.CreateStore(ctx, b.CreateConstInBoundsGEP1_64(ptr_, args, 1));
        parallelFor = field(b, ctx, CtxParallelFor, ptr_, "parallel_for");
        pool = field(b, ctx, CtxPool, ptr_, "pool");
      }
      // Through the host's pool when it gave one, else one kernel after another.
      auto* pooled = llvm::BasicBlock::Create(context_, "batch.pool", f);
      auto* serial = llvm::BasicBlock::Create(context_, "batch.serial", f);
      auto* joined = llvm::BasicBlock::Create(context_, "batch.done", f);
      b.CreateCondBr(b.CreateIsNull(parallelFor), serial, pooled);
      llvm::IRBuilder<> p(pooled);
      auto* taskType =
          llvm::FunctionType::get(llvm::Type::getVoidTy(context_), {ptr_, i32_, ptr_, ptr_}, false);
      p.CreateCall(taskType, parallelFor,
                   {pool, p.getInt32(static_cast<uint32_t>(tasks.size())),
                    emitBatchTask(n, tasks, kernels), args});
      p.CreateBr(joined);
      llvm::IRBuilder<> s(serial);
      for (const Task& t : tasks) callTask(s, t, kernels, state, ctx);
      s.CreateBr(joined);
      b.SetInsertPoint(joined);
      addChunks(b);
    }
    bool anyOutput = std::any_of(m_.instrs.begin(), m_.instrs.end(),
                                 [](const ir::Instr& in) { return in.op == ir::Opcode::Output; });
    if (!anyOutput) {
      // Nothing plays: silence in every channel.
      llvm::Value* frames = b.CreateZExt(field(b, ctx, CtxFrames, i32_, "frames"), i64_);
      llvm::Value* outputs = field(b, ctx, CtxOutputs, ptr_, "outputs");
      for (unsigned c = 0; c < m_.outputChannels(); ++c) {
        llvm::Value* channel =
            b.CreateLoad(ptr_, b.CreateConstInBoundsGEP1_64(ptr_, outputs, c), "channel");
        b.CreateMemSet(channel, b.getInt8(0), b.CreateMul(frames, b.getInt64(4)),
                       llvm::MaybeAlign(4));
      }
    }
    b.CreateRetVoid();
    return f;
  }

  /// phonon_patch_descriptor of patch_abi.h, field for field; one named type that the main
  /// patch's and the voice templates' descriptors share.
  llvm::StructType* descriptorType() {
    if (llvm::StructType* known = llvm::StructType::getTypeByName(context_, kDescriptorType))
      return known;
    return llvm::StructType::create(context_,
                                    {i32_, i32_, i64_, i64_, i64_, i64_, ptr_, ptr_, ptr_, i64_,
                                     i32_, i32_, i32_, ptr_, i32_, i32_, ptr_, i32_, ptr_, ptr_},
                                    kDescriptorType);
  }

  /// The phonon_voice_template array of the descriptor: {bus name, graph descriptor} per
  /// voice, in template order; null when there are none.
  llvm::Constant* voiceTemplateArray(const std::vector<CompiledVoice>& voices) {
    if (voices.empty()) return llvm::ConstantPointerNull::get(ptr_);
    auto* entryType = llvm::StructType::get(context_, {ptr_, ptr_});
    std::vector<llvm::Constant*> entries;
    for (const CompiledVoice& v : voices) {
      auto* text = llvm::ConstantDataArray::getString(context_, v.bus, true);
      auto* bus = new llvm::GlobalVariable(module_, text->getType(), true,
                                           llvm::GlobalValue::PrivateLinkage, text,
                                           symbolName("voice_bus"));
      entries.push_back(llvm::ConstantStruct::get(entryType, {bus, v.descriptor}));
    }
    auto* arrayType = llvm::ArrayType::get(entryType, entries.size());
    return new llvm::GlobalVariable(module_, arrayType, true, llvm::GlobalValue::PrivateLinkage,
                                    llvm::ConstantArray::get(arrayType, entries),
                                    symbolName("voice_templates"));
  }

  llvm::GlobalVariable* emitDescriptor(llvm::Function* init, llvm::Function* process,
                                       llvm::Function* arenaSize,
                                       const std::vector<CompiledVoice>& voices,
                                       llvm::GlobalVariable* shared) {
    llvm::StructType* type = descriptorType();
    // The pattern program, as bytes the runtime reads back (runtime/pattern/Program.h).
    pattern::PatternProgram withSounds = m_.patterns;
    withSounds.sounds = m_.voices;
    withSounds.files = ir::fileTable(m_);
    std::string program =
        withSounds.patterns.empty() && withSounds.sounds.empty() && withSounds.files.empty()
            ? std::string()
            : pattern::serialize(withSounds);
    llvm::Constant* programPointer = llvm::ConstantPointerNull::get(ptr_);
    if (!program.empty()) {
      auto* bytes = llvm::ConstantDataArray::getString(context_, program, false);
      programPointer = new llvm::GlobalVariable(module_, bytes->getType(), true,
                                                llvm::GlobalValue::PrivateLinkage, bytes,
                                                symbolName("pattern_program"));
    }
    // The stems' names, in stem order: an array of pointers to C strings.
    std::vector<llvm::Constant*> names;
    for (uint32_t index : stems_ ? m_.stems() : std::vector<uint32_t>{}) {
      auto* text = llvm::ConstantDataArray::getString(context_, ir::outputName(index), true);
      names.push_back(new llvm::GlobalVariable(module_, text->getType(), true,
                                               llvm::GlobalValue::PrivateLinkage, text,
                                               symbolName("stem_name")));
    }
    llvm::Constant* stemNames = llvm::ConstantPointerNull::get(ptr_);
    if (!names.empty()) {
      auto* arrayType = llvm::ArrayType::get(ptr_, names.size());
      stemNames = new llvm::GlobalVariable(
          module_, arrayType, true, llvm::GlobalValue::PrivateLinkage,
          llvm::ConstantArray::get(arrayType, names), symbolName("stem_names"));
    }
    llvm::Constant* fields[] = {
        llvm::ConstantInt::get(i32_, PHONON_PATCH_ABI_VERSION),
        llvm::ConstantInt::get(i32_, m_.outputChannels()),
        llvm::ConstantInt::get(i64_, layout_.size),
        llvm::ConstantInt::get(i64_, layout_.align),
        llvm::ConstantInt::get(i64_, m_.cps.num()),
        llvm::ConstantInt::get(i64_, m_.cps.den()),
        init,
        process,
        programPointer,
        llvm::ConstantInt::get(i64_, program.size()),
        llvm::ConstantInt::get(i32_, m_.patterns.patterns.size()),
        llvm::ConstantInt::get(i32_, m_.voices.size()),
        llvm::ConstantInt::get(i32_, m_.schedule.buffers),
        arenaSize,
        llvm::ConstantInt::get(i32_, withSounds.files.size()),
        llvm::ConstantInt::get(i32_, names.size()),
        stemNames,
        llvm::ConstantInt::get(i32_, voices.size()),
        voiceTemplateArray(voices),
        shared ? static_cast<llvm::Constant*>(shared) : llvm::ConstantPointerNull::get(ptr_),
    };
    return new llvm::GlobalVariable(module_, type, /*isConstant=*/true,
                                    exported_ ? llvm::GlobalValue::ExternalLinkage
                                              : llvm::GlobalValue::InternalLinkage,
                                    llvm::ConstantStruct::get(type, fields), symbolName("patch"));
  }

  static constexpr const char* kDescriptorType = "phonon_patch_descriptor";

  const ir::Module& m_;
  llvm::Module& module_;
  llvm::LLVMContext& context_;
  ir::StateLayout layout_;
  llvm::Type* f32_;
  llvm::Type* i32_;
  llvm::Type* i64_;
  llvm::PointerType* ptr_;
  llvm::StructType* ctxType_;
  std::vector<std::vector<ValueId>> members_; ///< per kernel, in instruction order
  std::vector<bool> bankLoop_;                ///< per kernel: lowered as a loop over lanes
  /// bank → the function that adds its chunk totals into its Sum (emitSumOfChunks)
  std::map<uint32_t, llvm::Function*> sumOfChunks_;
  std::set<llvm::MDNode*> laneLoops_;      ///< the lane loops of the SIMD bank being emitted
  std::set<llvm::AllocaInst*> laneStates_; ///< its lanes' local state structs
  /// Opaque views of its saved state (a smooth bank's groups near a jump)
  std::set<llvm::Value*> savedViews_;
  std::vector<llvm::Value*> values_;             ///< per instruction, in the function being built
  std::map<ValueId, llvm::Value*> rightOutputs_; ///< a two-output node's right output
  std::map<ValueId, uint32_t> stemNumber_;       ///< a Stem's channel pair in stem_outputs
  bool writeStems_ = false; ///< the kernel being built stores its stems (emitStemVersions)
  llvm::BasicBlock* allocaBlock_ = nullptr;
  llvm::Value* env_ = nullptr; ///< the kernel being built: its local copy of the nodes::Env
  std::vector<uint32_t> uses_; ///< per value, the operands that name it (usesOf)
  /// Per node kind, the function that runs a chunk through a run of its stages (stageFunction).
  std::map<const nodes::NodeInfo*, llvm::Function*> stageFunctions_;
  bool shareStageFunctions_ = false;   ///< stage functions defined for other modules too
  bool declareStageFunctions_ = false; ///< stage functions defined by module 0 (runKernels)
  std::map<ValueId, llvm::Constant*> constArgs_; ///< constArgsOf, made once per node
  std::vector<uint32_t> fileSlots_;              ///< ir::fileSlots: the host's file of a const
  std::string prefix_; ///< of every symbol the patch defines (symbolName())
  bool exported_;      ///< entry points and descriptor external (the main patch)
  bool stageLoops_;    ///< chains of alike nodes as loops over their stages
  bool stems_;         ///< the stems' versions of the kernels that write them (hasStems)
};

} // namespace

namespace {

/// Keeps the optimiser's remarks and "loop not vectorized" warnings (a SIMD bank's lane loop
/// asks for vectorisation; one the vectorizer declines runs as a scalar loop, correctly) off
/// the user's terminal; every other diagnostic is printed as LLVM's default does.
struct QuietOptimizationDiagnostics : llvm::DiagnosticHandler {
  bool handleDiagnostics(const llvm::DiagnosticInfo& info) override {
    return llvm::isa<llvm::DiagnosticInfoOptimizationBase>(info) &&
           info.getSeverity() != llvm::DS_Error;
  }
};

} // namespace

void lowerPatch(const ir::Module& m, llvm::Module& module,
                const std::vector<bool>& kernelsElsewhere, bool stageLoops, bool stems) {
  module.getContext().setDiagnosticHandler(std::make_unique<QuietOptimizationDiagnostics>());
  // Each bus voice's graph is a patch of its own in the same module, its symbols named
  // phonon_voiceT_…, reached through the main descriptor's voice_templates; so is the graph of
  // the buses the voices share (its stems), phonon_voiceshared_…, through voice_shared.
  std::vector<CompiledVoice> voices;
  for (size_t t = 0; t < m.voiceTemplates.size(); ++t) {
    const ir::VoiceTemplate& voice = m.voiceTemplates[t];
    std::string prefix = "phonon_voice" + std::to_string(t) + "_";
    voices.push_back({voice.bus, Lowerer(voice.graph, module, prefix, false).run({})});
  }
  llvm::GlobalVariable* shared = nullptr;
  if (!m.voiceShared.empty())
    shared = Lowerer(m.voiceShared[0], module, "phonon_voiceshared_", false).run({});
  static_assert(std::string_view(PHONON_PATCH_SYMBOL) == "phonon_patch");
  Lowerer(m, module, "phonon_", true, stageLoops, stems).run(voices, shared, [&](uint32_t k) {
    return k < kernelsElsewhere.size() && kernelsElsewhere[k];
  });
}

float loweredWeight(const ir::Module& m, uint32_t k) {
  const ir::Kernel& kernel = m.schedule.kernels[k];
  if (kernel.lanes < 2) return kernel.cost;
  const float lane = kernel.cost / static_cast<float>(kernel.lanes);
  if (!ir::laneContiguous(m, k)) return lane;
  return lane * static_cast<float>(ir::kLaneGroup * Lowerer::simdLaneCodeCopies(m, k));
}

void lowerKernels(const ir::Module& m, const std::vector<uint32_t>& kernels, llvm::Module& module,
                  bool stageLoops, bool stems) {
  module.getContext().setDiagnosticHandler(std::make_unique<QuietOptimizationDiagnostics>());
  Lowerer(m, module, "phonon_", true, stageLoops, stems).runKernels(kernels);
}

} // namespace phonon::codegen
