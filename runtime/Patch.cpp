#include "phonon/rt/Patch.h"

#include <cstdlib>
#include <cstring>
#include <new>

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

DescriptorPatch::DescriptorPatch(const phonon_patch_descriptor* descriptor,
                                 std::shared_ptr<void> owner)
    : descriptor_(descriptor), owner_(std::move(owner)) {
  state_ = allocateState(descriptor_->state_size, descriptor_->state_align);
}

DescriptorPatch::~DescriptorPatch() {
  freeState(state_);
}

void DescriptorPatch::init(float sampleRate) {
  std::memset(state_, 0, descriptor_->state_size);
  descriptor_->init(state_, sampleRate);
}

void DescriptorPatch::process(const phonon_block_context& ctx) {
  descriptor_->process(state_, &ctx);
}

} // namespace phonon::rt
