// The pattern algebra (LANGUAGE §4, DESIGN §3): a pattern is a function from a query span of
// exact rational cycles to events, each with an optional whole, a part and a value. The
// combinators below follow TidalCycles' definitions; transforms (Transforms.h) are built on them.
#pragma once

#include "phonon/pattern/Span.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

namespace phonon::pattern {

/// Where an event's atom was written: byte offsets in the source file (0, 0 when unknown).
struct SourceLoc {
  uint32_t begin = 0;
  uint32_t end = 0;
};

template <class T> struct Event {
  std::optional<Span> whole; ///< nothing for a continuous (analog) event
  Span part;                 ///< the fragment inside the query
  T value;
  SourceLoc loc;

  /// The fragment that starts at its whole's start (the one that starts a voice, §4.4).
  bool hasOnset() const { return whole && whole->begin == part.begin; }
  Span wholeOrPart() const { return whole ? *whole : part; }
  Time wholeBegin() const { return wholeOrPart().begin; }
  template <class U> Event<U> withValue(U v) const { return {whole, part, std::move(v), loc}; }
};

template <class T> class Pattern {
public:
  using EventList = std::vector<Event<T>>;
  using QueryFn = std::function<void(const Span&, EventList&)>;

  /// Silence.
  Pattern() = default;
  explicit Pattern(QueryFn fn) : fn_(std::make_shared<const QueryFn>(std::move(fn))) {}

  void queryInto(const Span& span, EventList& out) const {
    if (fn_) (*fn_)(span, out);
  }
  EventList query(const Span& span) const {
    EventList out;
    queryInto(span, out);
    return out;
  }
  EventList query(Time begin, Time end) const { return query(Span{begin, end}); }

  /// The value of a pattern made by pure(). Transforms given a constant argument use it
  /// directly instead of joining (Tidal's pureValue), so constants never cut events at cycles.
  const T* pureValue() const { return pure_.get(); }
  Pattern withPureValue(T v) const {
    Pattern p = *this;
    p.pure_ = std::make_shared<const T>(std::move(v));
    return p;
  }

private:
  std::shared_ptr<const QueryFn> fn_;
  std::shared_ptr<const T> pure_;
};

// ---- constructors -----------------------------------------------------------------------------

template <class T> Pattern<T> silence() {
  return Pattern<T>();
}

/// One event per cycle, its whole the cycle.
template <class T> Pattern<T> pure(T value, SourceLoc loc = {}) {
  Pattern<T> p([value, loc](const Span& span, typename Pattern<T>::EventList& out) {
    for (const Span& piece : span.cycles()) {
      QueryBudget::charge(1);
      out.push_back({piece.cycleSpan(), piece, value, loc});
    }
  });
  return p.withPureValue(value);
}

/// A continuous pattern: one event without a whole, valued f(query begin).
template <class T, class F> Pattern<T> signal(F f) {
  return Pattern<T>([f](const Span& span, typename Pattern<T>::EventList& out) {
    QueryBudget::charge(1);
    out.push_back({std::nullopt, span, f(span.begin), {}});
  });
}

// ---- query and event mapping --------------------------------------------------------------------

/// Queries cycle by cycle.
template <class T> Pattern<T> splitQueries(Pattern<T> p) {
  return Pattern<T>([p](const Span& span, typename Pattern<T>::EventList& out) {
    for (const Span& piece : span.cycles()) p.queryInto(piece, out);
  });
}

template <class T, class F> Pattern<T> withQuerySpan(Pattern<T> p, F f) {
  return Pattern<T>(
      [p, f](const Span& span, typename Pattern<T>::EventList& out) { p.queryInto(f(span), out); });
}

/// Like withQuerySpan, but f may return nothing (no events for that query).
template <class T, class F> Pattern<T> withQuerySpanMaybe(Pattern<T> p, F f) {
  return Pattern<T>([p, f](const Span& span, typename Pattern<T>::EventList& out) {
    if (std::optional<Span> s = f(span)) p.queryInto(*s, out);
  });
}

template <class T, class F> Pattern<T> withQueryTime(Pattern<T> p, F f) {
  return withQuerySpan(std::move(p), [f](const Span& s) { return s.withTime(f); });
}

/// Post-processes the events of every query.
template <class T, class F> Pattern<T> withEvents(Pattern<T> p, F f) {
  return Pattern<T>([p, f](const Span& span, typename Pattern<T>::EventList& out) {
    typename Pattern<T>::EventList events;
    p.queryInto(span, events);
    f(events, span);
    out.insert(out.end(), std::make_move_iterator(events.begin()),
               std::make_move_iterator(events.end()));
  });
}

/// Maps each event (return nothing to drop it).
template <class T, class F> Pattern<T> withEvent(Pattern<T> p, F f) {
  return Pattern<T>([p, f](const Span& span, typename Pattern<T>::EventList& out) {
    size_t start = out.size();
    p.queryInto(span, out);
    size_t keep = start;
    for (size_t i = start; i < out.size(); ++i) {
      std::optional<Event<T>> e = f(std::move(out[i]));
      if (e) out[keep++] = std::move(*e);
    }
    out.resize(keep);
  });
}

/// Applies f to the whole and the part of every event.
template <class T, class F> Pattern<T> withEventSpan(Pattern<T> p, F f) {
  return withEvent(std::move(p), [f](Event<T> e) -> std::optional<Event<T>> {
    if (e.whole) e.whole = f(*e.whole);
    e.part = f(e.part);
    return e;
  });
}

template <class T, class F> Pattern<T> withEventTime(Pattern<T> p, F f) {
  return withEventSpan(std::move(p), [f](const Span& s) { return s.withTime(f); });
}

template <class T, class F>
auto fmap(Pattern<T> p, F f) -> Pattern<decltype(f(std::declval<T>()))> {
  using U = decltype(f(std::declval<T>()));
  Pattern<U> result([p, f](const Span& span, typename Pattern<U>::EventList& out) {
    typename Pattern<T>::EventList events;
    p.queryInto(span, events);
    out.reserve(out.size() + events.size());
    for (Event<T>& e : events) out.push_back({e.whole, e.part, f(e.value), e.loc});
  });
  if (const T* v = p.pureValue()) return result.withPureValue(f(*v));
  return result;
}

template <class T, class F> Pattern<T> filterEvents(Pattern<T> p, F pred) {
  return withEvent(std::move(p), [pred](Event<T> e) -> std::optional<Event<T>> {
    if (pred(e)) return e;
    return std::nullopt;
  });
}

template <class T, class F> Pattern<T> filterValues(Pattern<T> p, F pred) {
  return filterEvents(std::move(p), [pred](const Event<T>& e) { return pred(e.value); });
}

/// Only the fragments that start at their whole's start.
template <class T> Pattern<T> filterOnsets(Pattern<T> p) {
  return filterEvents(std::move(p), [](const Event<T>& e) { return e.hasOnset(); });
}

// ---- applicative combination (LANGUAGE §3.7) -------------------------------------------------

/// Where the structure (the wholes) of a combination comes from.
enum class Structure { Left, Right, Both, Squeeze };

template <class A, class B, class F>
auto appLeft(Pattern<A> pa, Pattern<B> pb, F f)
    -> Pattern<decltype(f(std::declval<A>(), std::declval<B>()))> {
  using C = decltype(f(std::declval<A>(), std::declval<B>()));
  return Pattern<C>([pa, pb, f](const Span& span, typename Pattern<C>::EventList& out) {
    typename Pattern<A>::EventList left;
    pa.queryInto(span, left);
    typename Pattern<B>::EventList right;
    for (const Event<A>& el : left) {
      right.clear();
      pb.queryInto(el.wholeOrPart(), right);
      for (const Event<B>& er : right)
        if (std::optional<Span> part = el.part.intersection(er.part))
          out.push_back({el.whole, *part, f(el.value, er.value), el.loc});
    }
  });
}

template <class A, class B, class F>
auto appRight(Pattern<A> pa, Pattern<B> pb, F f)
    -> Pattern<decltype(f(std::declval<A>(), std::declval<B>()))> {
  using C = decltype(f(std::declval<A>(), std::declval<B>()));
  return Pattern<C>([pa, pb, f](const Span& span, typename Pattern<C>::EventList& out) {
    typename Pattern<B>::EventList right;
    pb.queryInto(span, right);
    typename Pattern<A>::EventList left;
    for (const Event<B>& er : right) {
      left.clear();
      pa.queryInto(er.wholeOrPart(), left);
      for (const Event<A>& el : left)
        if (std::optional<Span> part = er.part.intersection(el.part))
          out.push_back({er.whole, *part, f(el.value, er.value), er.loc});
    }
  });
}

template <class A, class B, class F>
auto appBoth(Pattern<A> pa, Pattern<B> pb, F f)
    -> Pattern<decltype(f(std::declval<A>(), std::declval<B>()))> {
  using C = decltype(f(std::declval<A>(), std::declval<B>()));
  Pattern<C> result([pa, pb, f](const Span& span, typename Pattern<C>::EventList& out) {
    typename Pattern<A>::EventList left;
    typename Pattern<B>::EventList right;
    pa.queryInto(span, left);
    pb.queryInto(span, right);
    for (const Event<A>& el : left)
      for (const Event<B>& er : right) {
        std::optional<Span> part = el.part.intersection(er.part);
        if (!part) continue;
        std::optional<Span> whole;
        if (el.whole && er.whole) {
          whole = el.whole->intersection(*er.whole);
          if (!whole) continue;
        }
        out.push_back({whole, *part, f(el.value, er.value), el.loc});
      }
  });
  if (pa.pureValue() && pb.pureValue())
    return result.withPureValue(f(*pa.pureValue(), *pb.pureValue()));
  return result;
}

// ---- time ------------------------------------------------------------------------------------

/// Shifts earlier by t cycles (`<~`, Tidal's rotL).
template <class T> Pattern<T> early(Time t, Pattern<T> p) {
  if (t == Time(0)) return p;
  return withEventTime(withQueryTime(std::move(p), [t](Time x) { return x + t; }),
                       [t](Time x) { return x - t; });
}

template <class T> Pattern<T> late(Time t, Pattern<T> p) {
  return early(-t, std::move(p));
}

template <class T> Pattern<T> rev(Pattern<T> p);

/// Speeds up by r; r = 0 is silence and r < 0 plays `rev` of fast |r| (LANGUAGE §6.2).
template <class T> Pattern<T> fast(Time r, Pattern<T> p) {
  if (r == Time(0)) return silence<T>();
  if (r < Time(0)) return rev(fast(-r, std::move(p)));
  if (r == Time(1)) return p;
  return withEventTime(withQueryTime(std::move(p), [r](Time x) { return x * r; }),
                       [r](Time x) { return x / r; });
}

template <class T> Pattern<T> slow(Time r, Pattern<T> p) {
  if (r == Time(0)) return silence<T>();
  return fast(Time(1) / r, std::move(p));
}

/// Mirrors each cycle: parts reflected in the cycle, wholes keep their offsets to their parts.
template <class T> Pattern<T> rev(Pattern<T> p) {
  Pattern<T> reflected([p](const Span& span, typename Pattern<T>::EventList& out) {
    Time c = span.begin.sam();
    Time next = c + Time(1);
    auto reflect = [&](const Span& s) { return Span{c + next - s.end, c + next - s.begin}; };
    typename Pattern<T>::EventList events;
    p.queryInto(reflect(span), events);
    for (Event<T>& e : events) {
      Span part = reflect(e.part);
      if (e.whole) {
        Time beginOffset = e.part.begin - e.whole->begin;
        Time endOffset = e.whole->end - e.part.end;
        e.whole = Span{part.begin - endOffset, part.end + beginOffset};
      }
      e.part = part;
      out.push_back(std::move(e));
    }
  });
  return splitQueries(reflected);
}

/// Each cycle's content squeezed into its first 1/r (r < 1 acts as 1), the rest silent.
template <class T> Pattern<T> fastGap(Time r, Pattern<T> p) {
  if (r <= Time(0)) return silence<T>();
  if (r < Time(1)) r = Time(1);
  Pattern<T> squeezed([p, r](const Span& span, typename Pattern<T>::EventList& out) {
    Time c = span.begin.sam();
    Time beginPos = min(Time(1), (span.begin - c) * r);
    Time endPos = min(Time(1), (span.end - c) * r);
    if (beginPos >= Time(1)) return;
    typename Pattern<T>::EventList events;
    p.queryInto(Span{c + beginPos, c + endPos}, events);
    for (Event<T>& e : events) {
      // Times map with t ↦ c + (t − c)/r, c the query's cycle.
      Time pc = e.part.begin.sam();
      Span part{pc + min(Time(1), (e.part.begin - pc) / r),
                pc + min(Time(1), (e.part.end - pc) / r)};
      if (e.whole)
        e.whole = Span{part.begin - (e.part.begin - e.whole->begin) / r,
                       part.end + (e.whole->end - e.part.end) / r};
      e.part = part;
      std::optional<Span> inside = e.part.intersection(span);
      if (!inside) continue;
      e.part = *inside;
      out.push_back(std::move(e));
    }
  });
  return splitQueries(squeezed);
}

/// The pattern squeezed into [b, e) of each cycle; silence unless 0 ≤ b ≤ e ≤ 1 and b < e.
template <class T> Pattern<T> compress(Time b, Time e, Pattern<T> p) {
  if (b > e || b > Time(1) || e > Time(1) || b < Time(0) || e < Time(0) || b == e)
    return silence<T>();
  return late(b, fastGap(Time(1) / (e - b), std::move(p)));
}

/// Like compress, without the gaps: the pattern keeps playing outside [b, e).
template <class T> Pattern<T> focus(Time b, Time e, Pattern<T> p) {
  if (b >= e) return silence<T>();
  return late(b, fast(Time(1) / (e - b), early(b.sam(), std::move(p))));
}

/// Per cycle c, output time c + x plays source time c + b + x·(e − b).
template <class T> Pattern<T> zoom(Time b, Time e, Pattern<T> p) {
  if (b >= e) return silence<T>();
  Time d = e - b;
  Pattern<T> q = withQuerySpan(std::move(p), [b, d](const Span& s) {
    return s.withCycle([b, d](Time t) { return t * d + b; });
  });
  q = withEventSpan(std::move(q), [b, d](const Span& s) {
    return s.withCycle([b, d](Time t) { return (t - b) / d; });
  });
  return splitQueries(q);
}

// ---- combining patterns --------------------------------------------------------------------

template <class T> Pattern<T> stack(std::vector<Pattern<T>> ps) {
  if (ps.empty()) return silence<T>();
  if (ps.size() == 1) return ps[0];
  return Pattern<T>([ps](const Span& span, typename Pattern<T>::EventList& out) {
    // Each layer is work even when it has no event here: a stack of a million copies (`echo
    // 1e6 …`) reaches the query's budget instead of running for minutes.
    QueryBudget::charge(ps.size());
    for (const Pattern<T>& p : ps) p.queryInto(span, out);
  });
}

/// Cycle c plays ps[c mod n] at that pattern's own cycle (c − i) div n.
template <class T> Pattern<T> slowcat(std::vector<Pattern<T>> ps) {
  if (ps.empty()) return silence<T>();
  if (ps.size() == 1) return ps[0];
  return Pattern<T>([ps](const Span& span, typename Pattern<T>::EventList& out) {
    const int64_t n = static_cast<int64_t>(ps.size());
    for (const Span& piece : span.cycles()) {
      int64_t cycle = piece.begin.floor();
      int64_t i = ((cycle % n) + n) % n;
      // Floored division (cycle − i) div n: exact since cycle − i is a multiple of n.
      Time offset = Time(cycle - (cycle - i) / n);
      size_t start = out.size();
      ps[static_cast<size_t>(i)].queryInto(Span{piece.begin - offset, piece.end - offset}, out);
      for (size_t k = start; k < out.size(); ++k) {
        Event<T>& e = out[k];
        if (e.whole) e.whole = Span{e.whole->begin + offset, e.whole->end + offset};
        e.part = Span{e.part.begin + offset, e.part.end + offset};
      }
    }
  });
}

template <class T> Pattern<T> fastcat(std::vector<Pattern<T>> ps) {
  Time n(static_cast<int64_t>(ps.size()));
  return fast(n, slowcat(std::move(ps)));
}

/// Each pattern compressed into its weighted share of the cycle.
template <class T> Pattern<T> timecat(std::vector<std::pair<Time, Pattern<T>>> parts) {
  Time total(0);
  for (const auto& [w, p] : parts) total = total + w;
  if (total <= Time(0)) return silence<T>();
  // One part filling the cycle is the pattern itself (compress would cut it at cycles).
  for (auto& [w, p] : parts)
    if (w == total) return p;
  std::vector<Pattern<T>> layers;
  Time begin(0);
  for (auto& [w, p] : parts) {
    Time end = begin + w;
    if (w > Time(0)) layers.push_back(compress(begin / total, end / total, std::move(p)));
    begin = end;
  }
  return stack(std::move(layers));
}

// ---- joins (patterns of patterns) ----------------------------------------------------------

/// Wholes from the inner patterns, each queried over its outer event's part (Tidal's innerJoin).
template <class T> Pattern<T> innerJoin(Pattern<Pattern<T>> pp) {
  return Pattern<T>([pp](const Span& span, typename Pattern<T>::EventList& out) {
    typename Pattern<Pattern<T>>::EventList outer;
    pp.queryInto(span, outer);
    for (const Event<Pattern<T>>& eo : outer) {
      size_t start = out.size();
      eo.value.queryInto(eo.part, out);
      // Keep only what falls inside the outer part (and so inside the query).
      size_t keep = start;
      for (size_t k = start; k < out.size(); ++k) {
        std::optional<Span> part = out[k].part.intersection(eo.part);
        if (!part) continue;
        out[k].part = *part;
        if (keep != k) out[keep] = std::move(out[k]);
        ++keep;
      }
      out.resize(keep);
    }
  });
}

/// Wholes and parts from the outer events; each inner pattern is sampled at its outer event's
/// whole start (Tidal's outerJoin).
template <class T> Pattern<T> outerJoin(Pattern<Pattern<T>> pp) {
  return Pattern<T>([pp](const Span& span, typename Pattern<T>::EventList& out) {
    typename Pattern<Pattern<T>>::EventList outer;
    pp.queryInto(span, outer);
    typename Pattern<T>::EventList inner;
    for (const Event<Pattern<T>>& eo : outer) {
      inner.clear();
      Time t = eo.wholeBegin();
      eo.value.queryInto(Span{t, t}, inner);
      for (Event<T>& ei : inner) out.push_back({eo.whole, eo.part, std::move(ei.value), eo.loc});
    }
  });
}

/// Each inner pattern's cycle squeezed into its outer event's whole (Tidal's squeezeJoin).
template <class T> Pattern<T> squeezeJoin(Pattern<Pattern<T>> pp) {
  return Pattern<T>([pp](const Span& span, typename Pattern<T>::EventList& out) {
    typename Pattern<Pattern<T>>::EventList outer;
    pp.queryInto(span, outer);
    typename Pattern<T>::EventList inner;
    for (const Event<Pattern<T>>& eo : outer) {
      Span w = eo.wholeOrPart();
      inner.clear();
      focus(w.begin, w.end, eo.value).queryInto(eo.part, inner);
      for (Event<T>& ei : inner) {
        std::optional<Span> whole;
        if (eo.whole && ei.whole) {
          whole = ei.whole->intersection(*eo.whole);
          if (!whole) continue;
        }
        std::optional<Span> part = ei.part.intersection(eo.part);
        if (!part) continue;
        out.push_back({whole, *part, std::move(ei.value), ei.loc});
      }
    }
  });
}

/// A transform with a patterned argument (Tidal's tParam): applied per argument event, inner
/// join; a constant argument is applied directly.
template <class A, class T, class F> Pattern<T> patterned(const Pattern<A>& arg, F f) {
  if (const A* v = arg.pureValue()) return f(*v);
  return innerJoin(fmap(arg, [f](const A& a) { return f(a); }));
}

/// Combines two patterns of values with the given structure.
template <class A, class B, class F>
auto combine(Structure s, Pattern<A> pa, Pattern<B> pb, F f)
    -> Pattern<decltype(f(std::declval<A>(), std::declval<B>()))> {
  using C = decltype(f(std::declval<A>(), std::declval<B>()));
  switch (s) {
  case Structure::Left:
    return appLeft(std::move(pa), std::move(pb), f);
  case Structure::Right:
    return appRight(std::move(pa), std::move(pb), f);
  case Structure::Both:
    return appBoth(std::move(pa), std::move(pb), f);
  case Structure::Squeeze:
    break;
  }
  return squeezeJoin(fmap(pa, [pb, f](const A& a) -> Pattern<C> {
    return fmap(pb, [a, f](const B& b) { return f(a, b); });
  }));
}

} // namespace phonon::pattern
