#include "phonon/rt/Patch.h"

#include "phonon/nodes/Node.h"
#include "phonon/rt/ThreadPool.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace phonon::rt {

void* allocateState(size_t size, size_t align) {
  if (align < alignof(std::max_align_t)) align = alignof(std::max_align_t);
  size_t rounded = (size + align - 1) / align * align;
  if (rounded == 0) rounded = align;
  void* p = std::aligned_alloc(align, rounded);
  if (!p) throw std::bad_alloc();
  std::memset(p, 0, rounded);
  return p;
}

void freeState(void* p) {
  std::free(p);
}

Arena::~Arena() {
  release();
}

namespace {
constexpr uint64_t kHugePage = uint64_t{2} << 20;

/// Runs `zero(first, count)` over [0, bytes) in pieces of whole `unit`s, one per thread of
/// `pool` (all of it on the calling thread without one); false when any piece returned false.
template <typename Zero>
bool zeroInPieces(uint64_t bytes, uint64_t unit, const PoolThreads& pool, const Zero& zero) {
  const uint64_t units = (bytes + unit - 1) / unit;
  const uint64_t pieces = pool.parallelFor ? std::min<uint64_t>(pool.threads, units) : 1;
  if (pieces <= 1) return zero(uint64_t{0}, bytes);
  struct Job {
    const Zero& zero;
    uint64_t bytes, perPiece;
    std::atomic<bool> failed{false};
  } job{zero, bytes, (units + pieces - 1) / pieces * unit};
  pool.parallelFor(
      pool.pool, static_cast<uint32_t>(pieces),
      [](void* args, uint32_t piece) {
        auto& j = *static_cast<Job*>(args);
        const uint64_t first = piece * j.perPiece;
        if (first < j.bytes && !j.zero(first, std::min(j.perPiece, j.bytes - first)))
          j.failed.store(true, std::memory_order_relaxed);
      },
      &job);
  return !job.failed.load(std::memory_order_relaxed);
}

/// `bytes` (a multiple of kHugePage) mapped at a huge-page boundary, on huge pages where the
/// system allows them, every page already faulted in and zeroed by the kernel (in pieces on
/// `pool`'s threads); null where that cannot be had (no MADV_POPULATE_WRITE before Linux 5.14).
void* mapZeroed(uint64_t bytes, const PoolThreads& pool) {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE) && defined(MADV_HUGEPAGE)
  if (bytes > SIZE_MAX - kHugePage) return nullptr;
  const size_t span = bytes + kHugePage;
  void* mapped = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) return nullptr;
  const auto start = reinterpret_cast<uintptr_t>(mapped);
  const uintptr_t aligned = (start + kHugePage - 1) / kHugePage * kHugePage;
  if (aligned > start) munmap(mapped, aligned - start);
  if (start + span > aligned + bytes)
    munmap(reinterpret_cast<void*>(aligned + bytes), start + span - (aligned + bytes));
  void* block = reinterpret_cast<void*>(aligned);
  madvise(block, bytes, MADV_HUGEPAGE); // a hint only
  auto* bytesAt = static_cast<unsigned char*>(block);
  if (!zeroInPieces(bytes, kHugePage, pool, [&](uint64_t first, uint64_t count) {
        return madvise(bytesAt + first, count, MADV_POPULATE_WRITE) == 0;
      })) {
    munmap(block, bytes);
    return nullptr;
  }
  return block;
#else
  (void)bytes;
  (void)pool;
  return nullptr;
#endif
}
} // namespace

void Arena::release() {
#if defined(__linux__)
  if (mapped_)
    munmap(data_, capacity_);
  else
#endif
    std::free(data_);
  data_ = nullptr;
  capacity_ = 0;
  mapped_ = false;
}

void* Arena::reset(uint64_t bytes, const PoolThreads& pool) {
  if (bytes == 0) return nullptr;
  if (bytes > capacity_) {
    release();
    // A large arena (delay lines: 768 KB per line at 48 kHz) on transparent huge pages where
    // the system allows them: zeroing it then takes a few faults instead of one per 4 KB page
    // (W5 × 64's 49 MB: 30 ms of every render), and its lines need fewer TLB entries.
    const uint64_t align = bytes >= kHugePage ? kHugePage : 64;
    uint64_t rounded = bytes > UINT64_MAX - align ? 0 : (bytes + align - 1) / align * align;
    // Better still, a new large arena straight from the kernel, zeroed as it faults its pages
    // in: a memset would write all of it a second time (W5 × 64: 4 ms instead of 6 to 20 ms,
    // before the first block: a serial part of the render, so faulted in on all its threads).
    if (align == kHugePage && rounded != 0 && (data_ = mapZeroed(rounded, pool))) {
      mapped_ = true;
      capacity_ = rounded;
      return data_;
    }
    if (rounded != 0 && rounded <= SIZE_MAX) data_ = std::aligned_alloc(align, rounded);
#ifdef MADV_HUGEPAGE
    if (data_ && align == kHugePage) madvise(data_, rounded, MADV_HUGEPAGE); // a hint only
#endif
    if (!data_) {
      char mib[32];
      std::snprintf(mib, sizeof mib, "%.1f", static_cast<double>(bytes) / (1024.0 * 1024.0));
      throw std::runtime_error(std::string("cannot allocate the patch's delay lines and tables: ") +
                               mib + " MiB at this sample rate");
    }
    capacity_ = rounded;
  }
  auto* bytesAt = static_cast<unsigned char*>(data_);
  zeroInPieces(bytes, bytes >= kHugePage ? kHugePage : bytes, pool,
               [&](uint64_t first, uint64_t count) {
                 std::memset(bytesAt + first, 0, count);
                 return true;
               });
  return data_;
}

void Patch::init(float sampleRate, uint32_t maxFrames, ThreadPool* pool) {
  if (pool) initPool_ = {&ThreadPool::parallelForC, pool, pool->threads()};
  try {
    init(sampleRate, maxFrames);
  } catch (...) {
    initPool_ = {};
    throw;
  }
  initPool_ = {};
}

namespace {

/// The pattern program of a descriptor that the runtime can run (a patch's or a voice
/// template's graph), or nullopt with `error` set.
std::optional<pattern::PatternProgram> checkDescriptor(const phonon_patch_descriptor* d,
                                                       std::string& error) {
  if (d->abi_version != PHONON_PATCH_ABI_VERSION) {
    error = "compiled for patch ABI version " + std::to_string(d->abi_version) +
            ", this runtime speaks version " + std::to_string(PHONON_PATCH_ABI_VERSION) +
            "; recompile it with this phononc";
    return std::nullopt;
  }
  if (d->num_output_channels == 0 || d->num_output_channels > 256 || d->cps_num <= 0 ||
      d->cps_den <= 0 || !d->init || !d->process || !d->arena_size ||
      (d->program_size && !d->program) || d->program_size > (1u << 30) ||
      d->num_buffers > (1u << 24) || d->num_stems > 100 || (d->num_stems && !d->stem_names) ||
      d->num_voice_templates > (1u << 16) || (d->num_voice_templates && !d->voice_templates)) {
    error = "the patch descriptor is malformed";
    return std::nullopt;
  }
  for (uint32_t s = 0; s < d->num_stems; ++s)
    if (!d->stem_names[s]) {
      error = "the patch descriptor is malformed";
      return std::nullopt;
    }
  pattern::PatternProgram program;
  try {
    program = pattern::deserialize(std::string(reinterpret_cast<const char*>(d->program),
                                               static_cast<size_t>(d->program_size)));
  } catch (const std::exception& e) {
    error = std::string("cannot read the patch's pattern program: ") + e.what();
    return std::nullopt;
  }
  if (program.patterns.size() != d->num_event_slots ||
      program.sounds.size() != d->num_voice_players || program.files.size() != d->num_files) {
    error = "the patch's pattern program does not match its event slots and voice players";
    return std::nullopt;
  }
  return program;
}

} // namespace

std::unique_ptr<DescriptorPatch> DescriptorPatch::create(const phonon_patch_descriptor* d,
                                                         std::shared_ptr<void> owner,
                                                         std::string& error) {
  std::optional<pattern::PatternProgram> program = checkDescriptor(d, error);
  if (!program) return nullptr;
  // A bus voice's graph is a patch of its own, with no voices, templates or files.
  std::vector<pattern::PatternProgram> templates;
  for (uint32_t t = 0; t < d->num_voice_templates; ++t) {
    const phonon_voice_template& v = d->voice_templates[t];
    if (!v.bus || !v.graph) {
      error = "the patch descriptor is malformed";
      return nullptr;
    }
    std::optional<pattern::PatternProgram> graph = checkDescriptor(v.graph, error);
    if (!graph) {
      error = "the bus voice `~" + std::string(v.bus) + "`: " + error;
      return nullptr;
    }
    if (v.graph->num_voice_players || v.graph->num_files || v.graph->num_voice_templates ||
        v.graph->num_output_channels != 2) {
      error = "the bus voice `~" + std::string(v.bus) + "` has a malformed graph";
      return nullptr;
    }
    templates.push_back(std::move(*graph));
  }
  std::optional<pattern::PatternProgram> shared;
  if (const phonon_patch_descriptor* s = d->voice_shared) {
    shared = checkDescriptor(s, error);
    if (!shared) {
      error = "the buses bus voices share: " + error;
      return nullptr;
    }
    if (s->num_voice_players || s->num_files || s->num_voice_templates || s->voice_shared ||
        s->num_stems == 0 || s->num_output_channels != 2) {
      error = "the graph of the buses bus voices share is malformed";
      return nullptr;
    }
  }
  return std::make_unique<DescriptorPatch>(d, std::move(owner), *program, std::move(templates),
                                           std::move(shared));
}

DescriptorPatch::DescriptorPatch(const phonon_patch_descriptor* descriptor,
                                 std::shared_ptr<void> owner,
                                 const pattern::PatternProgram& program,
                                 std::vector<pattern::PatternProgram> templatePrograms,
                                 std::optional<pattern::PatternProgram> sharedProgram)
    : descriptor_(descriptor), owner_(std::move(owner)),
      schedule_(program, Rational(descriptor->cps_num, descriptor->cps_den)) {
  state_ = allocateState(descriptor_->state_size, descriptor_->state_align);
  std::vector<BusVoiceGraph> busVoices;
  for (size_t t = 0; t < templatePrograms.size(); ++t) {
    const phonon_voice_template& v = descriptor_->voice_templates[t];
    busVoices.push_back({v.bus, descriptorVoiceGraph(v.graph, std::move(templatePrograms[t]))});
  }
  std::shared_ptr<VoiceGraph> shared;
  uint32_t sharedBuses = 0;
  if (sharedProgram) {
    shared = descriptorVoiceGraph(descriptor_->voice_shared, *sharedProgram);
    sharedBuses = descriptor_->voice_shared->num_stems;
  }
  sounds_ = PatchSounds(program.sounds, program.files, std::move(busVoices), std::move(shared),
                        sharedBuses);
}

DescriptorPatch::~DescriptorPatch() {
  freeState(state_);
}

void DescriptorPatch::init(float sampleRate, uint32_t maxFrames) {
  schedule_.reset(static_cast<uint32_t>(sampleRate));
  std::memset(state_, 0, descriptor_->state_size);
  // Each buffer on whole 64-byte lines of its own: the tasks of a parallel batch write
  // different buffers (a split sum's chunk totals), and a line shared by two of them would go
  // back and forth between the threads' cores.
  constexpr uint32_t kLineFloats = 64 / sizeof(float);
  bufferStride_ = (std::max<uint32_t>(1, maxFrames) + kLineFloats - 1) / kLineFloats * kLineFloats;
  buffers_.assign(static_cast<size_t>(descriptor_->num_buffers) * bufferStride_ + kLineFloats,
                  0.0f);
  const auto misalignment = reinterpret_cast<uintptr_t>(buffers_.data()) % 64;
  bufferBase_ = buffers_.data() + (misalignment ? (64 - misalignment) / sizeof(float) : 0);
  sounds_.init(sampleRate, maxFrames, cps(), startCycle());
  void* arena = arena_.reset(descriptor_->arena_size(sampleRate, sounds_.files()), initPool_);
  descriptor_->init(state_, sampleRate, arena, sounds_.files());
}

void DescriptorPatch::process(const phonon_block_context& ctx) {
  schedule_.prepare(ctx.frame_position, ctx.frames);
  phonon_block_context full = ctx;
  attachSchedule(full, schedule_);
  full.buffers = bufferBase_;
  full.buffer_stride = bufferStride_;
  sounds_.process(full);
  descriptor_->process(state_, &full);
}

void Patch::takePlaybackFrom(Patch& from) {
  std::swap(sounds_, from.sounds_);
  EventSchedule* mine = eventSchedule();
  EventSchedule* theirs = from.eventSchedule();
  if (mine && theirs) std::swap(*mine, *theirs);
}

bool DescriptorPatch::anchorClock(uint64_t frame, Rational cycle) {
  schedule_.anchor(frame, cycle);
  sounds_.anchor(frame, cycle);
  // A node that starts on the clock (`phasor`) starts at the anchored cycle.
  static_cast<nodes::Env*>(state_)->startCycle = cycle.toDouble();
  return true;
}

std::string DescriptorPatch::takeWarning() {
  std::string w = schedule_.takeWarning();
  return w.empty() ? sounds_.takeWarning() : w;
}

PatchSounds::PatchSounds(std::vector<pattern::PatternExprPtr> sounds,
                         std::vector<pattern::FileSlot> files, std::vector<BusVoiceGraph> busVoices,
                         std::shared_ptr<VoiceGraph> shared, uint32_t sharedBuses)
    : sounds_(std::move(sounds)), fileSlots_(std::move(files)), busVoices_(std::move(busVoices)),
      shared_(std::move(shared)), sharedBuses_(sharedBuses) {}

void PatchSounds::setSearchPath(SampleSearchPath path) {
  path_ = std::move(path);
  library_.reset();
}

namespace {

/// The warning for a sound no folder and no built-in sound has, with the nearest known names.
std::string unknownSample(const SampleLibrary& library, const std::string& name,
                          const std::string& consequence) {
  std::string w = "unknown sample name `" + name + "`: " + consequence;
  std::vector<std::string> near = library.nearest(name);
  for (size_t i = 0; i < near.size(); ++i)
    w += (i == 0 ? " (did you mean `" : ", `") + near[i] + "`" + (i + 1 == near.size() ? ")" : "");
  return w;
}

} // namespace

const Sample* PatchSounds::findFile(const std::string& name) {
  auto [sound, index] = splitSoundName(name);
  if (!library_->preload(sound)) {
    warnings_.push_back(unknownSample(*library_, std::string(sound), "the response is silence"));
    return nullptr;
  }
  return library_->find(sound, index);
}

namespace {

/// The frames of an output file at a sample rate: round(seconds · sr), at least one.
uint64_t outputFrames(float seconds, float sampleRate) {
  double frames = std::round(static_cast<double>(seconds) * sampleRate);
  return frames < 1.0 ? 1 : static_cast<uint64_t>(frames);
}

} // namespace

void PatchSounds::init(float sampleRate, uint32_t maxFrames, Rational cps, Rational start) {
  if (sounds_.empty() && fileSlots_.empty()) return;
  bool readsSamples =
      !sounds_.empty() || std::any_of(fileSlots_.begin(), fileSlots_.end(),
                                      [](const pattern::FileSlot& f) { return !f.output(); });
  fileSamples_.resize(fileSlots_.size());
  if (readsSamples && (!library_ || libraryRate_ != sampleRate)) {
    // Every sound the patterns name and every file, decoded and resampled now, never while a
    // block plays.
    library_ = std::make_shared<SampleLibrary>(path_, sampleRate);
    libraryRate_ = sampleRate;
    unknown_.clear(); // each warned about once, whatever plays it
    for (const pattern::PatternExprPtr& sound : sounds_)
      for (const std::string& name : pattern::soundNames(*sound))
        if (std::find(unknown_.begin(), unknown_.end(), name) == unknown_.end() &&
            !library_->preload(name)) {
          unknown_.push_back(name);
          warnings_.push_back(unknownSample(*library_, name, "its events play silence"));
        }
    for (size_t k = 0; k < fileSlots_.size(); ++k) {
      if (fileSlots_[k].output()) continue;
      std::vector<float> mono;
      if (const Sample* s = findFile(fileSlots_[k].name)) {
        // A file port takes one channel: a stereo file's two averaged.
        mono.resize(s->frames);
        for (uint64_t i = 0; i < s->frames; ++i)
          mono[i] = s->channels == 1 ? s->at(i, 0) : 0.5f * (s->at(i, 0) + s->at(i, 1));
      }
      if (mono.empty()) mono.assign(1, 0.0f);
      fileSamples_[k] = std::move(mono);
    }
  }
  // The files nodes write: their buffers zero-filled at every init, as a restart writes them
  // afresh (allocated here, never while a block plays).
  for (size_t k = 0; k < fileSlots_.size(); ++k)
    if (fileSlots_[k].output()) {
      uint64_t samples = outputFrames(fileSlots_[k].seconds, sampleRate) * fileSlots_[k].channels;
      if (samples > UINT32_MAX)
        throw std::runtime_error("the file \"" + fileSlots_[k].name + "\" needs " +
                                 std::to_string(samples) + " samples, more than a buffer holds");
      fileSamples_[k].assign(samples, 0.0f);
    }
  files_.clear();
  for (const std::vector<float>& f : fileSamples_)
    files_.push_back({f.data(), static_cast<uint32_t>(std::min<size_t>(f.size(), UINT32_MAX))});
  if (sounds_.empty()) return;
  std::shared_ptr<const SampleLibrary> library = library_;
  engine_ = VoiceEngine(
      sounds_,
      [library](std::string_view name, int64_t index) { return library->find(name, index); },
      busVoices_, shared_, sharedBuses_);
  engine_.reset(sampleRate, maxFrames, cps, start);
  for (const std::string& name : unknown_) engine_.alreadyReported(name);
  outputs_.assign(2 * sounds_.size(), nullptr);
}

void PatchSounds::process(phonon_block_context& ctx) {
  ctx.num_voice_players = static_cast<uint32_t>(sounds_.size());
  ctx.voice_outputs = nullptr;
  if (sounds_.empty()) return;
  engine_.process(ctx.frame_position, ctx.frames);
  for (uint32_t p = 0; p < sounds_.size(); ++p) {
    outputs_[2 * p] = engine_.left(p);
    outputs_[2 * p + 1] = engine_.right(p);
  }
  ctx.voice_outputs = outputs_.data();
}

std::vector<TapFile> PatchSounds::taps() const {
  std::vector<TapFile> taps;
  for (size_t k = 0; k < fileSlots_.size(); ++k) {
    const pattern::FileSlot& slot = fileSlots_[k];
    if (!slot.output()) continue;
    TapFile tap{slot.name, slot.channels, slot.seconds};
    if (k < fileSamples_.size() && !fileSamples_[k].empty()) {
      tap.samples = fileSamples_[k].data();
      tap.frames = fileSamples_[k].size() / slot.channels;
    }
    taps.push_back(std::move(tap));
  }
  return taps;
}

std::string PatchSounds::takeWarning() {
  if (warnings_.empty()) return engine_.takeWarning();
  std::string w = std::move(warnings_.front());
  warnings_.erase(warnings_.begin());
  return w;
}

void attachSchedule(phonon_block_context& ctx, const EventSchedule& schedule) {
  ctx.num_segments = schedule.segments();
  ctx.num_event_slots = schedule.slots();
  ctx.segment_starts = schedule.segmentStarts();
  ctx.segment_values = schedule.segmentValues();
}

} // namespace phonon::rt
