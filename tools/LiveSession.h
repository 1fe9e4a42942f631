// A live session (LANGUAGE §9.4) as a block source: it plays a patch file, watches it, compiles
// each saved version on a background thread and swaps it in at a block boundary, carrying the
// state of every node whose identity is unchanged and crossfading the rest. A host (`phonon
// live --render`, or an audio callback) calls process() for each block; nothing there
// allocates, locks or does I/O.
#pragma once

#include "phonon/ir/StateMap.h"
#include "phonon/rt/Patch.h"
#include "phonon/support/Rational.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace phonon::tools {

struct LiveOptions {
  std::string path;         ///< the patch file to play and watch
  bool interpreter = false; ///< the reference interpreter instead of the JIT
  int optLevel = 2;
  float sampleRate = 48000.0f;
  uint32_t blockSize = 256; ///< the largest block process() is given
  double crossfadeSeconds = 0.02;
  rt::SampleSearchPath samples;
};

using LiveClock = std::chrono::steady_clock;

/// One compile of a saved version: what became of it.
struct LiveCompile {
  uint64_t revision = 0;        ///< 1, 2, … in the order the versions were read
  LiveClock::time_point readAt; ///< when the file was read
  double compileMs = 0;         ///< read to the first playable version (compile, init)
  /// Read to the compiled code's version, where the interpreter stood in for it meanwhile;
  /// negative when there was no such hand-over (or a newer save made it moot).
  double jitMs = -1;
  bool ok = false;
  std::string diagnostics; ///< the errors (file:line:col: error: …), when not ok
  /// What a version that compiled warned about: the compiler's warnings (file:line:col:
  /// warning: …), then its init's (`phonon: warning: unknown sample name …`), as printed.
  std::string warnings;
};

/// One swap, made by process() at a block boundary.
struct LiveSwap {
  uint64_t revision = 0;
  uint64_t frame = 0;    ///< the first sample the new version sounds in
  uint32_t carried = 0;  ///< stateful nodes whose state carried over
  uint32_t fresh = 0;    ///< stateful nodes that started from their initial state
  uint32_t voices = 0;   ///< sounding voices the new version took on (Patch::carryVoicesFrom)
  uint32_t cells = 0;    ///< feedback cells whose value carried over
  bool compiled = false; ///< compiled code (else the interpreter)
  /// The same program's compiled code taking over from the interpreter: every node's state,
  /// the schedule and the voices carry over, no crossfade (the engines compute the same bits).
  bool handOver = false;
};

class LiveSession {
public:
  /// Compiles and initialises the file's first version (its errors are printed to standard
  /// error and the result is null, with `error` saying so).
  static std::unique_ptr<LiveSession> open(const LiveOptions& options, std::string& error);
  ~LiveSession();
  LiveSession(const LiveSession&) = delete;
  LiveSession& operator=(const LiveSession&) = delete;

  /// Starts watching the file (inotify on its folder) and the compiler thread.
  bool start(std::string& error);
  /// Stops both threads; process() may go on with the version it has.
  void stop();

  /// The next `frames` (at most blockSize) samples of the main mix, left and right. Takes a
  /// compiled version in at the block's start when one is ready. Real-time safe.
  void process(float* left, float* right, uint32_t frames);

  /// What happened since the last call (not from the audio thread: it takes a lock).
  std::vector<LiveCompile> takeCompiles();
  std::vector<LiveSwap> takeSwaps();

  float sampleRate() const { return options_.sampleRate; }
  uint64_t framePosition() const { return frame_; }

private:
  struct Version;
  explicit LiveSession(const LiveOptions& options);
  /// Compiles the file as it is now to IR; nullopt with `diagnostics` set on an error.
  std::optional<ir::Module> compileModule(std::string& diagnostics);
  /// A playable, initialised version of `module`; null with `diagnostics` set on an error.
  std::unique_ptr<Version> build(const ir::Module& module, bool interpreter, uint64_t revision,
                                 std::string& diagnostics);
  /// Hands a version to the audio thread (replacing one it has not taken).
  void publish(std::unique_ptr<Version> version);
  void watchLoop();
  void compileLoop();
  void swapIn(Version* next);
  void collectRetired();
  Rational cycleAt(uint64_t frame) const;

  LiveOptions options_;
  std::string lastText_; ///< the text of the last version compiled (the compiler's own)
  /// Sum of node costs below which the interpreter plays a new version while its compiled
  /// code is built (the interpreter runs such patches many times faster than real time).
  static constexpr float kInterimCost = 2000;
  uint64_t revisions_ = 0;

  // The audio thread's own.
  Version* current_ = nullptr;
  Version* fading_ = nullptr; ///< the previous version while the crossfade runs
  uint32_t fadePosition_ = 0;
  std::vector<float> fade_;                 ///< the new version's gain per sample of the crossfade
  std::vector<float> fadeLeft_, fadeRight_; ///< the previous version's block
  uint64_t frame_ = 0;
  uint64_t anchorFrame_ = 0; ///< the clock: sample anchorFrame_ is at cycle anchorCycle_
  Rational anchorCycle_{0};
  Rational cps_{1, 2};

  // Between the threads, without locks: the compiler publishes a version in pending_, the
  // audio thread takes it and hands the one it replaced back in retired_ after the crossfade;
  // the compiler frees it. Swaps are recorded in a ring the audio thread alone writes.
  std::atomic<Version*> pending_{nullptr};
  std::atomic<Version*> retired_{nullptr};
  static constexpr uint32_t kSwapRing = 256;
  LiveSwap swapRing_[kSwapRing];
  std::atomic<uint64_t> swapsWritten_{0};
  uint64_t swapsRead_ = 0;

  // The watcher tells the compiler that the file changed.
  std::mutex mutex_;
  std::condition_variable changed_;
  bool dirty_ = false;
  bool stopping_ = false;
  std::vector<LiveCompile> compiles_;
  int inotify_ = -1, stopPipe_[2] = {-1, -1};
  std::thread watcher_, compiler_;
};

/// `phonon live FILE [--render OUT.wav --duration S --edits SCRIPT] …` (LiveCommand.cpp).
int runLive(int argc, char** argv);

} // namespace phonon::tools
