#include "phonon/rt/EventSchedule.h"

#include <algorithm>

namespace phonon::rt {

namespace {

/// The columns of an event stream (onset, active), which read events rather than values.
bool isStream(pattern::SignalConversion c) {
  return c == pattern::SignalConversion::Onset || c == pattern::SignalConversion::Active;
}

} // namespace

EventSchedule::EventSchedule(const pattern::PatternProgram& program, Rational cps)
    : start_(program.start), cps_(cps) {
  for (const pattern::ProgramPattern& p : program.patterns) {
    patterns_.push_back(pattern::buildPattern(*p.expr));
    conversions_.push_back(p.conversion);
  }
  held_.assign(patterns_.size(), 0.0f);
  events_.resize(patterns_.size());
  continuous_.assign(patterns_.size(), 0);
  values_.assign(patterns_.size(), 0.0f);
}

void EventSchedule::reset(uint32_t sampleRate) {
  sampleRate_ = sampleRate;
  std::fill(held_.begin(), held_.end(), 0.0f);
  starts_.assign(1, 0);
  values_ = held_;
}

void EventSchedule::anchor(uint64_t frame, Rational cycle) {
  start_ = cycle - Rational(static_cast<int64_t>(frame)) * cps_ / Rational(sampleRate_);
}

Rational EventSchedule::cycleAt(uint64_t k) const {
  return start_ + Rational(static_cast<int64_t>(k)) * cps_ / Rational(sampleRate_);
}

int64_t EventSchedule::firstSampleAtOrAfter(const Rational& t) const {
  return ((t - start_) * Rational(sampleRate_) / cps_).ceil();
}

std::string EventSchedule::takeWarning() {
  std::string w = std::move(warning_);
  warning_.clear();
  return w;
}

void EventSchedule::prepare(uint64_t framePosition, uint32_t frames) {
  starts_.assign(1, 0);
  const size_t slots = patterns_.size();
  if (slots == 0) {
    values_.clear();
    return;
  }
  const int64_t first = static_cast<int64_t>(framePosition);
  pattern::Span span{cycleAt(framePosition), cycleAt(framePosition + frames)};
  uint64_t budget = pattern::QueryBudget::kEventsPerCycle *
                    static_cast<uint64_t>(std::max<int64_t>(1, (span.end - span.begin).ceil()));
  // Where values may change: every part boundary inside the block.
  for (size_t s = 0; s < slots; ++s) {
    events_[s].clear();
    const bool stream = isStream(conversions_[s]);
    try {
      pattern::QueryBudget limit(budget);
      // An onset column looks one sample back: an event whose whole begins after the previous
      // block's last sample has its onset on this block's first, and is then found whole.
      patterns_[s].queryInto(conversions_[s] == pattern::SignalConversion::Onset && first > 0
                                 ? pattern::Span{cycleAt(framePosition - 1), span.end}
                                 : span,
                             events_[s]);
    } catch (const std::exception& e) {
      // The excess of this block is dropped (LANGUAGE §10); the value holds. Warn once.
      events_[s].clear();
      if (!warned_) {
        warned_ = true;
        warning_ = std::string("a pattern was dropped for a block: ") + e.what();
      }
    }
    continuous_[s] = false;
    for (const pattern::EventV& e : events_[s]) {
      if (stream) {
        if (!e.whole) continue; // a continuous event is no event of a stream
        if (conversions_[s] == pattern::SignalConversion::Onset) {
          // The onset is a segment of its own, one sample long.
          if (!e.hasOnset()) continue;
          int64_t k = firstSampleAtOrAfter(e.whole->begin) - first;
          if (k > 0 && k < static_cast<int64_t>(frames))
            starts_.push_back(static_cast<uint32_t>(k));
          if (k >= 0 && k + 1 < static_cast<int64_t>(frames))
            starts_.push_back(static_cast<uint32_t>(k + 1));
          continue;
        }
      }
      // A continuous pattern (`rand`, `cosine`) has a value at every sample (LANGUAGE §3.4).
      if (!e.whole) continuous_[s] = true;
      for (const Rational& t : {e.part.begin, e.part.end}) {
        int64_t k = firstSampleAtOrAfter(t) - first;
        if (k > 0 && k < static_cast<int64_t>(frames)) starts_.push_back(static_cast<uint32_t>(k));
      }
    }
    if (continuous_[s])
      for (uint32_t k = 1; k < frames; ++k) starts_.push_back(k);
  }
  std::sort(starts_.begin(), starts_.end());
  starts_.erase(std::unique(starts_.begin(), starts_.end()), starts_.end());

  // The value of each segment: the active event (part containing the segment's first sample)
  // with the latest whole begin, ties to the first in query order; in a rest the last value.
  // An event stream's onset and active columns read the same event: whether it starts on this
  // segment's (one-sample) first sample, and whether there is one; rests are 0, not held.
  values_.resize(starts_.size() * slots);
  for (size_t seg = 0; seg < starts_.size(); ++seg) {
    Rational t = cycleAt(static_cast<uint64_t>(first + starts_[seg]));
    for (size_t s = 0; s < slots; ++s) {
      const pattern::EventV* active = nullptr;
      pattern::PatternV::EventList& events = continuous_[s] ? sampleEvents_ : events_[s];
      if (continuous_[s]) {
        // Queried at this sample: its span up to the next sample.
        sampleEvents_.clear();
        try {
          pattern::QueryBudget limit(pattern::QueryBudget::kEventsPerCycle);
          patterns_[s].queryInto({t, cycleAt(static_cast<uint64_t>(first + starts_[seg]) + 1)},
                                 sampleEvents_);
        } catch (const std::exception&) {
          sampleEvents_.clear(); // the value holds; the block query above warned
        }
      }
      for (const pattern::EventV& e : events) {
        if (!(e.part.begin <= t && t < e.part.end)) continue;
        if (isStream(conversions_[s]) && !e.whole) continue;
        if (!active || e.wholeBegin() > active->wholeBegin()) active = &e;
      }
      if (conversions_[s] == pattern::SignalConversion::Active) {
        values_[seg * slots + s] = active ? 1.0f : 0.0f;
        continue;
      }
      if (conversions_[s] == pattern::SignalConversion::Onset) {
        // 1 on the onset sample of the event selected there, which only the onset fragment
        // holds (a later fragment of it is cut by a transform or by the block's start).
        bool onset = active && active->hasOnset() &&
                     firstSampleAtOrAfter(active->whole->begin) == first + starts_[seg];
        values_[seg * slots + s] = onset ? 1.0f : 0.0f;
        continue;
      }
      if (active) {
        try {
          held_[s] = pattern::signalValue(active->value, conversions_[s]);
        } catch (const std::exception& e) {
          if (!warned_) {
            warned_ = true;
            warning_ = std::string("a pattern value is not a number: ") + e.what();
          }
        }
      }
      values_[seg * slots + s] = held_[s];
    }
  }
}

} // namespace phonon::rt
