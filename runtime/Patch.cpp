#include "phonon/rt/Patch.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>

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
  std::free(data_);
}

void* Arena::reset(uint64_t bytes) {
  if (bytes == 0) return nullptr;
  if (bytes > capacity_) {
    std::free(data_);
    data_ = nullptr;
    capacity_ = 0;
    constexpr uint64_t kAlign = 64;
    uint64_t rounded = bytes > UINT64_MAX - kAlign ? 0 : (bytes + kAlign - 1) / kAlign * kAlign;
    if (rounded != 0 && rounded <= SIZE_MAX) data_ = std::aligned_alloc(kAlign, rounded);
    if (!data_) {
      char mib[32];
      std::snprintf(mib, sizeof mib, "%.1f", static_cast<double>(bytes) / (1024.0 * 1024.0));
      throw std::runtime_error(std::string("cannot allocate the patch's delay lines and tables: ") +
                               mib + " MiB at this sample rate");
    }
    capacity_ = rounded;
  }
  std::memset(data_, 0, bytes);
  return data_;
}

std::unique_ptr<DescriptorPatch> DescriptorPatch::create(const phonon_patch_descriptor* d,
                                                         std::shared_ptr<void> owner,
                                                         std::string& error) {
  if (d->abi_version != PHONON_PATCH_ABI_VERSION) {
    error = "compiled for patch ABI version " + std::to_string(d->abi_version) +
            ", this runtime speaks version " + std::to_string(PHONON_PATCH_ABI_VERSION) +
            "; recompile it with this phononc";
    return nullptr;
  }
  if (d->num_output_channels == 0 || d->num_output_channels > 256 || d->cps_num <= 0 ||
      d->cps_den <= 0 || !d->init || !d->process || !d->arena_size ||
      (d->program_size && !d->program) || d->program_size > (1u << 30) ||
      d->num_buffers > (1u << 24) || d->num_stems > 100 || (d->num_stems && !d->stem_names)) {
    error = "the patch descriptor is malformed";
    return nullptr;
  }
  for (uint32_t s = 0; s < d->num_stems; ++s)
    if (!d->stem_names[s]) {
      error = "the patch descriptor is malformed";
      return nullptr;
    }
  pattern::PatternProgram program;
  try {
    program = pattern::deserialize(std::string(reinterpret_cast<const char*>(d->program),
                                               static_cast<size_t>(d->program_size)));
  } catch (const std::exception& e) {
    error = std::string("cannot read the patch's pattern program: ") + e.what();
    return nullptr;
  }
  if (program.patterns.size() != d->num_event_slots) {
    error = "the patch's pattern program does not match its event slots";
    return nullptr;
  }
  return std::make_unique<DescriptorPatch>(d, std::move(owner), program);
}

DescriptorPatch::DescriptorPatch(const phonon_patch_descriptor* descriptor,
                                 std::shared_ptr<void> owner,
                                 const pattern::PatternProgram& program)
    : descriptor_(descriptor), owner_(std::move(owner)),
      schedule_(program, Rational(descriptor->cps_num, descriptor->cps_den)) {
  state_ = allocateState(descriptor_->state_size, descriptor_->state_align);
}

DescriptorPatch::~DescriptorPatch() {
  freeState(state_);
}

void DescriptorPatch::init(float sampleRate, uint32_t maxFrames) {
  schedule_.reset(static_cast<uint32_t>(sampleRate));
  std::memset(state_, 0, descriptor_->state_size);
  bufferStride_ = std::max<uint32_t>(1, maxFrames);
  buffers_.assign(static_cast<size_t>(descriptor_->num_buffers) * bufferStride_, 0.0f);
  void* arena = arena_.reset(descriptor_->arena_size(sampleRate));
  descriptor_->init(state_, sampleRate, arena);
}

void DescriptorPatch::process(const phonon_block_context& ctx) {
  schedule_.prepare(ctx.frame_position, ctx.frames);
  phonon_block_context full = ctx;
  attachSchedule(full, schedule_);
  full.buffers = buffers_.data();
  full.buffer_stride = bufferStride_;
  descriptor_->process(state_, &full);
}

void attachSchedule(phonon_block_context& ctx, const EventSchedule& schedule) {
  ctx.num_segments = schedule.segments();
  ctx.num_event_slots = schedule.slots();
  ctx.segment_starts = schedule.segmentStarts();
  ctx.segment_values = schedule.segmentValues();
}

} // namespace phonon::rt
