// Spans of exact rational time and the cycle arithmetic patterns are built from
// (LANGUAGE §4.1). Semantics follow TidalCycles' Arc.
#pragma once

#include "phonon/support/Rational.h"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <vector>

namespace phonon::pattern {

using Time = Rational;

/// A query that would produce more events than allowed (LANGUAGE §10), or span too many cycles.
struct PatternLimitError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The most cycles one query may span, and the most events one cycle may produce.
constexpr int64_t kMaxQueryCycles = 1000000;

/// Bounds the work one query may do (on this thread, while alive): every event a leaf pattern
/// creates and every cycle piece a query is cut into is charged, so that neither dense patterns
/// nor deeply nested cycle splitting can exhaust memory or hang; running out throws
/// PatternLimitError.
class QueryBudget {
public:
  explicit QueryBudget(uint64_t events) : saved_(remaining()) { remaining() = events; }
  ~QueryBudget() { remaining() = saved_; }
  QueryBudget(const QueryBudget&) = delete;
  QueryBudget& operator=(const QueryBudget&) = delete;
  static void charge(uint64_t n) {
    uint64_t& r = remaining();
    if (n > r) throw PatternLimitError("the pattern produces more than 1000000 events per cycle");
    r -= n;
  }
  static constexpr uint64_t kEventsPerCycle = 1000000;

private:
  static uint64_t& remaining() {
    thread_local uint64_t r = UINT64_MAX;
    return r;
  }
  uint64_t saved_;
};

/// A half-open span [begin, end) of cycles. Zero-width spans are points in time.
struct Span {
  Time begin, end;

  friend bool operator==(const Span& a, const Span& b) {
    return a.begin == b.begin && a.end == b.end;
  }

  /// Tidal's subArc: the intersection, or nothing when the spans do not meet. A zero-width
  /// result at the end of a non-zero-width span counts as not meeting.
  std::optional<Span> intersection(const Span& o) const {
    Time b = max(begin, o.begin), e = min(end, o.end);
    if (b == e && b == end && begin < end) return std::nullopt;
    if (b == e && b == o.end && o.begin < o.end) return std::nullopt;
    if (b <= e) return Span{b, e};
    return std::nullopt;
  }

  /// The span cut at cycle boundaries. A zero-width span is returned whole.
  std::vector<Span> cycles() const {
    std::vector<Span> out;
    if (begin == end) {
      out.push_back(*this);
      return out;
    }
    if (end - begin > Time(kMaxQueryCycles))
      throw PatternLimitError("more than 1000000 cycles in one query (the pattern is too dense, or "
                              "the query too long)");
    QueryBudget::charge(static_cast<uint64_t>((end - begin).ceil()) + 1);
    Time b = begin;
    while (b < end) {
      Time next = b.nextSam();
      Time e = min(next, end);
      out.push_back({b, e});
      b = e;
    }
    return out;
  }

  /// Applies f to both ends.
  template <class F> Span withTime(F&& f) const { return {f(begin), f(end)}; }
  /// Applies f to both ends relative to the cycle of `begin` (Strudel's withCycle).
  template <class F> Span withCycle(F&& f) const {
    Time c = begin.sam();
    return {c + f(begin - c), c + f(end - c)};
  }
  /// The whole cycle this span starts in.
  Span cycleSpan() const { return {begin.sam(), begin.sam() + Time(1)}; }
};

} // namespace phonon::pattern
