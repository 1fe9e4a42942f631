// A small patch rendered by the reference interpreter from its first block while the JIT
// compiles it on another thread; at the first block boundary after the compiled code is ready,
// the compiled patch takes over with every node's state, the feedback cells and the event
// schedule (the hand-over of a live session, docs/architecture.md "The interpreter first").
// The engines compute the same bits, so the samples are those of the compiled patch alone;
// what changes is that the patch is runnable as soon as its IR is (`phonon render`'s "source
// to runnable"), without waiting for LLVM.
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

  /// Up to this much work — the sum of the instructions' costs (at least 1) times the frames
  /// rendered — the interpreter renders a whole patch before the JIT's code could take over:
  /// it runs about 7.5 ns per unit of work (W1's sine, cost 14, at 9.5 M frames a second),
  /// about 7.5 ms here, while the JIT's code is ready 15 ms or more after the compile starts,
  /// even for an empty patch. A tiered render of such a patch would take no less: the process
  /// waits for the compile at the end (LLVM cannot be stopped halfway), and it takes a core.
  static constexpr double kMaxInterpreterOnlyWork = 1'000'000;

  /// Whether the interpreter alone should render `frames` of `module`, which suits() (no
  /// compile: kMaxInterpreterOnlyWork).
  static bool interpreterSuffices(const ir::Module& module, uint64_t frames);

  /// The JIT of `phonon render` (libphonon-jit.so, loaded on the compiling thread) at -O`level`,
  /// with the outputs' stems or without (CodegenOptions::stems), as compileOptions says for
  /// this host.
  static Compile jit(int optLevel, bool stems);

  /// Starts compiling `module` at once. The compiled code takes over at the first block that
  /// starts at or after frame `handOverFrom` once it is ready (0: as soon as it is).
  TieredPatch(ir::Module module, Compile compile, uint64_t handOverFrom = 0);
  /// Waits for the compile to finish (LLVM cannot be stopped halfway).
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

  /// Blocks until the compile has finished; false when it failed (compileError() says why;
  /// the interpreter then renders on to the end).
  bool waitForCompiled();
  std::string compileError() const;
  /// The compile's phases (valid once waitForCompiled() returned).
  const codegen::CodegenTimes& compileTimes() const { return times_; }
  /// Milliseconds from construction to the compiled code being ready to take over.
  double readyAfterMs() const { return readyAfterMs_; }
  /// The first frame the compiled code computed, once it has taken over.
  std::optional<uint64_t> handOverFrame() const { return handOverFrame_; }

  /// `--time-passes`' note, before the total: source to runnable is the interpreter's start.
  static void printStart(std::ostream& out);
  /// After a render: waits for the compile, then says why the compiled code never ran when it
  /// failed (a warning) and, with `timePasses`, its phases and when it took over.
  void report(bool timePasses, std::ostream& out);

private:
  rt::Patch& running() const { return handOverFrame_ ? *compiled_ : *interpreter_; }
  void compileOnThread(Compile compile);
  /// Inits the compiled patch like the interpreter's last init and lays out both engines'
  /// state (lock_ held); ready_ when they share it.
  void prepareCompiled();
  void handOver(uint64_t frame);

  ir::Module module_; ///< optimised, as both engines run it
  std::unique_ptr<interp::InterpretedPatch> interpreter_;
  uint64_t handOverFrom_;
  std::chrono::steady_clock::time_point created_;

  mutable std::mutex lock_;
  std::condition_variable finished_;
  bool done_ = false; ///< the compile has finished, well or not
  std::string error_;
  codegen::CodegenTimes times_;
  double readyAfterMs_ = 0;
  std::unique_ptr<rt::Patch> compiled_;
  std::optional<std::pair<float, uint32_t>> initArgs_; ///< the last init's rate and block
  /// Set (release) once compiled_ is initialised and the maps below are made; read by the
  /// rendering thread before each block. What it guards is not touched again until the next
  /// init(), which runs on the rendering thread.
  std::atomic<bool> ready_{false};
  std::vector<ir::NodeState> interpreterMap_, compiledMap_;
  std::vector<std::pair<uint32_t, uint32_t>> matches_;
  std::vector<unsigned char> scratch_;
  uint64_t interpreterCells_ = 0, compiledCells_ = 0, cellBytes_ = 0;
  std::optional<uint64_t> handOverFrame_;
  std::thread thread_;
};

} // namespace phonon::tools
