// Lowers a Phonon IR module to LLVM IR: phonon_init, phonon_process and the descriptor.
//
// phonon_process computes every const- and block-rate value once, before the sample loop, and
// every audio-rate value in one loop over the block's samples. Each node is a call to its
// kernel (phn_<name>_tick); the optimiser inlines the calls, so the loop body becomes straight
// arithmetic with the node states in registers.
#include "Lowering.h"

#include "phonon/patch_abi.h"

#include <llvm/IR/IRBuilder.h>

namespace phonon::codegen {

namespace {

class Lowerer {
public:
  Lowerer(const ir::Module& m, llvm::Module& module)
      : m_(m), module_(module), context_(module.getContext()), layout_(ir::layoutState(m)) {
    f32_ = llvm::Type::getFloatTy(context_);
    i32_ = llvm::Type::getInt32Ty(context_);
    i64_ = llvm::Type::getInt64Ty(context_);
    ptr_ = llvm::PointerType::get(context_, 0);
  }

  void run() {
    llvm::Function* init = emitInit();
    llvm::Function* process = emitProcess();
    emitDescriptor(init, process);
  }

private:
  llvm::Function* kernel(const char* symbol) {
    llvm::Function* f = module_.getFunction(symbol);
    if (!f) llvm::report_fatal_error(llvm::Twine("node kernel missing from bitcode: ") + symbol);
    return f;
  }

  llvm::Function* declare(const char* name, llvm::FunctionType* type) {
    llvm::Function* f =
        llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage, name, module_);
    f->addFnAttr(llvm::Attribute::NoUnwind);
    return f;
  }

  llvm::Value* statePointer(llvm::IRBuilder<>& b, llvm::Value* state, ir::ValueId id) {
    const ir::Instr& in = m_[id];
    if (in.node->stateSize == 0) return llvm::ConstantPointerNull::get(ptr_);
    return b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), state, layout_.offsets[id]);
  }

  llvm::Function* emitInit() {
    auto* type = llvm::FunctionType::get(llvm::Type::getVoidTy(context_), {ptr_, f32_}, false);
    llvm::Function* f = declare("phonon_init", type);
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(context_, "entry", f));
    llvm::Value* state = f->getArg(0);
    llvm::Value* rate = f->getArg(1);
    // The Env at the start of the state block (nodes::Env).
    b.CreateStore(rate, state);
    b.CreateStore(b.CreateFDiv(llvm::ConstantFP::get(f32_, 1.0), rate),
                  b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), state, 4));
    for (ir::ValueId id = 0; id < m_.instrs.size(); ++id) {
      const ir::Instr& in = m_[id];
      if (in.op != ir::Opcode::Node || in.node->stateSize == 0) continue;
      b.CreateCall(kernel(in.node->initSymbol),
                   {statePointer(b, state, id), state, b.getInt32(in.seed)});
    }
    for (uint32_t slot = 0; slot < m_.feedbackCells; ++slot) // z⁻¹ starts at 0
      b.CreateStore(llvm::ConstantFP::get(f32_, 0.0), feedbackCell(b, state, slot));
    b.CreateRetVoid();
    return f;
  }

  /// One kernel tick: operands through a small array, the result through another; both
  /// vanish into registers once the call is inlined.
  llvm::Value* emitTick(llvm::IRBuilder<>& b, llvm::Value* state, ir::ValueId id) {
    const ir::Instr& in = m_[id];
    auto* argsType = llvm::ArrayType::get(f32_, std::max<size_t>(1, in.operands.size()));
    llvm::Value* args = args_[id];
    llvm::Value* result = results_[id];
    for (size_t p = 0; p < in.operands.size(); ++p)
      b.CreateStore(values_[in.operands[p]], b.CreateConstInBoundsGEP2_32(argsType, args, 0, p));
    b.CreateCall(kernel(in.node->tickSymbol), {statePointer(b, state, id), args, result, state});
    std::string name = in.name.empty() ? "" : in.name.substr(1);
    return b.CreateLoad(f32_, result, name);
  }

  /// The state cell of feedback slot `slot` (ir::StateLayout::feedbackOffset).
  llvm::Value* feedbackCell(llvm::IRBuilder<>& b, llvm::Value* state, uint32_t slot) {
    return b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), state, layout_.feedbackOffset + 4ull * slot);
  }

  llvm::Function* emitProcess() {
    auto* type = llvm::FunctionType::get(llvm::Type::getVoidTy(context_), {ptr_, ptr_}, false);
    llvm::Function* f = declare("phonon_process", type);
    llvm::Value* state = f->getArg(0);
    llvm::Value* ctx = f->getArg(1);
    state->setName("state");
    ctx->setName("ctx");
    f->addParamAttr(0, llvm::Attribute::NoAlias);
    f->addParamAttr(1, llvm::Attribute::NoAlias);

    // entry → segments (one per run of constant event-rate values) → samples → next segment.
    auto* entryBlock = llvm::BasicBlock::Create(context_, "entry", f);
    auto* segmentBlock = llvm::BasicBlock::Create(context_, "segment", f);
    auto* loopBlock = llvm::BasicBlock::Create(context_, "samples", f);
    auto* latchBlock = llvm::BasicBlock::Create(context_, "segment.next", f);
    auto* exitBlock = llvm::BasicBlock::Create(context_, "exit", f);
    llvm::IRBuilder<> entry(entryBlock);

    // Every kernel call's operand and result slots, at the top of the entry block where
    // mem2reg/SROA expect them.
    args_.assign(m_.instrs.size(), nullptr);
    results_.assign(m_.instrs.size(), nullptr);
    for (ir::ValueId id = 0; id < m_.instrs.size(); ++id) {
      const ir::Instr& in = m_[id];
      if (in.op != ir::Opcode::Node) continue;
      auto* argsType = llvm::ArrayType::get(f32_, std::max<size_t>(1, in.operands.size()));
      args_[id] = entry.CreateAlloca(argsType, nullptr, "args");
      results_[id] = entry.CreateAlloca(f32_, nullptr, "result");
    }

    // Fields of phonon_block_context.
    auto* ctxType = llvm::StructType::get(context_, {i32_, i32_, ptr_, i64_, entry.getDoubleTy(),
                                                     entry.getDoubleTy(), i32_, i32_, ptr_, ptr_,
                                                     entry.getDoubleTy()});
    llvm::Value* frames = entry.CreateLoad(i32_, entry.CreateStructGEP(ctxType, ctx, 0), "frames");
    llvm::Value* outputs =
        entry.CreateLoad(ptr_, entry.CreateStructGEP(ctxType, ctx, 2), "outputs");
    llvm::Value* segments =
        entry.CreateLoad(i32_, entry.CreateStructGEP(ctxType, ctx, 6), "segments");
    llvm::Value* starts = entry.CreateLoad(ptr_, entry.CreateStructGEP(ctxType, ctx, 8), "starts");
    llvm::Value* table = entry.CreateLoad(ptr_, entry.CreateStructGEP(ctxType, ctx, 9), "values");
    std::vector<llvm::Value*> channels;
    for (unsigned c = 0; c < m_.outputChannels(); ++c)
      channels.push_back(entry.CreateLoad(ptr_, entry.CreateConstInBoundsGEP1_64(ptr_, outputs, c),
                                          "channel" + std::to_string(c)));

    // Values that do not change within the block: computed once, before the loops.
    values_.assign(m_.instrs.size(), nullptr);
    for (ir::ValueId id = 0; id < m_.instrs.size(); ++id) {
      const ir::Instr& in = m_[id];
      if (in.op == ir::Opcode::Const)
        values_[id] = llvm::ConstantFP::get(f32_, in.value);
      else if (in.op == ir::Opcode::Tempo)
        values_[id] = entry.CreateFPTrunc(
            entry.CreateLoad(entry.getDoubleTy(), entry.CreateStructGEP(ctxType, ctx, 10)), f32_,
            "cps");
      else if (in.op == ir::Opcode::Node && in.rate < ir::Rate::Event)
        values_[id] = emitTick(entry, state, id);
      else if (in.op == ir::Opcode::Bus && in.rate < ir::Rate::Event)
        values_[id] = values_[in.operands[0]];
    }
    llvm::Value* wide = entry.CreateZExt(frames, i64_);
    llvm::Value* segmentCount = entry.CreateZExt(segments, i64_);
    entry.CreateCondBr(entry.CreateICmpEQ(wide, entry.getInt64(0)), exitBlock, segmentBlock);

    // Each segment: its event-rate values (a row of the table), and what depends only on them,
    // computed once; then the samples from its start to the next segment's.
    llvm::IRBuilder<> seg(segmentBlock);
    llvm::PHINode* segment = seg.CreatePHI(i64_, 2, "s");
    segment->addIncoming(seg.getInt64(0), entryBlock);
    llvm::Value* begin = seg.CreateZExt(
        seg.CreateLoad(i32_, seg.CreateInBoundsGEP(i32_, starts, segment)), i64_, "begin");
    llvm::Value* nextSegment = seg.CreateAdd(segment, seg.getInt64(1), "s.next", true, true);
    llvm::Value* hasNext = seg.CreateICmpULT(nextSegment, segmentCount);
    llvm::Value* nextStart = seg.CreateZExt(
        seg.CreateLoad(i32_, seg.CreateInBoundsGEP(
                                 i32_, starts, seg.CreateSelect(hasNext, nextSegment, segment))),
        i64_);
    llvm::Value* end = seg.CreateSelect(hasNext, nextStart, wide, "end");
    llvm::Value* row = seg.CreateInBoundsGEP(
        f32_, table, seg.CreateMul(segment, seg.getInt64(m_.patterns.patterns.size())));
    for (ir::ValueId id = 0; id < m_.instrs.size(); ++id) {
      const ir::Instr& in = m_[id];
      if (in.op == ir::Opcode::Pattern)
        values_[id] = seg.CreateLoad(f32_, seg.CreateConstInBoundsGEP1_64(f32_, row, in.slot),
                                     in.name.empty() ? "" : in.name.substr(1));
      else if (in.op == ir::Opcode::Node && in.rate == ir::Rate::Event)
        values_[id] = emitTick(seg, state, id);
      else if (in.op == ir::Opcode::Bus && in.rate == ir::Rate::Event)
        values_[id] = values_[in.operands[0]];
    }
    seg.CreateCondBr(seg.CreateICmpULT(begin, end), loopBlock, latchBlock);

    // The sample loop.
    llvm::IRBuilder<> b(loopBlock);
    llvm::PHINode* index = b.CreatePHI(i64_, 2, "i");
    index->addIncoming(begin, segmentBlock);
    llvm::Value* mix = nullptr;
    for (ir::ValueId id = 0; id < m_.instrs.size(); ++id) {
      const ir::Instr& in = m_[id];
      if (in.op == ir::Opcode::Node && in.rate == ir::Rate::Audio)
        values_[id] = emitTick(b, state, id);
      else if (in.op == ir::Opcode::Bus && in.rate == ir::Rate::Audio)
        values_[id] = values_[in.operands[0]];
      else if (in.op == ir::Opcode::FeedbackRead)
        values_[id] = b.CreateLoad(f32_, feedbackCell(b, state, in.slot), "feedback");
      else if (in.op == ir::Opcode::FeedbackWrite)
        b.CreateStore(values_[in.operands[0]], feedbackCell(b, state, in.slot));
      else if (in.op == ir::Opcode::Output)
        mix = mix ? b.CreateFAdd(mix, values_[in.operands[0]], "mix") : values_[in.operands[0]];
    }
    if (!mix) mix = llvm::ConstantFP::get(f32_, 0.0);
    // Every output is a stereo pair; a mono value goes to both channels unchanged.
    for (llvm::Value* channel : channels)
      b.CreateStore(mix, b.CreateInBoundsGEP(f32_, channel, index));
    llvm::Value* next = b.CreateAdd(index, b.getInt64(1), "i.next", true, true);
    index->addIncoming(next, loopBlock);
    b.CreateCondBr(b.CreateICmpULT(next, end), loopBlock, latchBlock);

    llvm::IRBuilder<> latch(latchBlock);
    segment->addIncoming(nextSegment, latchBlock);
    latch.CreateCondBr(latch.CreateICmpULT(nextSegment, segmentCount), segmentBlock, exitBlock);

    llvm::IRBuilder<> exit(exitBlock);
    exit.CreateRetVoid();
    return f;
  }

  void emitDescriptor(llvm::Function* init, llvm::Function* process) {
    // Mirrors phonon_patch_descriptor in patch_abi.h.
    auto* type = llvm::StructType::create(
        context_, {i32_, i32_, i64_, i64_, i64_, i64_, ptr_, ptr_, ptr_, i64_, i32_},
        "phonon_patch_descriptor");
    // The pattern program, as bytes the runtime reads back (runtime/pattern/Program.h).
    std::string program =
        m_.patterns.patterns.empty() ? std::string() : pattern::serialize(m_.patterns);
    llvm::Constant* programPointer = llvm::ConstantPointerNull::get(ptr_);
    if (!program.empty()) {
      auto* bytes = llvm::ConstantDataArray::getString(context_, program, false);
      programPointer = new llvm::GlobalVariable(module_, bytes->getType(), true,
                                                llvm::GlobalValue::PrivateLinkage, bytes,
                                                "phonon_pattern_program");
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
    };
    new llvm::GlobalVariable(module_, type, /*isConstant=*/true, llvm::GlobalValue::ExternalLinkage,
                             llvm::ConstantStruct::get(type, fields), PHONON_PATCH_SYMBOL);
  }

  const ir::Module& m_;
  llvm::Module& module_;
  llvm::LLVMContext& context_;
  ir::StateLayout layout_;
  llvm::Type* f32_;
  llvm::Type* i32_;
  llvm::Type* i64_;
  llvm::PointerType* ptr_;
  std::vector<llvm::Value*> values_;
  std::vector<llvm::Value*> args_, results_;
};

} // namespace

void lowerPatch(const ir::Module& m, llvm::Module& module) {
  Lowerer(m, module).run();
}

} // namespace phonon::codegen
