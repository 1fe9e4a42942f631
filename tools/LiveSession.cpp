#include "LiveSession.h"

#include "ToolSupport.h"

#include "phonon/codegen/JitModule.h"
#include "phonon/interp/Interpreter.h"
#include "phonon/ir/Channels.h"
#include "phonon/ir/Ops.h"
#include "phonon/nodes/Node.h"

#include <sys/inotify.h>

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>

namespace phonon::tools {

/// A compiled, initialised version of the file and where its nodes keep their state.
struct LiveSession::Version {
  uint64_t revision = 0;
  std::unique_ptr<rt::Patch> patch;
  std::vector<ir::NodeState> map;
  /// Room for the swap's work, reserved here so the audio thread allocates nothing.
  std::vector<std::pair<uint32_t, uint32_t>> matches, slotMatches;
  std::vector<unsigned char> scratch;
  /// Its sound patterns' players and its feedback cells (the latter only where `map` is
  /// known), by identity: the voices and cells a swap carries.
  std::vector<ir::SlotIdentity> players, cells;
  /// Its bus voices' graphs (Module::voiceTemplates), each a hash of its bus and its printed
  /// IR; and, at a swap, which of the replaced version's graphs each is the same as.
  std::vector<uint64_t> graphs;
  std::vector<uint32_t> sameGraph;
  Rational cps{1, 2};
  bool compiled = false;
  uint64_t feedbackOffset = 0, feedbackBytes = 0; ///< the feedback cells in the state block
  std::string warnings; ///< what its init warned about (`phonon: warning: …` lines)
};

namespace {

bool readText(const std::string& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  text = s.str();
  return true;
}

double millisecondsSince(LiveClock::time_point t) {
  return std::chrono::duration<double, std::milli>(LiveClock::now() - t).count();
}

} // namespace

LiveSession::LiveSession(const LiveOptions& options) : options_(options) {
  options_.blockSize = std::max<uint32_t>(1, options_.blockSize);
  // A raised-cosine gain, sin² of a quarter turn: the two gains sum to 1 at every sample, so
  // a node whose state carried over computes the same signal in both versions and is not
  // touched; only what differs between them fades.
  const auto length = static_cast<uint32_t>(
      std::max(1.0, std::round(options_.crossfadeSeconds * options_.sampleRate)));
  fade_.resize(length);
  for (uint32_t i = 0; i < length; ++i) {
    double s = std::sin(0.5 * M_PI * (i + 1.0) / (length + 1.0));
    fade_[i] = static_cast<float>(s * s);
  }
  fadeLeft_.assign(options_.blockSize, 0.0f);
  fadeRight_.assign(options_.blockSize, 0.0f);
}

std::unique_ptr<LiveSession> LiveSession::open(const LiveOptions& options, std::string& error) {
  std::unique_ptr<LiveSession> session(new LiveSession(options));
  std::string diagnostics;
  if (!readText(options.path, session->lastText_)) {
    error = "cannot read '" + options.path + "'";
    return nullptr;
  }
  std::unique_ptr<Version> first;
  if (std::optional<ir::Module> module = session->compileModule(diagnostics))
    first = session->build(*module, options.interpreter, ++session->revisions_, diagnostics);
  if (!first) {
    std::cerr << diagnostics;
    error = options.path + " has errors; a live session starts from a patch that compiles";
    return nullptr;
  }
  std::cerr << diagnostics << first->warnings; // its warnings
  session->cps_ = first->cps;
  session->anchorCycle_ = first->patch->startCycle();
  session->current_ = first.release();
  return session;
}

LiveSession::~LiveSession() {
  stop();
  delete pending_.exchange(nullptr);
  delete retired_.exchange(nullptr);
  delete fading_;
  delete current_;
}

std::optional<ir::Module> LiveSession::compileModule(std::string& diagnostics) {
  std::ostringstream errors;
  CompileRequest request;
  request.path = options_.path;
  request.optLevel = options_.optLevel;
  request.diagnostics = &errors;
  std::optional<ir::Module> module;
  try {
    module = compilePatch(request);
  } catch (const std::exception& e) {
    errors << "phonon: error: internal error: " << e.what() << "\n";
  }
  diagnostics = errors.str(); // the warnings of a module that compiled
  if (!module && diagnostics.empty()) diagnostics = options_.path + ": error: cannot compile\n";
  return module;
}

std::unique_ptr<LiveSession::Version> LiveSession::build(const ir::Module& module, bool interpreter,
                                                         uint64_t revision,
                                                         std::string& diagnostics) {
  auto version = std::make_unique<Version>();
  version->revision = revision;
  version->compiled = !interpreter;
  try {
    std::string error;
    interp::InterpretedPatch* interpreted = nullptr;
    if (interpreter) {
      // `--engine interp` asks for the reference (by samples); a version published while its
      // code compiles steps by blocks where it can, bit for bit the same and several times
      // faster.
      auto p = std::make_unique<interp::InterpretedPatch>(
          module, options_.interpreter ? interp::Stepping::Samples : interp::Stepping::Blocks);
      interpreted = p.get();
      version->patch = std::move(p);
    } else if (const codegen::JitApi* jit = codegen::loadJitModule(error)) {
      version->patch = jit->compileJit(module, codegen::CodegenOptions{options_.optLevel}, error);
    }
    if (!version->patch) {
      diagnostics = "phonon: error: " + error + "\n";
      return nullptr;
    }
    if (version->patch->channels() != 2) {
      diagnostics = "phonon: error: a live session plays a stereo main mix\n";
      return nullptr;
    }
    version->patch->setSampleSearchPath(options_.samples);
    version->patch->init(options_.sampleRate, options_.blockSize);
    for (std::string w = version->patch->takeWarning(); !w.empty();
         w = version->patch->takeWarning())
      version->warnings += "phonon: warning: " + w + "\n";
    version->cps = version->patch->cps();

    // Where its nodes keep their state: the layouts both engines follow (ir/StateMap.h).
    const rt::PatchSounds& sounds = version->patch->sounds();
    std::vector<nodes::ConstArg> files;
    for (uint32_t k = 0; k < sounds.numFiles(); ++k)
      files.push_back({sounds.files()[k].samples, sounds.files()[k].frames});
    const float rate = options_.sampleRate;
    nodes::Env env{rate, 1.0f / rate, version->patch->startCycle().toDouble()};
    if (interpreted) {
      const ir::StateLayout& state = interpreted->stateLayout();
      version->map = ir::stateMap(interpreted->module(), state, interpreted->arenaLayout());
      version->feedbackOffset = state.feedbackOffset;
      version->feedbackBytes = 4ull * interpreted->module().feedbackCells;
      version->cells = ir::slotIdentities(interpreted->module(), ir::Opcode::FeedbackWrite);
    } else {
      ir::Module running = module; // as code generation lowers it
      ir::splitChannels(running);
      ir::StateLayout state = ir::layoutState(running);
      ir::ArenaLayout arena = ir::layoutArena(running, env, files);
      auto* compiled = dynamic_cast<rt::DescriptorPatch*>(version->patch.get());
      const phonon_patch_descriptor* d = compiled ? compiled->descriptor() : nullptr;
      // Never write by a layout the compiled code does not share: its nodes start afresh.
      if (d && d->state_size == state.size && d->arena_size(rate, sounds.files()) == arena.size) {
        version->map = ir::stateMap(running, state, arena);
        version->feedbackOffset = state.feedbackOffset;
        version->feedbackBytes = 4ull * running.feedbackCells;
        version->cells = ir::slotIdentities(running, ir::Opcode::FeedbackWrite);
      } else {
        std::cerr << "phonon: warning: the compiled patch's layout differs from its IR's; "
                     "its state starts afresh\n";
      }
    }
    uint64_t largest = 0;
    for (const ir::NodeState& s : version->map) largest = std::max(largest, s.size);
    version->scratch.assign(2 * largest, 0);
    version->matches.reserve(version->map.size());
    // Slots as the patch numbers its players (Module::voices), which splitting channels keeps.
    version->players = ir::slotIdentities(module, ir::Opcode::Voices);
    for (const ir::VoiceTemplate& t : module.voiceTemplates)
      version->graphs.push_back(std::hash<std::string>{}(t.bus + "\n" + ir::print(t.graph)));
    version->sameGraph.assign(version->graphs.size(), UINT32_MAX);
    version->slotMatches.reserve(std::max(version->players.size(), version->cells.size()));
  } catch (const std::exception& e) {
    diagnostics = std::string("phonon: error: ") + e.what() + "\n";
    return nullptr;
  }
  return version;
}

void LiveSession::publish(std::unique_ptr<Version> version) {
  // Replaces a version the audio thread has not taken yet; that one never sounded.
  delete pending_.exchange(version.release(), std::memory_order_acq_rel);
}

bool LiveSession::start(std::string& error) {
  namespace fs = std::filesystem;
  if (pipe(stopPipe_) != 0) {
    error = "cannot make a pipe for the watcher";
    return false;
  }
  inotify_ = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  if (inotify_ < 0) {
    error = "cannot watch files (inotify)";
    return false;
  }
  // The folder, not the file: an editor that saves by renaming a new file over the old one
  // replaces the inode a watch on the file would follow.
  fs::path file = fs::absolute(options_.path);
  std::string folder = file.parent_path().string();
  if (inotify_add_watch(inotify_, folder.c_str(),
                        IN_CLOSE_WRITE | IN_MOVED_TO | IN_MODIFY | IN_CREATE) < 0) {
    error = "cannot watch the folder '" + folder + "'";
    return false;
  }
  watcher_ = std::thread([this] { watchLoop(); });
  // The compiler needs a large stack, as every compile does (deep nesting is an error, never
  // a stack overflow).
  compiler_ = std::thread([this] {
    runWithLargeStack("phonon", [this] {
      compileLoop();
      return 0;
    });
  });
  return true;
}

void LiveSession::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (stopPipe_[1] >= 0) {
    char byte = 0;
    [[maybe_unused]] ssize_t n = write(stopPipe_[1], &byte, 1);
  }
  if (watcher_.joinable()) watcher_.join();
  if (compiler_.joinable()) compiler_.join();
  for (int* fd : {&inotify_, &stopPipe_[0], &stopPipe_[1]})
    if (*fd >= 0) {
      close(*fd);
      *fd = -1;
    }
}

void LiveSession::watchLoop() {
  const std::string name = std::filesystem::path(options_.path).filename().string();
  // A write in place (truncate, then write) is complete when the writer closes the file; a
  // change with no close after it (a writer that keeps the file open) counts after a pause.
  constexpr int kQuietMs = 100;
  bool modifiedOpen = false;
  alignas(inotify_event) char buffer[16384];
  for (;;) {
    pollfd fds[2] = {{inotify_, POLLIN, 0}, {stopPipe_[0], POLLIN, 0}};
    int ready = poll(fds, 2, modifiedOpen ? kQuietMs : -1);
    if (ready < 0 && errno == EINTR) continue;
    if (fds[1].revents) return;
    bool changed = false;
    if (ready == 0 && modifiedOpen) { // quiet since the last write: take it
      modifiedOpen = false;
      changed = true;
    }
    if (ready > 0 && (fds[0].revents & POLLIN)) {
      for (;;) {
        ssize_t n = read(inotify_, buffer, sizeof buffer);
        if (n <= 0) break;
        for (ssize_t at = 0; at < n;) {
          auto* e = reinterpret_cast<const inotify_event*>(buffer + at);
          at += static_cast<ssize_t>(sizeof(inotify_event) + e->len);
          if (e->len == 0 || name != e->name) continue;
          if (e->mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) {
            changed = true;
            modifiedOpen = false;
          } else if (e->mask & (IN_MODIFY | IN_CREATE)) {
            modifiedOpen = true;
          }
        }
      }
    }
    if (changed) {
      std::lock_guard<std::mutex> lock(mutex_);
      dirty_ = true;
      changed_.notify_all();
    }
  }
}

void LiveSession::collectRetired() {
  delete retired_.exchange(nullptr, std::memory_order_acq_rel);
}

void LiveSession::compileLoop() {
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      // Wakes now and then to free the version a finished crossfade handed back.
      changed_.wait_for(lock, std::chrono::milliseconds(20),
                        [this] { return dirty_ || stopping_; });
      if (stopping_) return;
      if (!dirty_) {
        lock.unlock();
        collectRetired();
        continue;
      }
      dirty_ = false;
    }
    collectRetired();
    LiveCompile record;
    record.readAt = LiveClock::now();
    std::string text;
    if (!readText(options_.path, text) || text == lastText_) continue; // unchanged: a re-save
    lastText_ = text;
    record.revision = ++revisions_;
    std::string diagnostics;
    std::unique_ptr<Version> version;
    std::optional<ir::Module> module = compileModule(diagnostics);
    // A small patch plays at once through the interpreter while its code is compiled; the
    // compiled version then takes over with all its state (the engines agree to the bit).
    bool interim = false;
    if (module) {
      float cost = 0;
      for (const ir::Instr& in : module->instrs) cost += ir::opDef(in).cost;
      interim = !options_.interpreter && cost <= kInterimCost;
      version = build(*module, options_.interpreter || interim, record.revision, diagnostics);
    }
    record.compileMs = millisecondsSince(record.readAt);
    record.ok = version != nullptr;
    if (version) {
      // Printed and logged like errors: the compile's (file:line:col: warning: …), then init's.
      record.warnings = diagnostics + version->warnings;
      std::cerr << record.warnings;
    } else {
      record.diagnostics = diagnostics;
    }
    if (!version) {
      std::cerr << diagnostics << "phonon: live: " << options_.path
                << " has errors; the playing version goes on\n";
      interim = false;
    }
    { // logged before the version can sound, so a host that reads both finds it
      std::lock_guard<std::mutex> lock(mutex_);
      compiles_.push_back(record);
    }
    if (version) publish(std::move(version));
    if (interim) { // the code, while the interpreter plays
      std::unique_ptr<Version> compiled = build(*module, false, record.revision, diagnostics);
      std::string now;
      // A newer save makes it moot (its own compile comes next).
      if (compiled && readText(options_.path, now) && now == text) {
        const double jitMs = millisecondsSince(record.readAt);
        {
          std::lock_guard<std::mutex> lock(mutex_);
          for (LiveCompile& c : compiles_) // unless the host has taken it already
            if (c.revision == record.revision) c.jitMs = jitMs;
        }
        publish(std::move(compiled));
      } else if (!compiled) {
        std::cerr << diagnostics; // the interpreter plays on
      }
    }
  }
}

Rational LiveSession::cycleAt(uint64_t frame) const {
  return anchorCycle_ + Rational(static_cast<int64_t>(frame - anchorFrame_)) * cps_ /
                            Rational(static_cast<int64_t>(options_.sampleRate));
}

void LiveSession::swapIn(Version* next) {
  ir::matchStates(current_->map, next->map, next->matches);
  rt::Patch::Memory from = current_->patch->memory();
  rt::Patch::Memory to = next->patch->memory();
  uint32_t carried = 0;
  if (from.state && to.state)
    for (auto [i, j] : next->matches) {
      ir::copyNodeState(current_->map[i], from.state, from.arena, next->map[j], to.state, to.arena,
                        next->scratch.data());
      ++carried;
    }
  // The same program in the other engine: its feedback cells, schedule and voices too.
  const bool handOver = next->revision == current_->revision;
  if (handOver && from.state && to.state && next->feedbackBytes == current_->feedbackBytes)
    std::memcpy(to.state + next->feedbackOffset, from.state + current_->feedbackOffset,
                next->feedbackBytes);
  if (handOver) next->patch->takePlaybackFrom(*current_->patch);
  uint32_t voices = 0, cells = 0;
  if (!handOver) {
    // Another program: the voices of each player whose identity it keeps sound on in it (the
    // old version keeps its copies, so both compute them alike while the crossfade runs), and
    // each bus's feedback cell keeps its value.
    for (size_t j = 0; j < next->graphs.size(); ++j) {
      auto same = std::find(current_->graphs.begin(), current_->graphs.end(), next->graphs[j]);
      next->sameGraph[j] = same == current_->graphs.end()
                               ? UINT32_MAX
                               : static_cast<uint32_t>(same - current_->graphs.begin());
    }
    ir::matchSlots(current_->players, next->players, next->slotMatches);
    for (auto [i, j] : next->slotMatches)
      voices += next->patch->carryVoicesFrom(*current_->patch, i, j, next->sameGraph);
    if (from.state && to.state && current_->feedbackBytes && next->feedbackBytes) {
      ir::matchSlots(current_->cells, next->cells, next->slotMatches);
      for (auto [i, j] : next->slotMatches) {
        std::memcpy(to.state + next->feedbackOffset + 4ull * j,
                    from.state + current_->feedbackOffset + 4ull * i, 4);
        ++cells;
      }
    }
  }
  // The cycle goes on where it is; the new tempo runs from here.
  Rational cycle = cycleAt(frame_);
  next->patch->anchorClock(frame_, cycle);
  anchorFrame_ = frame_;
  anchorCycle_ = cycle;
  cps_ = next->cps;
  if (handOver) {
    retired_.store(current_, std::memory_order_release); // empty: process() checked
  } else {
    fading_ = current_;
    fadePosition_ = 0;
  }
  current_ = next;
  uint64_t n = swapsWritten_.load(std::memory_order_relaxed);
  LiveSwap& swap = swapRing_[n % kSwapRing];
  swap = {};
  swap.revision = next->revision;
  swap.frame = frame_;
  swap.carried = carried;
  swap.fresh = static_cast<uint32_t>(next->map.size()) - carried;
  swap.voices = voices;
  swap.cells = cells;
  swap.compiled = next->compiled;
  swap.handOver = handOver;
  swapsWritten_.store(n + 1, std::memory_order_release);
}

void LiveSession::process(float* left, float* right, uint32_t frames) {
  frames = std::min(frames, options_.blockSize);
  // One swap at a time: the next waits until the crossfade is over and its version freed.
  if (!fading_ && !retired_.load(std::memory_order_acquire))
    if (Version* next = pending_.exchange(nullptr, std::memory_order_acq_rel)) swapIn(next);

  float* outputs[2] = {left, right};
  phonon_block_context ctx{};
  ctx.frames = frames;
  ctx.num_channels = 2;
  ctx.outputs = outputs;
  ctx.frame_position = frame_;
  ctx.cycle_begin = cycleAt(frame_).toDouble();
  ctx.cycle_end = cycleAt(frame_ + frames).toDouble();
  ctx.cps = cps_.toDouble();
  ctx.voice_pitch = 1.0f;
  current_->patch->process(ctx);
  if (fading_) {
    float* old[2] = {fadeLeft_.data(), fadeRight_.data()};
    phonon_block_context before = ctx;
    before.outputs = old;
    before.cps = fading_->cps.toDouble();
    fading_->patch->process(before);
    const auto length = static_cast<uint32_t>(fade_.size());
    for (uint32_t i = 0; i < frames; ++i) {
      float g = fadePosition_ + i < length ? fade_[fadePosition_ + i] : 1.0f;
      // old + (new − old)·g: where both versions compute the same sample, exactly it.
      left[i] = fadeLeft_[i] + (left[i] - fadeLeft_[i]) * g;
      right[i] = fadeRight_[i] + (right[i] - fadeRight_[i]) * g;
    }
    fadePosition_ += frames;
    if (fadePosition_ >= length) {
      retired_.store(fading_, std::memory_order_release);
      fading_ = nullptr;
    }
  }
  // LANGUAGE §9.2: a block holding NaN or ±Inf is silence.
  for (uint32_t i = 0; i < frames; ++i)
    if (!std::isfinite(left[i]) || !std::isfinite(right[i])) {
      std::fill(left, left + frames, 0.0f);
      std::fill(right, right + frames, 0.0f);
      break;
    }
  frame_ += frames;
}

std::vector<LiveCompile> LiveSession::takeCompiles() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<LiveCompile> out;
  out.swap(compiles_);
  return out;
}

std::vector<LiveSwap> LiveSession::takeSwaps() {
  std::vector<LiveSwap> out;
  uint64_t written = swapsWritten_.load(std::memory_order_acquire);
  if (written - swapsRead_ > kSwapRing) swapsRead_ = written - kSwapRing; // overwritten ones
  for (; swapsRead_ < written; ++swapsRead_) out.push_back(swapRing_[swapsRead_ % kSwapRing]);
  return out;
}

} // namespace phonon::tools
