#include "TieredPatch.h"

#include "ToolSupport.h"

#include "phonon/codegen/JitModule.h"
#include "phonon/ir/Channels.h"
#include "phonon/ir/Ops.h"
#include "phonon/nodes/Node.h"

#include <algorithm>
#include <cstring>
#include <exception>
#include <ostream>

namespace phonon::tools {

namespace {

/// The estimated cost of one sample of `module` (ir::opDef's costs, summed).
float patchCost(const ir::Module& module) {
  float cost = 0;
  for (const ir::Instr& in : module.instrs) cost += ir::opDef(in).cost;
  return cost;
}

} // namespace

bool TieredPatch::suits(const ir::Module& module, unsigned hardware) {
  if (compileOptions(2, false, hardware).threads == 0) return false;
  if (!module.voices.empty() || !module.voiceTemplates.empty() || !module.voiceShared.empty() ||
      !ir::fileNames(module).empty())
    return false;
  return patchCost(module) <= kMaxCost;
}

bool TieredPatch::interpreterSuffices(const ir::Module& module, uint64_t frames) {
  return std::max(1.0f, patchCost(module)) * static_cast<double>(frames) <= kMaxInterpreterOnlyWork;
}

codegen::CodegenOptions TieredPatch::compileOptions(int optLevel, bool stems, unsigned hardware) {
  return codegen::CodegenOptions{
      .optLevel = optLevel, .threads = hardware > 1 ? hardware - 1 : 0, .stems = stems};
}

TieredPatch::Compile TieredPatch::jit(int optLevel, bool stems) {
  return [optLevel, stems](const ir::Module& module, codegen::CodegenTimes& times,
                           std::string& error) -> std::unique_ptr<rt::Patch> {
    const codegen::JitApi* jit = codegen::loadJitModule(error);
    if (!jit) return nullptr;
    codegen::CodegenOptions options =
        compileOptions(optLevel, stems, std::thread::hardware_concurrency());
    options.times = &times;
    return jit->compileJit(module, options, error);
  };
}

TieredPatch::TieredPatch(ir::Module module, Compile compile, uint64_t handOverFrom)
    : module_(std::move(module)), handOverFrom_(handOverFrom),
      created_(std::chrono::steady_clock::now()) {
  interpreter_ = std::make_unique<interp::InterpretedPatch>(module_);
  thread_ = std::thread(
      [this, compile = std::move(compile)]() mutable { compileOnThread(std::move(compile)); });
}

TieredPatch::~TieredPatch() {
  if (thread_.joinable()) thread_.join();
}

void TieredPatch::compileOnThread(Compile compile) {
  std::string error;
  std::unique_ptr<rt::Patch> compiled;
  try {
    compiled = compile(module_, times_, error);
  } catch (const std::exception& e) {
    error = e.what();
  }
  std::lock_guard<std::mutex> guard(lock_);
  if (!compiled) {
    error_ = error.empty() ? "the compiled code did not come" : error;
  } else if (compiled->channels() != interpreter_->channels()) {
    error_ = "the compiled patch's outputs differ from the interpreter's";
  } else {
    compiled_ = std::move(compiled);
    try {
      if (initArgs_) prepareCompiled();
    } catch (const std::exception& e) {
      error_ = e.what();
    }
  }
  readyAfterMs_ =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - created_)
          .count();
  done_ = true;
  finished_.notify_all();
}

void TieredPatch::prepareCompiled() {
  ready_.store(false, std::memory_order_relaxed);
  const auto [rate, maxFrames] = *initArgs_;
  compiled_->init(rate, maxFrames);
  // Where each engine keeps each node's state (ir/StateMap.h), as LiveSession::build finds it.
  const ir::StateLayout& state = interpreter_->stateLayout();
  interpreterMap_ = ir::stateMap(interpreter_->module(), state, interpreter_->arenaLayout());
  interpreterCells_ = state.feedbackOffset;
  ir::Module running = module_; // as code generation lowers it
  ir::splitChannels(running);
  ir::StateLayout compiledState = ir::layoutState(running);
  nodes::Env env{rate, 1.0f / rate, compiled_->startCycle().toDouble()};
  ir::ArenaLayout arena = ir::layoutArena(running, env, {});
  auto* descriptorPatch = dynamic_cast<rt::DescriptorPatch*>(compiled_.get());
  const phonon_patch_descriptor* d = descriptorPatch ? descriptorPatch->descriptor() : nullptr;
  // Never write by a layout the compiled code does not share: the interpreter renders on.
  if (!d || d->state_size != compiledState.size ||
      d->arena_size(rate, compiled_->sounds().files()) != arena.size ||
      running.feedbackCells != interpreter_->module().feedbackCells) {
    error_ = "the compiled patch's layout differs from its IR's";
    return;
  }
  compiledMap_ = ir::stateMap(running, compiledState, arena);
  compiledCells_ = compiledState.feedbackOffset;
  cellBytes_ = 4ull * running.feedbackCells;
  ir::matchStates(interpreterMap_, compiledMap_, matches_);
  if (matches_.size() != compiledMap_.size() || matches_.size() != interpreterMap_.size()) {
    error_ = "the compiled patch's nodes differ from the interpreter's";
    return;
  }
  uint64_t largest = 0;
  for (const ir::NodeState& s : compiledMap_) largest = std::max(largest, s.size);
  scratch_.assign(2 * largest, 0);
  ready_.store(true, std::memory_order_release);
}

void TieredPatch::init(float sampleRate, uint32_t maxFrames) {
  std::lock_guard<std::mutex> guard(lock_);
  initArgs_ = {sampleRate, maxFrames};
  handOverFrame_.reset();
  interpreter_->init(sampleRate, maxFrames);
  // After a hand-over the interpreter has the schedule the compiled patch started with; a
  // fresh init gives each its own again, and the interpreter renders first as before.
  if (compiled_ && error_.empty()) prepareCompiled();
}

void TieredPatch::process(const phonon_block_context& ctx) {
  if (!handOverFrame_ && ctx.frame_position >= handOverFrom_ &&
      ready_.load(std::memory_order_acquire))
    handOver(ctx.frame_position);
  running().process(ctx);
}

void TieredPatch::handOver(uint64_t frame) {
  rt::Patch::Memory from = interpreter_->memory();
  rt::Patch::Memory to = compiled_->memory();
  for (auto [i, j] : matches_)
    ir::copyNodeState(interpreterMap_[i], from.state, from.arena, compiledMap_[j], to.state,
                      to.arena, scratch_.data());
  if (cellBytes_)
    std::memcpy(to.state + compiledCells_, from.state + interpreterCells_, cellBytes_);
  compiled_->takePlaybackFrom(*interpreter_);
  handOverFrame_ = frame;
}

std::optional<rt::NonFiniteOrigin> TieredPatch::nonFiniteOrigin() const {
  if (std::optional<rt::NonFiniteOrigin> seen = interpreter_->nonFiniteOrigin()) return seen;
  return handOverFrame_ ? compiled_->nonFiniteOrigin() : std::nullopt;
}

bool TieredPatch::waitForCompiled() {
  std::unique_lock<std::mutex> guard(lock_);
  finished_.wait(guard, [&] { return done_; });
  return error_.empty();
}

std::string TieredPatch::compileError() const {
  std::lock_guard<std::mutex> guard(lock_);
  return error_;
}

} // namespace phonon::tools

namespace phonon::tools {

void TieredPatch::printStart(std::ostream& out) {
  out << "; the interpreter renders from the first block; the JIT compiles on another thread "
         "and its code takes over when ready (its phases follow the render)\n";
}

void TieredPatch::report(bool timePasses, std::ostream& out) {
  if (!waitForCompiled()) {
    out << "phonon: warning: the JIT's code did not take over (" << compileError()
        << "); the interpreter rendered all of it\n";
  }
  if (!timePasses) return;
  out << "; the JIT's code, compiled on its own thread while the interpreter rendered:\n";
  printCodegenPhases(&times_, out);
  printTimeLine("ready after", readyAfterMs_, out);
  if (handOverFrame_)
    out << "; the compiled code took over at sample " << *handOverFrame_ << "\n";
  else
    out << "; the render ended before the compiled code took over\n";
}

} // namespace phonon::tools
