// Patterns as event-rate signals (LANGUAGE §4.3, DESIGN §2): once per block the runtime queries
// every pattern of the patch for the block's exact cycle span and cuts the block into segments
// at the samples where any event-rate value changes. The compiled code (and the interpreter)
// then run each segment with those values as constants.
#pragma once

#include "phonon/pattern/Program.h"
#include "phonon/support/Rational.h"

#include <cstdint>
#include <string>
#include <vector>

namespace phonon::rt {

class EventSchedule {
public:
  EventSchedule() = default;
  EventSchedule(const pattern::PatternProgram& program, Rational cps);

  /// Back to the start: every held value 0.
  void reset(uint32_t sampleRate);

  /// Computes the segments of the block [framePosition, framePosition + frames).
  void prepare(uint64_t framePosition, uint32_t frames);

  /// The cycle position of the first sample.
  Rational start() const { return start_; }
  /// From now on sample `frame` is at cycle `cycle` (and the clock moves at the schedule's
  /// tempo from there): a live session's new patch continues the old one's cycle position.
  void anchor(uint64_t frame, Rational cycle);
  uint32_t slots() const { return static_cast<uint32_t>(patterns_.size()); }
  uint32_t segments() const { return static_cast<uint32_t>(starts_.size()); }
  const uint32_t* segmentStarts() const { return starts_.data(); }
  /// segments() × slots() values, row by row.
  const float* segmentValues() const { return values_.data(); }

  /// A warning to give once (a pattern that exceeded its limits and was dropped for a block),
  /// or empty; cleared when read.
  std::string takeWarning();

private:
  /// Exact cycle position of sample k.
  Rational cycleAt(uint64_t k) const;
  /// The first sample whose cycle position is at or after t.
  int64_t firstSampleAtOrAfter(const Rational& t) const;

  std::vector<pattern::PatternV> patterns_;
  std::vector<pattern::SignalConversion> conversions_;
  Rational start_{0};
  std::vector<float> held_;
  Rational cps_{1, 2};
  uint32_t sampleRate_ = 48000;
  std::vector<uint32_t> starts_{0};
  std::vector<float> values_;
  std::vector<pattern::PatternV::EventList> events_;
  std::vector<char> continuous_;              ///< per slot: this block holds continuous events
  pattern::PatternV::EventList sampleEvents_; ///< a continuous slot queried at one sample
  std::string warning_;
  bool warned_ = false;
};

} // namespace phonon::rt
