// A small patch rendered by the interpreter from its first block while the JIT compiles it on
// another thread, in tiers: its quick code (the optimised IR, its machine code made fast), then
// its optimised code (the same IR's machine code). The interpreter steps by blocks through the
// nodes' vectorised block loops (interp::Stepping::Blocks), faster than the JIT's baseline code
// (the node functions called per sample, not inlined), which comes first only for a patch with
// feedback, where the interpreter steps sample by sample. At the first block
// boundary after a tier's code is ready, it takes over with every node's state, the feedback
// cells and the event schedule (the hand-over of a live session, docs/architecture.md "The
// interpreter first"). The engines compute the same bits, so the samples are those of the
// optimised patch alone; what changes is that the patch is runnable as soon as its IR is
// (`phonon render`'s "source to runnable"), without waiting for LLVM.
#pragma once

#include "phonon/codegen/Codegen.h"
#include "phonon/interp/Interpreter.h"
#include "phonon/ir/Module.h"
#include "phonon/ir/StateMap.h"
#include "phonon/rt/Patch.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace phonon::tools {

class TieredPatch final : public rt::Patch {
public:
  /// Compiles `module` (on TieredPatch's thread), filling `times`; null with `error` set when it
  /// cannot.
  using Compile = std::function<std::unique_ptr<rt::Patch>(
      const ir::Module& module, codegen::CodegenTimes& times, std::string& error)>;

  /// Up to this sum of its instructions' costs (ir::opDef), a patch starts on the interpreter:
  /// about 15 oscillators with their filters (examples/demo.ph is 186, W1's one sine 14),
  /// which the interpreter renders at 15× real time or more. A larger one waits for its code:
  /// the interpreter would render little of it while the JIT compiles (W5, 963: 1.3×) and
  /// would take the core a split compile's second module runs on.
  static constexpr float kMaxCost = 256;

  /// Whether `module` (optimised, as the engines run it) is one to start on the interpreter:
  /// small (kMaxCost), and without sound patterns, bus voices or files (samples, `tap`), whose
  /// loading and buffers belong to one engine's patch; on a host of `hardware` threads with
  /// one for the JIT to compile on beside the interpreter's (compileOptions).
  static bool suits(const ir::Module& module,
                    unsigned hardware = std::thread::hardware_concurrency());

  /// How the JIT compiles a patch while the interpreter renders it, on a host of `hardware`
  /// threads: on all but the interpreter's (CodegenOptions::threads; 0 when there is no other),
  /// on two cores one thread, and so one module for a small patch, whatever the JIT cache
  /// (codegen/Compile.cpp). Compiling on every core instead, as the JIT cache's module per
  /// kernel did, it shared one with the interpreter, and its code came later than without it.
  static codegen::CodegenOptions compileOptions(int optLevel, bool stems, unsigned hardware);

  /// `phonon render`'s tiers, in this order, each the JIT of libphonon-jit.so (loaded on the
  /// compiling thread) at -O`optLevel`, with the outputs' stems or without
  /// (CodegenOptions::stems), as compileOptions says for this host:
  enum class JitTier {
    /// ready a few milliseconds after the compile starts, the node code called rather than
    /// inlined: several times the interpreter's speed by samples (CodegenOptions::baseline),
    /// slower than by blocks, so a TieredPatch whose interpreter steps by blocks (a patch
    /// without feedback) drops it;
    Baseline,
    /// the IR through the inliner's part of the pipeline, its machine code made quickly
    /// (CodegenOptions::quickCodegen): about ten milliseconds sooner than the optimised code,
    /// about the interpreter's speed by blocks (the demo 160–225× against 164×);
    Quick,
    /// the optimised code: the rest of the pipeline run on the quick tier's IR (kept:
    /// CodegenOptions::reuse), made into machine code at the level asked for.
    Optimised,
  };
  /// codegen::compileJit's signature: the JIT's, through libphonon-jit.so (loadJitModule) when
  /// null, or one linked in (the tests).
  using CompileJit = std::unique_ptr<rt::Patch> (*)(const ir::Module&,
                                                    const codegen::CodegenOptions&, std::string&);
  /// A tier to compile, and which of the JIT's it is (report() names it by that; none: a
  /// compile of the caller's own).
  struct TierCompile {
    Compile compile;
    std::optional<JitTier> kind;
  };
  /// Baseline, Quick and Optimised, in this order.
  static std::vector<TierCompile> jitTiers(int optLevel, bool stems,
                                           CompileJit compileJit = nullptr);

  /// Compiles `module` tier after tier on one thread: at once when `renderFrames` is 0 (a
  /// render of unknown length, or one that times the compile); for a render of `renderFrames`
  /// frames, only if the interpreter would not finish it soon (kCompileAfterMs). Each tier's
  /// code takes over from the engine running at the first block that starts at or after frame
  /// `handOverFrom` once it is ready (0: as soon as it is); a later tier takes over from an
  /// earlier one alike, and a tier that comes after a later one never runs.
  TieredPatch(ir::Module module, std::vector<TierCompile> tiers, uint64_t handOverFrom = 0,
              uint64_t renderFrames = 0);
  /// Tiers of the caller's own.
  TieredPatch(ir::Module module, std::vector<Compile> tiers, uint64_t handOverFrom = 0,
              uint64_t renderFrames = 0);
  /// One tier: `compile`.
  TieredPatch(ir::Module module, Compile compile, uint64_t handOverFrom = 0,
              uint64_t renderFrames = 0);
  /// How long the interpreter renders before a render of known length decides whether to
  /// compile: its speed over these milliseconds (after its first block, which warms the
  /// caches) says how long it would take to render the rest.
  static constexpr double kProbeMs = 1.0;
  /// A render the interpreter would finish within this long after the probe is not compiled:
  /// the JIT's first code comes 15 ms or more after its compile starts, and loading and running
  /// LLVM on the other core slows the interpreter meanwhile (W1 for 60 s, 10 ms by blocks:
  /// 13.6 ms whole process without a compile, 20.2 ms with one).
  static constexpr double kCompileAfterMs = 20.0;

  /// Waits for the compile running to finish (LLVM cannot be stopped halfway); starts no other.
  ~TieredPatch() override;
  TieredPatch(const TieredPatch&) = delete;
  TieredPatch& operator=(const TieredPatch&) = delete;

  unsigned channels() const override { return interpreter_->channels(); }
  std::vector<std::string> stemNames() const override { return interpreter_->stemNames(); }
  Rational cps() const override { return interpreter_->cps(); }
  Rational startCycle() const override { return interpreter_->startCycle(); }
  void init(float sampleRate, uint32_t maxFrames) override;
  void process(const phonon_block_context& ctx) override;
  std::string takeWarning() override { return running().takeWarning(); }
  /// The interpreter's, while it runs or when it saw one before the hand-over.
  std::optional<rt::NonFiniteOrigin> nonFiniteOrigin() const override;
  Memory memory() override { return running().memory(); }
  bool anchorClock(uint64_t frame, Rational cycle) override {
    return running().anchorClock(frame, cycle);
  }

  /// Blocks until every tier's compile has finished; false when the last one failed
  /// (compileError() says why; the engine before it then renders on to the end). A render that
  /// has not decided to compile yet (renderFrames) then never does.
  bool waitForCompiled();
  /// The tiers it compiles, in order (jitTiers' less the baseline where the interpreter steps
  /// by blocks; none for the caller's own).
  std::vector<std::optional<JitTier>> tierKinds() const;

  /// Blocks until tier `tier`'s compile has finished (or will never start); false when it
  /// failed or did not run.
  bool waitForCompiled(size_t tier);
  /// Whether a tier is still compiling (or waits to): a render that has ended need not wait
  /// for it (`phonon render` ends its process without). False while the render has not yet
  /// decided to compile (a render that ended then never does).
  bool compiling() const;
  /// Why the last tier failed; empty when it did not (or has not finished).
  std::string compileError() const;
  /// The last tier's compile phases (valid once waitForCompiled() returned).
  const codegen::CodegenTimes& compileTimes() const { return tiers_.back().times; }
  /// Milliseconds from construction to the last tier's code being ready to take over.
  double readyAfterMs() const { return tiers_.back().readyAfterMs; }
  /// The first frame compiled code computed (the first tier that took over), once one has.
  std::optional<uint64_t> handOverFrame() const;
  /// The first frame tier `tier`'s code computed, once it has taken over.
  std::optional<uint64_t> handOverFrame(size_t tier) const { return tiers_[tier].handOverFrame; }

  /// `--time-passes`' note, before the total: source to runnable is the interpreter's start.
  static void printStart(std::ostream& out);
  /// After a render: says why a tier's code never ran when its compile failed (a warning;
  /// without `timePasses` only for compiles that have finished, since a render that has ended
  /// need not wait for them) and, with `timePasses`, waits for every tier and prints its phases
  /// and when it took over.
  void report(bool timePasses, std::ostream& out);

private:
  /// One tier's compile and its code.
  struct Tier {
    Compile compile;
    std::optional<JitTier> kind;
    std::unique_ptr<rt::Patch> patch; ///< once compiled
    codegen::CodegenTimes times;
    std::string error;
    double readyAfterMs = 0;
    bool done = false; ///< its compile has finished, well or not
    std::optional<uint64_t> handOverFrame;
  };

  rt::Patch& running() const {
    return running_ < 0 ? *interpreter_ : *tiers_[static_cast<size_t>(running_)].patch;
  }
  void compileOnThread();
  /// After a block of a render of known length: whether to compile, once the probe has run.
  void decideCompile(uint64_t framesDone);
  /// The decision, for compileOnThread (which waits for it).
  enum Decision : int { kUndecided, kCompile, kSkip };
  void decide(Decision d);
  /// Inits tier `t`'s patch like the interpreter's last init and, the first time, lays out
  /// both engines' state (lock_ held); makes it the tier to take over when it shares them.
  void prepareCompiled(size_t t);
  void handOver(int tier, uint64_t frame);

  ir::Module module_; ///< optimised, as both engines run it
  std::unique_ptr<interp::InterpretedPatch> interpreter_;
  uint64_t handOverFrom_;
  std::chrono::steady_clock::time_point created_;

  mutable std::mutex lock_;
  std::condition_variable finished_;
  std::vector<Tier> tiers_;       ///< as many as constructed with; each written under lock_
  bool allDone_ = false;          ///< every tier's compile has finished (or will never start)
  std::atomic<bool> stop_{false}; ///< destruction: start no further tier
  uint64_t renderFrames_;         ///< 0: compile at once
  std::atomic<int> decision_{kUndecided};
  bool probing_ = false; ///< the rendering thread's: the probe's start is set
  std::chrono::steady_clock::time_point probeStart_;
  uint64_t probeFrom_ = 0;
  std::optional<std::pair<float, uint32_t>> initArgs_; ///< the last init's rate and block
  /// The best tier whose patch is initialised and shares the maps below (release), −1 none;
  /// read by the rendering thread before each block. What it guards is not touched again
  /// until the next init(), which runs on the rendering thread.
  std::atomic<int> ready_{-1};
  int running_ = -1; ///< the tier rendering (the rendering thread's), −1 the interpreter
  bool mapsMade_ = false;
  std::vector<ir::NodeState> interpreterMap_, compiledMap_;
  std::vector<std::pair<uint32_t, uint32_t>> matches_;
  std::vector<unsigned char> scratch_;
  uint64_t interpreterCells_ = 0, compiledCells_ = 0, cellBytes_ = 0, stateSize_ = 0,
           arenaSize_ = 0;
  std::thread thread_;
};

} // namespace phonon::tools
