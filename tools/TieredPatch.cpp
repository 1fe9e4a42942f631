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

codegen::CodegenOptions TieredPatch::compileOptions(int optLevel, bool stems, unsigned hardware) {
  return codegen::CodegenOptions{
      .optLevel = optLevel, .threads = hardware > 1 ? hardware - 1 : 0, .stems = stems};
}

std::vector<TieredPatch::TierCompile> TieredPatch::jitTiers(int optLevel, bool stems,
                                                            CompileJit compileJit) {
  // The quick tier's optimised IR, for the last tier's machine code (on the same thread).
  auto kept = std::make_shared<std::shared_ptr<codegen::OptimisedModule>>();
  auto tier = [optLevel, stems, kept, compileJit](JitTier kind) -> TierCompile {
    Compile compile = [optLevel, stems, kept, kind,
                       compileJit](const ir::Module& module, codegen::CodegenTimes& times,
                                   std::string& error) -> std::unique_ptr<rt::Patch> {
      CompileJit compile = compileJit;
      if (!compile) {
        const codegen::JitApi* jit = codegen::loadJitModule(error);
        if (!jit) return nullptr;
        compile = jit->compileJit;
      }
      codegen::CodegenOptions options =
          compileOptions(optLevel, stems, std::thread::hardware_concurrency());
      options.baseline = kind == JitTier::Baseline;
      options.quickCodegen = kind == JitTier::Quick;
      if (kind == JitTier::Quick) options.keepOptimised = kept.get();
      if (kind == JitTier::Optimised) options.reuse = std::move(*kept);
      options.times = &times;
      return compile(module, options, error);
    };
    return {std::move(compile), kind};
  };
  return {tier(JitTier::Baseline), tier(JitTier::Quick), tier(JitTier::Optimised)};
}

TieredPatch::TieredPatch(ir::Module module, std::vector<TierCompile> tiers, uint64_t handOverFrom,
                         uint64_t renderFrames)
    : module_(std::move(module)), handOverFrom_(handOverFrom),
      created_(std::chrono::steady_clock::now()), renderFrames_(renderFrames) {
  if (renderFrames_ == 0) decision_.store(kCompile, std::memory_order_relaxed);
  interpreter_ = std::make_unique<interp::InterpretedPatch>(module_, interp::Stepping::Blocks);
  // By blocks the interpreter is faster than the baseline code (the demo 164x against 79x).
  const bool byBlocks = interpreter_->stepping() == interp::Stepping::Blocks;
  for (TierCompile& t : tiers)
    if (!(byBlocks && t.kind == JitTier::Baseline)) {
      Tier& tier = tiers_.emplace_back();
      tier.compile = std::move(t.compile);
      tier.kind = t.kind;
    }
  if (tiers_.empty()) {
    allDone_ = true;
    return;
  }
  thread_ = std::thread([this] { compileOnThread(); });
}

TieredPatch::TieredPatch(ir::Module module, std::vector<Compile> tiers, uint64_t handOverFrom,
                         uint64_t renderFrames)
    : TieredPatch(
          std::move(module),
          [&] {
            std::vector<TierCompile> own;
            for (Compile& c : tiers) own.push_back({std::move(c), std::nullopt});
            return own;
          }(),
          handOverFrom, renderFrames) {}

TieredPatch::TieredPatch(ir::Module module, Compile compile, uint64_t handOverFrom,
                         uint64_t renderFrames)
    : TieredPatch(
          std::move(module),
          [&] {
            std::vector<TierCompile> one;
            one.push_back({std::move(compile), std::nullopt});
            return one;
          }(),
          handOverFrom, renderFrames) {}

std::vector<std::optional<TieredPatch::JitTier>> TieredPatch::tierKinds() const {
  std::vector<std::optional<JitTier>> kinds;
  for (const Tier& tier : tiers_) kinds.push_back(tier.kind);
  return kinds;
}

TieredPatch::~TieredPatch() {
  stop_.store(true, std::memory_order_relaxed);
  if (decision_.load(std::memory_order_relaxed) == kUndecided) decide(kSkip);
  if (thread_.joinable()) thread_.join();
}

void TieredPatch::decide(Decision d) {
  decision_.store(d, std::memory_order_release);
  decision_.notify_one();
}

void TieredPatch::decideCompile(uint64_t framesDone) {
  const auto now = std::chrono::steady_clock::now();
  if (!probing_) { // the first block warmed the caches: the probe starts after it
    probing_ = true;
    probeStart_ = now;
    probeFrom_ = framesDone;
    return;
  }
  const double ms = std::chrono::duration<double, std::milli>(now - probeStart_).count();
  if (ms < kProbeMs) return;
  const double framesPerMs = static_cast<double>(framesDone - probeFrom_) / ms;
  const double leftMs = framesDone >= renderFrames_
                            ? 0.0
                            : static_cast<double>(renderFrames_ - framesDone) / framesPerMs;
  decide(leftMs > kCompileAfterMs ? kCompile : kSkip);
}

void TieredPatch::compileOnThread() {
  decision_.wait(kUndecided, std::memory_order_acquire);
  if (decision_.load(std::memory_order_acquire) == kSkip) {
    std::lock_guard<std::mutex> guard(lock_);
    allDone_ = true;
    finished_.notify_all();
    return;
  }
  for (size_t t = 0; t < tiers_.size() && !stop_.load(std::memory_order_relaxed); ++t) {
    Tier& tier = tiers_[t];
    std::string error;
    std::unique_ptr<rt::Patch> compiled;
    codegen::CodegenTimes times;
    try {
      compiled = tier.compile(module_, times, error);
    } catch (const std::exception& e) {
      error = e.what();
    }
    std::lock_guard<std::mutex> guard(lock_);
    tier.times = std::move(times);
    if (!compiled) {
      tier.error = error.empty() ? "the compiled code did not come" : error;
    } else if (compiled->channels() != interpreter_->channels()) {
      tier.error = "the compiled patch's outputs differ from the interpreter's";
    } else {
      tier.patch = std::move(compiled);
      try {
        if (initArgs_) prepareCompiled(t);
      } catch (const std::exception& e) {
        tier.error = e.what();
      }
    }
    tier.readyAfterMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - created_)
            .count();
    tier.done = true;
    finished_.notify_all();
  }
  std::lock_guard<std::mutex> guard(lock_);
  allDone_ = true;
  finished_.notify_all();
}

void TieredPatch::prepareCompiled(size_t t) {
  Tier& tier = tiers_[t];
  const auto [rate, maxFrames] = *initArgs_;
  tier.patch->init(rate, maxFrames);
  if (!mapsMade_) {
    // Where each engine keeps each node's state (ir/StateMap.h), as LiveSession::build finds
    // it; every tier lowers the same IR, so one map serves them all.
    const ir::StateLayout& state = interpreter_->stateLayout();
    interpreterMap_ = ir::stateMap(interpreter_->module(), state, interpreter_->arenaLayout());
    interpreterCells_ = state.feedbackOffset;
    ir::Module running = module_; // as code generation lowers it
    ir::splitChannels(running);
    ir::StateLayout compiledState = ir::layoutState(running);
    nodes::Env env{rate, 1.0f / rate, tier.patch->startCycle().toDouble()};
    ir::ArenaLayout arena = ir::layoutArena(running, env, {});
    if (running.feedbackCells != interpreter_->module().feedbackCells) {
      tier.error = "the compiled patch's layout differs from its IR's";
      return;
    }
    compiledMap_ = ir::stateMap(running, compiledState, arena);
    compiledCells_ = compiledState.feedbackOffset;
    cellBytes_ = 4ull * running.feedbackCells;
    stateSize_ = compiledState.size;
    arenaSize_ = arena.size;
    ir::matchStates(interpreterMap_, compiledMap_, matches_);
    if (matches_.size() != compiledMap_.size() || matches_.size() != interpreterMap_.size()) {
      tier.error = "the compiled patch's nodes differ from the interpreter's";
      return;
    }
    uint64_t largest = 0;
    for (const ir::NodeState& s : compiledMap_) largest = std::max(largest, s.size);
    scratch_.assign(2 * largest, 0);
    mapsMade_ = true;
  }
  auto* descriptorPatch = dynamic_cast<rt::DescriptorPatch*>(tier.patch.get());
  const phonon_patch_descriptor* d = descriptorPatch ? descriptorPatch->descriptor() : nullptr;
  // Never write by a layout the compiled code does not share: the engine before renders on.
  if (!d || d->state_size != stateSize_ ||
      d->arena_size(rate, tier.patch->sounds().files()) != arenaSize_) {
    tier.error = "the compiled patch's layout differs from its IR's";
    return;
  }
  if (static_cast<int>(t) > ready_.load(std::memory_order_relaxed))
    ready_.store(static_cast<int>(t), std::memory_order_release);
}

void TieredPatch::init(float sampleRate, uint32_t maxFrames) {
  std::lock_guard<std::mutex> guard(lock_);
  initArgs_ = {sampleRate, maxFrames};
  ready_.store(-1, std::memory_order_relaxed);
  running_ = -1;
  mapsMade_ = false;
  for (Tier& tier : tiers_) tier.handOverFrame.reset();
  interpreter_->init(sampleRate, maxFrames);
  // After a hand-over the interpreter has the schedule the compiled patch started with; a
  // fresh init gives each its own again, and the interpreter renders first as before.
  for (size_t t = 0; t < tiers_.size(); ++t)
    if (tiers_[t].patch && tiers_[t].error.empty()) prepareCompiled(t);
}

void TieredPatch::process(const phonon_block_context& ctx) {
  if (ctx.frame_position >= handOverFrom_) {
    const int best = ready_.load(std::memory_order_acquire);
    if (best > running_) handOver(best, ctx.frame_position);
  }
  running().process(ctx);
  if (decision_.load(std::memory_order_relaxed) == kUndecided) [[unlikely]]
    decideCompile(ctx.frame_position + ctx.frames);
}

void TieredPatch::handOver(int tier, uint64_t frame) {
  rt::Patch& from = running();
  rt::Patch& to = *tiers_[static_cast<size_t>(tier)].patch;
  rt::Patch::Memory a = from.memory();
  rt::Patch::Memory b = to.memory();
  if (running_ < 0) {
    for (auto [i, j] : matches_)
      ir::copyNodeState(interpreterMap_[i], a.state, a.arena, compiledMap_[j], b.state, b.arena,
                        scratch_.data());
  } else {
    for (const ir::NodeState& s : compiledMap_)
      ir::copyNodeState(s, a.state, a.arena, s, b.state, b.arena, scratch_.data());
  }
  if (cellBytes_)
    std::memcpy(b.state + compiledCells_,
                a.state + (running_ < 0 ? interpreterCells_ : compiledCells_), cellBytes_);
  to.takePlaybackFrom(from);
  running_ = tier;
  tiers_[static_cast<size_t>(tier)].handOverFrame = frame;
}

std::optional<rt::NonFiniteOrigin> TieredPatch::nonFiniteOrigin() const {
  if (std::optional<rt::NonFiniteOrigin> seen = interpreter_->nonFiniteOrigin()) return seen;
  for (const Tier& tier : tiers_)
    if (tier.handOverFrame)
      if (std::optional<rt::NonFiniteOrigin> seen = tier.patch->nonFiniteOrigin()) return seen;
  return std::nullopt;
}

std::optional<uint64_t> TieredPatch::handOverFrame() const {
  for (const Tier& tier : tiers_)
    if (tier.handOverFrame) return tier.handOverFrame;
  return std::nullopt;
}

bool TieredPatch::waitForCompiled() {
  if (decision_.load(std::memory_order_acquire) == kUndecided) decide(kSkip);
  std::unique_lock<std::mutex> guard(lock_);
  finished_.wait(guard, [&] { return allDone_; });
  return tiers_.empty() || tiers_.back().error.empty();
}

bool TieredPatch::waitForCompiled(size_t tier) {
  if (decision_.load(std::memory_order_acquire) == kUndecided) decide(kSkip);
  std::unique_lock<std::mutex> guard(lock_);
  finished_.wait(guard, [&] { return allDone_ || tiers_[tier].done; });
  return tiers_[tier].done && tiers_[tier].error.empty();
}

bool TieredPatch::compiling() const {
  if (decision_.load(std::memory_order_acquire) == kUndecided) return false;
  std::lock_guard<std::mutex> guard(lock_);
  return !allDone_;
}

std::string TieredPatch::compileError() const {
  std::lock_guard<std::mutex> guard(lock_);
  return tiers_.empty() ? std::string() : tiers_.back().error;
}

} // namespace phonon::tools

namespace phonon::tools {

void TieredPatch::printStart(std::ostream& out) {
  out << "; the interpreter renders from the first block; the JIT compiles on another thread "
         "and its code takes over when ready (its phases follow the render)\n";
}

void TieredPatch::report(bool timePasses, std::ostream& out) {
  if (timePasses) waitForCompiled();
  std::lock_guard<std::mutex> guard(lock_);
  // Named by their kind (JitTier); a tier of the caller's own as the JIT's code.
  struct Words {
    const char* warning; // "the JIT's … code did not take over"
    const char* heading;
    const char* name; // "the … code took over"
    const char* ready;
  };
  static constexpr Words kWords[] = {
      // in JitTier's order
      {"baseline ",
       "; the JIT's baseline code (the node functions called, not inlined), compiled on its own "
       "thread while the interpreter rendered:",
       "baseline", "baseline ready after"},
      {"quick ",
       "; the JIT's quick code (the IR inlined and simplified, its machine code made at the code "
       "generator's -O0):",
       "quick", "quick code ready after"},
      {"", "; then the JIT's optimised code:", "compiled", "ready after"},
  };
  auto wordsOf = [&](size_t t) -> const Words& {
    return kWords[static_cast<size_t>(tiers_[t].kind.value_or(JitTier::Optimised))];
  };
  for (size_t t = 0; t < tiers_.size(); ++t) {
    const Tier& tier = tiers_[t];
    if (!tier.done || tier.error.empty()) continue;
    const bool last = t + 1 == tiers_.size();
    out << "phonon: warning: the JIT's " << wordsOf(t).warning << "code did not take over ("
        << tier.error << ")"
        << (last && !handOverFrame() ? "; the interpreter rendered all of it" : "") << "\n";
  }
  if (!timePasses) return;
  for (size_t t = 0; t < tiers_.size(); ++t) {
    const Tier& tier = tiers_[t];
    const Words& words = wordsOf(t);
    out << (tier.kind ? words.heading
                      : "; the JIT's code, compiled on its own thread while the interpreter "
                        "rendered:")
        << "\n";
    printCodegenPhases(&tier.times, out);
    printTimeLine(words.ready, tier.readyAfterMs, out);
    if (tier.handOverFrame)
      out << "; the " << words.name << " code took over at sample " << *tier.handOverFrame << "\n";
    else
      out << "; the render ended before the " << words.name << " code took over\n";
  }
}

} // namespace phonon::tools
