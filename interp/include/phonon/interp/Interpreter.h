// The reference interpreter (DESIGN §1): runs an IR module sample by sample through the
// natively compiled node kernels — the same kernels the JIT inlines from bitcode.
#pragma once

#include "phonon/ir/Module.h"
#include "phonon/rt/Patch.h"

#include <vector>

namespace phonon::interp {

class InterpretedPatch final : public rt::Patch {
public:
  explicit InterpretedPatch(ir::Module module);
  ~InterpretedPatch() override;
  InterpretedPatch(const InterpretedPatch&) = delete;
  InterpretedPatch& operator=(const InterpretedPatch&) = delete;

  unsigned channels() const override { return module_.outputChannels(); }
  Rational cps() const override { return module_.cps; }
  Rational startCycle() const override { return module_.patterns.start; }
  void init(float sampleRate, uint32_t maxFrames) override;
  void process(const phonon_block_context& ctx) override;
  std::string takeWarning() override { return schedule_.takeWarning(); }

private:
  ir::Module module_;
  ir::StateLayout layout_;
  unsigned char* state_ = nullptr;
  std::vector<float> values_; ///< the current sample's value of every instruction
  std::vector<float> inputs_; ///< scratch: one node's operands
  std::vector<size_t> tempo_; ///< the tempo instructions, set at the start of every block
  rt::EventSchedule schedule_;
};

} // namespace phonon::interp
