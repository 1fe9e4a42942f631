// The transforms of LANGUAGE §6 on patterns of Values. Each follows the definition written in
// the spec's table; comments give the definition where the code alone would not say it.
#include "phonon/pattern/Transforms.h"

#include "phonon/pattern/Mini.h"
#include "phonon/pattern/Random.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace phonon::pattern {

PatternV pureValue(Value v) {
  return pattern::pure<Value>(std::move(v));
}

PatternV constantSteps(std::vector<Value> values, SourceLoc loc) {
  // fastcat of pure values, computed directly: O(events in the query), whatever the step count.
  if (values.empty()) return silence<Value>();
  QueryBudget::charge(values.size()); // building it is work too (inside a join, per event)
  auto shared = std::make_shared<const std::vector<Value>>(std::move(values));
  return PatternV([shared, loc](const Span& span, PatternV::EventList& out) {
    const int64_t n = static_cast<int64_t>(shared->size());
    for (const Span& piece : span.cycles()) {
      Rational c = piece.begin.sam();
      int64_t first = ((piece.begin - c) * Rational(n)).floor();
      for (int64_t i = first; i < n; ++i) {
        Span step{c + Rational(i, n), c + Rational(i + 1, n)};
        std::optional<Span> part = step.intersection(piece);
        if (!part) break;
        QueryBudget::charge(1);
        out.push_back({step, *part, (*shared)[static_cast<size_t>(i)], loc});
        if (piece.begin == piece.end) break;
      }
    }
  });
}
PatternV pureNumber(double v) {
  return pureValue(Value(v));
}
PatternV pureTime(Rational t) {
  return pureValue(Value::exact(t));
}

PatternV withArgs(const std::vector<PatternV>& args,
                  const std::function<PatternV(const std::vector<Value>&)>& f) {
  bool allPure = true;
  for (const PatternV& a : args) allPure = allPure && a.pureValue();
  if (allPure) {
    std::vector<Value> values;
    for (const PatternV& a : args) values.push_back(*a.pureValue());
    return f(values);
  }
  using Values = std::vector<Value>;
  Pattern<Values> combined = fmap(args[0], [](const Value& v) { return Values{v}; });
  for (size_t i = 1; i < args.size(); ++i)
    combined = appLeft(combined, args[i], [](Values vs, const Value& v) {
      vs.push_back(v);
      return vs;
    });
  return innerJoin(fmap(combined, [f](const Values& vs) { return f(vs); }));
}

namespace {

PatternV with1(const PatternV& a, const std::function<PatternV(const Value&)>& f) {
  return patterned<Value, Value>(a, f);
}

PatternV with2(const PatternV& a, const PatternV& b,
               const std::function<PatternV(const Value&, const Value&)>& f) {
  return withArgs({a, b}, [f](const std::vector<Value>& v) { return f(v[0], v[1]); });
}

PatternV with3(const PatternV& a, const PatternV& b, const PatternV& c,
               const std::function<PatternV(const Value&, const Value&, const Value&)>& f) {
  return withArgs({a, b, c}, [f](const std::vector<Value>& v) { return f(v[0], v[1], v[2]); });
}

/// Applies `f` to the cycles for which `test(cycle)` holds (Tidal's whenT), cycle by cycle.
PatternV whenCycle(std::function<bool(int64_t)> test, const Fn& f, const PatternV& p) {
  PatternV transformed = f(p);
  return splitQueries(PatternV([test, transformed, p](const Span& span, PatternV::EventList& out) {
    (test(span.begin.floor()) ? transformed : p).queryInto(span, out);
  }));
}

int64_t floorMod(int64_t a, int64_t n) {
  return ((a % n) + n) % n;
}

/// A count argument (copies, slices, steps): at most 1000000, and charged to the query's budget,
/// since building that many patterns inside a join is work done per event.
int64_t stepCount(const Value& v) {
  int64_t k = v.asInt();
  if (k > kMaxQueryCycles)
    throw PatternLimitError("a count of more than 1000000 (" + v.toString() + ")");
  if (k > 0) QueryBudget::charge(static_cast<uint64_t>(k));
  return k;
}

/// A control map view of a value: maps as they are, words become {s}, `name:i` lists {s, n},
/// numbers {n} (LANGUAGE §6.1: a word pattern is promoted to `s`).
ControlMap controlsOf(const Value& v) {
  if (v.isMap()) return v.asMap();
  if (v.isWord()) return {{"s", v}};
  if (v.isList() && !v.asList().empty()) {
    ControlMap m{{"s", v.asList()[0]}};
    if (v.asList().size() > 1) m["n"] = v.asList()[1];
    return m;
  }
  return {{"n", v}};
}

double controlNumber(const ControlMap& m, const char* name, double fallback) {
  auto it = m.find(name);
  return it == m.end() ? fallback : it->second.asNumber();
}

PatternV mapControls(const PatternV& p, std::function<void(ControlMap&)> f) {
  return fmap(p, [f](const Value& v) {
    ControlMap m = controlsOf(v);
    f(m);
    return Value::map(std::move(m));
  });
}

PatternV scaleControl(const PatternV& p, const char* name, double factor) {
  return mapControls(
      p, [name, factor](ControlMap& m) { m[name] = Value(controlNumber(m, name, 1.0) * factor); });
}

} // namespace

// ---- time and structure ----------------------------------------------------------------------

PatternV fast(const PatternV& r, const PatternV& p) {
  return with1(r, [p](const Value& v) { return pattern::fast(v.asTime(), p); });
}

PatternV slow(const PatternV& r, const PatternV& p) {
  return with1(r, [p](const Value& v) { return pattern::slow(v.asTime(), p); });
}

PatternV hurry(const PatternV& r, const PatternV& p) {
  return with1(r, [p](const Value& v) {
    return scaleControl(pattern::fast(v.asTime(), p), "speed", v.asNumber());
  });
}

PatternV fastGap(const PatternV& r, const PatternV& p) {
  return with1(r, [p](const Value& v) { return pattern::fastGap(v.asTime(), p); });
}

PatternV compress(const PatternV& b, const PatternV& e, const PatternV& p) {
  return with2(b, e, [p](const Value& vb, const Value& ve) {
    return pattern::compress(vb.asTime(), ve.asTime(), p);
  });
}

PatternV zoom(const PatternV& b, const PatternV& e, const PatternV& p) {
  return with2(b, e, [p](const Value& vb, const Value& ve) {
    return pattern::zoom(vb.asTime(), ve.asTime(), p);
  });
}

PatternV linger(const PatternV& f, const PatternV& p) {
  // fast (1/|f|) (zoom 0 f) for f > 0; fast (1/|f|) (zoom (1+f) 1) for f < 0.
  return with1(f, [p](const Value& v) {
    Rational x = v.asTime();
    if (x == Rational(0)) return silence<Value>();
    if (x > Rational(0)) return pattern::fast(Rational(1) / x, pattern::zoom(Rational(0), x, p));
    return pattern::fast(Rational(1) / -x, pattern::zoom(Rational(1) + x, Rational(1), p));
  });
}

PatternV segment(const PatternV& n, const PatternV& p) {
  // Steps of 1/n sample p: each step's whole is the step, its parts those of p inside it.
  return with1(n, [p](const Value& v) {
    return appLeft(pattern::fast(v.asTime(), pureValue(Value())), p,
                   [](const Value&, const Value& b) { return b; });
  });
}

PatternV rev(const PatternV& p) {
  return pattern::rev<Value>(p);
}

PatternV palindrome(const PatternV& p) {
  return slowcat<Value>({p, pattern::rev(p)});
}

namespace {

/// cat of the n shifts of p by i/n, earlier (iter) or later (iterBack).
PatternV iterate(const PatternV& n, const PatternV& p, bool earlier) {
  return with1(n, [p, earlier](const Value& v) {
    int64_t k = stepCount(v);
    if (k <= 0) return p;
    std::vector<PatternV> shifts;
    for (int64_t i = 0; i < k; ++i)
      shifts.push_back(pattern::early(earlier ? Rational(i, k) : Rational(-i, k), p));
    return slowcat(std::move(shifts));
  });
}

} // namespace

PatternV iter(const PatternV& n, const PatternV& p) {
  return iterate(n, p, true);
}
PatternV iterBack(const PatternV& n, const PatternV& p) {
  return iterate(n, p, false);
}

PatternV ply(const PatternV& n, const PatternV& p) {
  // Each event replaced by n copies of itself squeezed into its whole.
  return with1(n, [p](const Value& v) {
    Rational k = v.asTime();
    return squeezeJoin(fmap(p, [k](const Value& x) { return pattern::fast(k, pureValue(x)); }));
  });
}

PatternV stutter(const PatternV& n, const PatternV& t, const PatternV& p) {
  return with2(n, t, [p](const Value& vn, const Value& vt) {
    std::vector<PatternV> copies;
    Rational step = vt.asTime();
    for (int64_t i = 0, count = stepCount(vn); i < count; ++i)
      copies.push_back(pattern::late(step * Rational(i), p));
    return pattern::stack(std::move(copies));
  });
}

PatternV echo(const PatternV& n, const PatternV& t, const PatternV& fb, const PatternV& p) {
  return with3(n, t, fb, [p](const Value& vn, const Value& vt, const Value& vfb) {
    std::vector<PatternV> copies;
    for (int64_t i = 0, count = stepCount(vn); i < count; ++i)
      copies.push_back(scaleControl(pattern::late(vt.asTime() * Rational(i), p), "gain",
                                    std::pow(vfb.asNumber(), static_cast<double>(i))));
    return pattern::stack(std::move(copies));
  });
}

PatternV stut(const PatternV& n, const PatternV& fb, const PatternV& t, const PatternV& p) {
  return with3(n, fb, t, [p](const Value& vn, const Value& vfb, const Value& vt) {
    int64_t count = stepCount(vn);
    double feedback = vfb.asNumber();
    std::vector<PatternV> copies{mapControls(p, [](ControlMap&) {})};
    for (int64_t i = 1; i < count; ++i) {
      double gain =
          feedback + (1.0 - feedback) * static_cast<double>(count - i) / static_cast<double>(count);
      copies.push_back(scaleControl(pattern::late(vt.asTime() * Rational(i), p), "gain", gain));
    }
    return pattern::stack(std::move(copies));
  });
}

PatternV early(const PatternV& t, const PatternV& p) {
  return with1(t, [p](const Value& v) { return pattern::early(v.asTime(), p); });
}

PatternV late(const PatternV& t, const PatternV& p) {
  return with1(t, [p](const Value& v) { return pattern::late(v.asTime(), p); });
}

PatternV rot(const PatternV& n, const PatternV& p) {
  // Per cycle, values move n places among the events sorted by whole begin; times kept.
  return with1(n, [p](const Value& v) {
    int64_t shift = v.asInt();
    return splitQueries(PatternV([p, shift](const Span& span, PatternV::EventList& out) {
      PatternV::EventList events;
      p.queryInto(span.cycleSpan(), events);
      std::stable_sort(events.begin(), events.end(), [](const EventV& a, const EventV& b) {
        if (a.wholeBegin() != b.wholeBegin()) return a.wholeBegin() < b.wholeBegin();
        return a.part.begin < b.part.begin;
      });
      if (events.empty()) return;
      int64_t count = static_cast<int64_t>(events.size());
      std::vector<Value> values;
      for (const EventV& e : events) values.push_back(e.value);
      for (int64_t i = 0; i < count; ++i) {
        EventV e = events[static_cast<size_t>(i)];
        e.value = values[static_cast<size_t>(floorMod(i + shift, count))];
        if (std::optional<Span> part = e.part.intersection(span)) {
          e.part = *part;
          out.push_back(std::move(e));
        }
      }
    }));
  });
}

PatternV swingBy(const PatternV& x, const PatternV& n, const PatternV& p) {
  // inside n (within 0.5 1 (x ~>))
  return with2(x, n, [p](const Value& vx, const Value& vn) {
    PatternV shift = pureTime(vx.asTime());
    return inside(
        pureTime(vn.asTime()),
        [shift](const PatternV& q) {
          return within(
              pureTime(Rational(1, 2)), pureTime(Rational(1)),
              [shift](const PatternV& r) { return late(shift, r); }, q);
        },
        p);
  });
}

PatternV swing(const PatternV& n, const PatternV& p) {
  return swingBy(pureTime(Rational(1, 3)), n, p);
}

PatternV groove(const std::string& name, const PatternV& amount, const PatternV& p) {
  // swingBy (amount·x) n with the named (x, n); drunken = humanize (0.02·amount) 0.
  struct Feel {
    const char* name;
    Rational x;
    int64_t n;
  };
  static const Feel feels[] = {{"mpc", Rational(1, 6), 4},
                               {"hiphop", Rational(1, 4), 4},
                               {"jazz", Rational(1, 3), 4},
                               {"reggae", Rational(1, 3), 2},
                               {"one_drop", Rational(1, 2), 2}};
  if (name == "drunken")
    return with1(amount, [p](const Value& v) {
      return humanize(pureNumber(0.02 * v.asNumber()), pureNumber(0), p);
    });
  for (const Feel& f : feels)
    if (name == f.name)
      return with1(amount, [p, f](const Value& v) {
        return swingBy(pureTime(f.x * v.asTime()), pureTime(Rational(f.n)), p);
      });
  throw ValueError("unknown groove `" + name + "` (mpc, hiphop, jazz, reggae, one_drop, drunken)");
}

std::vector<bool> bjorklund(int k, int n) {
  // LANGUAGE §5.2: k groups [x] (A) and n − k groups [.] (B), redistributed until one list has
  // at most one group, then A followed by B. The groups of a list are always equal, so each list
  // is kept as one group and a count: O(n log n) rather than quadratic.
  if (n <= 0 || k <= 0) return std::vector<bool>(static_cast<size_t>(std::max(n, 0)), false);
  if (k >= n) return std::vector<bool>(static_cast<size_t>(n), true);
  std::vector<bool> groupA{true}, groupB{false};
  int64_t countA = k, countB = n - k;
  while (countA > 1 && countB > 1) {
    std::vector<bool> joined = groupA;
    joined.insert(joined.end(), groupB.begin(), groupB.end());
    if (countA > countB) {
      // Each B joins one of the first |B| groups of A; the rest of A becomes B.
      int64_t leftover = countA - countB;
      groupB = groupA;
      countA = countB;
      countB = leftover;
    } else {
      // The first |A| groups of B join the groups of A; the rest of B stays B.
      countB -= countA;
    }
    groupA = std::move(joined);
  }
  std::vector<bool> out;
  out.reserve(static_cast<size_t>(n));
  for (int64_t i = 0; i < countA; ++i) out.insert(out.end(), groupA.begin(), groupA.end());
  for (int64_t i = 0; i < countB; ++i) out.insert(out.end(), groupB.begin(), groupB.end());
  return out;
}

namespace {

using Bits = std::shared_ptr<const std::vector<bool>>;

/// The rotated pulse list; k < 0 gives the complementary steps, k > n counts as n. Computing a
/// list costs O(n log n), so results are remembered per thread and each new list is charged to
/// the query's budget (one event per 64 steps): a pattern cannot hang on Euclid arguments.
Bits euclidList(int64_t k, int64_t n, int64_t r) {
  // Each step is a potential event: more steps than a cycle may hold events is the limit of
  // LANGUAGE §10, not silence.
  if (n > static_cast<int64_t>(QueryBudget::kEventsPerCycle))
    throw PatternLimitError("euclid: more than 1000000 steps in a cycle");
  if (n <= 0 || k == 0) return nullptr;
  int64_t shift = floorMod(r, n);
  int64_t pulses = std::clamp<int64_t>(k, -n, n);
  thread_local std::map<std::tuple<int64_t, int64_t, int64_t>, Bits> cache;
  auto key = std::make_tuple(pulses, n, shift);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  QueryBudget::charge(static_cast<uint64_t>(n / 64 + 1));
  bool invert = pulses < 0;
  std::vector<bool> bits =
      bjorklund(static_cast<int>(invert ? -pulses : pulses), static_cast<int>(n));
  auto rotated = std::make_shared<std::vector<bool>>(bits.size());
  for (int64_t i = 0; i < n; ++i)
    (*rotated)[static_cast<size_t>(i)] = bits[static_cast<size_t>((i + shift) % n)] != invert;
  if (cache.size() >= 256) cache.clear();
  cache.emplace(key, rotated);
  return rotated;
}

/// fastcat of pure booleans, computed directly (Euclid may have up to 1000000 steps). With
/// `pulsesOnly` the false steps make no events: `filterValues(truthy)` of the whole sequence,
/// without visiting (and charging) the off-steps, so `x(3,1000000)` costs 3 events a cycle.
PatternV boolSequence(Bits shared, bool pulsesOnly = false) {
  const int64_t n = static_cast<int64_t>(shared->size());
  std::shared_ptr<const std::vector<int64_t>> pulses;
  if (pulsesOnly) {
    auto list = std::make_shared<std::vector<int64_t>>();
    for (int64_t i = 0; i < n; ++i)
      if ((*shared)[static_cast<size_t>(i)]) list->push_back(i);
    pulses = std::move(list);
  }
  return PatternV([shared, pulses, n](const Span& span, PatternV::EventList& out) {
    for (const Span& piece : span.cycles()) {
      Rational c = piece.begin.sam();
      const int64_t first = ((piece.begin - c) * Rational(n)).floor();
      auto emit = [&](int64_t i) {
        Span step{c + Rational(i, n), c + Rational(i + 1, n)};
        std::optional<Span> part = step.intersection(piece);
        if (!part) return false;
        QueryBudget::charge(1);
        out.push_back({step, *part, Value::boolean((*shared)[static_cast<size_t>(i)]), {}});
        return piece.begin != piece.end;
      };
      if (pulses) {
        for (auto it = std::lower_bound(pulses->begin(), pulses->end(), first);
             it != pulses->end() && emit(*it);)
          ++it;
      } else {
        for (int64_t i = first; i < n && emit(i); ++i) {
        }
      }
    }
  });
}

/// Structure from the true events of `bools`, values of p found there.
PatternV structFromBools(const PatternV& bools, const PatternV& p) {
  PatternV trues = filterValues(bools, [](const Value& v) { return v.truthy(); });
  return appLeft(trues, p, [](const Value&, const Value& x) { return x; });
}

PatternV euclidWith(const PatternV& k, const PatternV& n, const PatternV& r, const PatternV& p,
                    bool invert) {
  return with3(k, n, r, [p, invert](const Value& vk, const Value& vn, const Value& vr) {
    Bits bits = euclidList(vk.asInt(), vn.asInt(), vr.asInt());
    if (!bits) return silence<Value>();
    if (invert) {
      auto flipped = std::make_shared<std::vector<bool>>(*bits);
      flipped->flip();
      bits = flipped;
    }
    // Structure from the pulses, values of p found there.
    return appLeft(boolSequence(bits, true), p, [](const Value&, const Value& x) { return x; });
  });
}

} // namespace

PatternV euclidBools(int64_t k, int64_t n, int64_t r, bool pulsesOnly) {
  Bits bits = euclidList(k, n, r);
  return bits ? boolSequence(bits, pulsesOnly) : silence<Value>();
}

PatternV euclid(const PatternV& k, const PatternV& n, const PatternV& p) {
  return euclidWith(k, n, pureNumber(0), p, false);
}

PatternV euclidRot(const PatternV& k, const PatternV& n, const PatternV& r, const PatternV& p) {
  return euclidWith(k, n, r, p, false);
}

PatternV euclidInv(const PatternV& k, const PatternV& n, const PatternV& p) {
  return euclidWith(k, n, pureNumber(0), p, true);
}

PatternV euclidFull(const PatternV& k, const PatternV& n, const PatternV& pa, const PatternV& pb) {
  return pattern::stack<Value>({euclid(k, n, pa), euclidInv(k, n, pb)});
}

PatternV euclidLegatoRot(const PatternV& k, const PatternV& n, const PatternV& r,
                         const PatternV& p) {
  // Each pulse lasts until the next one (cyclically, so with a rotation the last pulse runs
  // into the next cycle).
  return with3(k, n, r, [p](const Value& vk, const Value& vn, const Value& vr) {
    Bits bits = euclidList(vk.asInt(), vn.asInt(), vr.asInt());
    if (!bits) return silence<Value>();
    // Pulse start steps; pulse j lasts until pulse j + 1 (the last until the first, n later).
    std::vector<int64_t> starts;
    for (size_t i = 0; i < bits->size(); ++i)
      if ((*bits)[i]) starts.push_back(static_cast<int64_t>(i));
    if (starts.empty()) return silence<Value>();
    const int64_t count = static_cast<int64_t>(bits->size());
    auto shared = std::make_shared<const std::vector<int64_t>>(std::move(starts));
    PatternV pulses([shared, count](const Span& span, PatternV::EventList& out) {
      const std::vector<int64_t>& st = *shared;
      // A pulse of cycle c − 1 may still sound in cycle c: look one cycle back.
      for (int64_t c = span.begin.floor() - 1; Rational(c) < span.end; ++c) {
        for (size_t j = 0; j < st.size(); ++j) {
          int64_t end = j + 1 < st.size() ? st[j + 1] : st[0] + count;
          Span whole{Rational(c) + Rational(st[j], count), Rational(c) + Rational(end, count)};
          if (whole.begin >= span.end) break;
          std::optional<Span> part = whole.intersection(span);
          if (!part) continue;
          QueryBudget::charge(1);
          out.push_back({whole, *part, Value::boolean(true), {}});
        }
      }
    });
    return structFromBools(pulses, p);
  });
}

PatternV euclidLegato(const PatternV& k, const PatternV& n, const PatternV& p) {
  return euclidLegatoRot(k, n, pureNumber(0), p);
}

PatternV structure(const PatternV& bools, const PatternV& p) {
  return structFromBools(bools, p);
}

PatternV mask(const PatternV& bools, const PatternV& p) {
  // Structure from p; only the parts where the booleans are true remain, wholes kept.
  PatternV trues = filterValues(bools, [](const Value& v) { return v.truthy(); });
  return appLeft(p, trues, [](const Value& x, const Value&) { return x; });
}

PatternV sew(const PatternV& bools, const PatternV& pt, const PatternV& pf) {
  // pt where true, pf where false: structures from pt and pf, parts cut by the booleans.
  PatternV trues = filterValues(bools, [](const Value& v) { return v.truthy(); });
  PatternV falses = filterValues(bools, [](const Value& v) { return !v.truthy(); });
  return pattern::stack<Value>(
      {mask(trues, pt), mask(fmap(falses, [](const Value&) { return Value::boolean(true); }), pf)});
}

PatternV stitch(const PatternV& bools, const PatternV& pt, const PatternV& pf) {
  // Structure from the booleans: true events take pt's value, false events pf's.
  PatternV trues = filterValues(bools, [](const Value& v) { return v.truthy(); });
  PatternV falses = filterValues(bools, [](const Value& v) { return !v.truthy(); });
  return pattern::stack<Value>(
      {appLeft(trues, pt, [](const Value&, const Value& x) { return x; }),
       appLeft(falses, pf, [](const Value&, const Value& x) { return x; })});
}

PatternV within(const PatternV& s, const PatternV& e, const Fn& f, const PatternV& p) {
  // stack [f p filtered to onsets with cycle position in [s, e), p filtered to the others].
  return with2(s, e, [f, p](const Value& vs, const Value& ve) {
    Rational b = vs.asTime(), end = ve.asTime();
    auto inside = [b, end](const EventV& ev) {
      Rational pos = ev.wholeBegin().cyclePos();
      return pos >= b && pos < end;
    };
    return pattern::stack<Value>(
        {filterEvents(f(p), inside),
         filterEvents(p, [inside](const EventV& ev) { return !inside(ev); })});
  });
}

PatternV inside(const PatternV& n, const Fn& f, const PatternV& p) {
  // fast n (f (slow n p))
  return with1(n, [f, p](const Value& v) {
    Rational k = v.asTime();
    return pattern::fast(k, f(pattern::slow(k, p)));
  });
}

PatternV outside(const PatternV& n, const Fn& f, const PatternV& p) {
  return with1(n, [f, p](const Value& v) {
    Rational k = v.asTime();
    if (k == Rational(0)) return silence<Value>();
    return pattern::fast(Rational(1) / k, f(pattern::slow(Rational(1) / k, p)));
  });
}

PatternV brak(const PatternV& p) {
  // Odd cycles: the cycle squeezed into its first half and shifted a quarter later.
  PatternV squeezed = pattern::late(Rational(1, 4), pattern::fastcat<Value>({p, silence<Value>()}));
  return whenCycle([](int64_t c) { return floorMod(c, 2) == 1; },
                   [squeezed](const PatternV&) { return squeezed; }, p);
}

PatternV pressBy(const PatternV& r, const PatternV& p) {
  // Each event moved to the last (1 − r) of its whole.
  return with1(r, [p](const Value& v) {
    Rational x = v.asTime();
    return squeezeJoin(fmap(p, [x](const Value& value) {
      return pattern::compress(x, Rational(1), pureValue(value));
    }));
  });
}

PatternV press(const PatternV& p) {
  return pressBy(pureTime(Rational(1, 2)), p);
}

PatternV range(const PatternV& lo, const PatternV& hi, const PatternV& p) {
  // v ↦ lo + (hi − lo)·v, structure from p (computed as v·(hi − lo) + lo).
  using Pair = std::pair<Value, Value>;
  Pattern<Pair> bounds = appBoth(lo, hi, [](const Value& a, const Value& b) { return Pair{a, b}; });
  return appLeft(p, bounds, [](const Value& v, const Pair& b) {
    double l = b.first.asNumber(), h = b.second.asNumber();
    return Value(v.asNumber() * (h - l) + l);
  });
}

PatternV quantize(const PatternV& q, const PatternV& p) {
  return appLeft(p, q, [](const Value& v, const Value& step) {
    double s = step.asNumber();
    if (s == 0) return v;
    return Value(std::nearbyint(v.asNumber() * s) / s); // round half to even
  });
}

// ---- conditions ---------------------------------------------------------------------------

PatternV every(const PatternV& n, const Fn& f, const PatternV& p) {
  return with1(n, [f, p](const Value& v) {
    int64_t k = stepCount(v);
    if (k == 0) return p;
    return whenCycle([k](int64_t c) { return floorMod(c, k) == 0; }, f, p);
  });
}

PatternV everyOffset(const PatternV& n, const PatternV& o, const Fn& f, const PatternV& p) {
  return with2(n, o, [f, p](const Value& vn, const Value& vo) {
    int64_t k = vn.asInt(), offset = vo.asInt();
    if (k == 0) return p;
    return whenCycle([k, offset](int64_t c) { return floorMod(c, k) == floorMod(offset, k); }, f,
                     p);
  });
}

PatternV whenmod(const PatternV& a, const PatternV& b, const Fn& f, const PatternV& p) {
  return with2(a, b, [f, p](const Value& va, const Value& vb) {
    int64_t m = va.asInt(), threshold = vb.asInt();
    if (m == 0) return p;
    return whenCycle([m, threshold](int64_t c) { return floorMod(c, m) >= threshold; }, f, p);
  });
}

PatternV firstOf(const PatternV& n, const Fn& f, const PatternV& p) {
  return every(n, f, p);
}

PatternV lastOf(const PatternV& n, const Fn& f, const PatternV& p) {
  return with1(n, [f, p](const Value& v) {
    int64_t k = stepCount(v);
    if (k == 0) return p;
    return whenCycle([k](int64_t c) { return floorMod(c, k) == k - 1; }, f, p);
  });
}

PatternV foldEvery(const std::vector<PatternV>& ns, const Fn& f, const PatternV& p) {
  // f applied once for each n in the list with c mod n = 0.
  PatternV result = p;
  for (const PatternV& n : ns) result = every(n, f, result);
  return result;
}

PatternV whenTrue(const PatternV& bools, const Fn& f, const PatternV& p) {
  return sew(bools, f(p), p);
}

PatternV chunk(const PatternV& n, const Fn& f, const PatternV& p) {
  // cat of n copies, copy i = within (i/n) ((i+1)/n) f p.
  return with1(n, [f, p](const Value& v) {
    int64_t k = stepCount(v);
    if (k <= 0) return p;
    std::vector<PatternV> copies;
    for (int64_t i = 0; i < k; ++i)
      copies.push_back(within(pureTime(Rational(i, k)), pureTime(Rational(i + 1, k)), f, p));
    return slowcat(std::move(copies));
  });
}

PatternV chunkBack(const PatternV& n, const Fn& f, const PatternV& p) {
  // As chunk, the chunks in reverse order starting with the last.
  return with1(n, [f, p](const Value& v) {
    int64_t k = stepCount(v);
    if (k <= 0) return p;
    std::vector<PatternV> copies;
    for (int64_t i = k - 1; i >= 0; --i)
      copies.push_back(within(pureTime(Rational(i, k)), pureTime(Rational(i + 1, k)), f, p));
    return slowcat(std::move(copies));
  });
}

// ---- randomness ---------------------------------------------------------------------------

namespace {

PatternV keepByRand(const PatternV& p, double amount, Rational shift, bool keepAbove) {
  return filterEvents(p, [amount, shift, keepAbove](const EventV& e) {
    double r = timeToRand(e.wholeBegin() + shift);
    return keepAbove ? r >= amount : r < amount;
  });
}

} // namespace

PatternV degradeBy(const PatternV& amount, const PatternV& p) {
  return with1(amount,
               [p](const Value& v) { return keepByRand(p, v.asNumber(), Rational(0), true); });
}

PatternV undegradeBy(const PatternV& amount, const PatternV& p) {
  return with1(amount,
               [p](const Value& v) { return keepByRand(p, v.asNumber(), Rational(0), false); });
}

PatternV degrade(const PatternV& p) {
  return degradeBy(pureNumber(0.5), p);
}
PatternV undegrade(const PatternV& p) {
  return undegradeBy(pureNumber(0.5), p);
}

PatternV degradeByWithSeed(double amount, int seed, const PatternV& p) {
  return keepByRand(p, amount, seedOffset(seed), true);
}

PatternV degradeSeed(const PatternV& seed, const PatternV& p) {
  return with1(seed, [p](const Value& v) {
    return keepByRand(p, 0.5, seedOffset(static_cast<int>(v.asInt())), true);
  });
}

PatternV sometimesBy(const PatternV& amount, const Fn& f, const PatternV& p) {
  // Per event: stack [degradeBy x p, f (undegradeBy x p)], r from the untransformed event.
  return with1(amount, [f, p](const Value& v) {
    PatternV x = pureValue(v);
    return pattern::stack<Value>({degradeBy(x, p), f(undegradeBy(x, p))});
  });
}

PatternV someCyclesBy(const PatternV& amount, const Fn& f, const PatternV& p) {
  // Per cycle: f in cycle c iff rand(c) < x.
  return with1(amount, [f, p](const Value& v) {
    double x = v.asNumber();
    return whenCycle([x](int64_t c) { return timeToRand(static_cast<double>(c)) < x; }, f, p);
  });
}

namespace {

/// Slot j of n in cycle c plays slice index(c, j) of the same cycle (Strudel's _rearrangeWith).
PatternV rearrange(int64_t n, const std::function<int64_t(int64_t cycle, int64_t slot)>& index,
                   const PatternV& p) {
  if (n <= 0) return silence<Value>();
  std::vector<PatternV> slices;
  for (int64_t i = 0; i < n; ++i)
    slices.push_back(pattern::fast(
        Rational(n),
        pattern::slowcat(std::vector<PatternV>(
            static_cast<size_t>(n), pattern::zoom(Rational(i, n), Rational(i + 1, n), p)))));
  // The outer pattern: one event per slot, its value the slice to play.
  Pattern<PatternV> outer([n, index, slices](const Span& span, Pattern<PatternV>::EventList& out) {
    for (const Span& piece : span.cycles()) {
      int64_t c = piece.begin.floor();
      Rational base(c);
      int64_t first = ((piece.begin - base) * Rational(n)).floor();
      for (int64_t j = first; j < n; ++j) {
        Span slot{base + Rational(j, n), base + Rational(j + 1, n)};
        std::optional<Span> part = slot.intersection(piece);
        if (!part) break;
        QueryBudget::charge(1);
        out.push_back({slot, *part, slices[static_cast<size_t>(index(c, j))], {}});
      }
    }
  });
  return innerJoin(outer);
}

} // namespace

PatternV shuffle(const PatternV& n, const PatternV& p) {
  // randrun: rands(c + 1/2, n) ordered ascending (ties keep index order).
  return with1(n, [p](const Value& v) {
    int64_t k = stepCount(v);
    return rearrange(
        k,
        [k](int64_t c, int64_t slot) {
          std::vector<double> r = timeToRands(static_cast<double>(c) + 0.5, static_cast<int>(k));
          std::vector<int64_t> order(static_cast<size_t>(k));
          for (int64_t i = 0; i < k; ++i) order[static_cast<size_t>(i)] = i;
          std::stable_sort(order.begin(), order.end(), [&r](int64_t a, int64_t b) {
            return r[static_cast<size_t>(a)] < r[static_cast<size_t>(b)];
          });
          return order[static_cast<size_t>(slot)];
        },
        p);
  });
}

PatternV scramble(const PatternV& n, const PatternV& p) {
  // Slot i plays part floor(n · rand(slot begin)).
  return with1(n, [p](const Value& v) {
    int64_t k = stepCount(v);
    return rearrange(
        k,
        [k](int64_t c, int64_t slot) {
          double r = timeToRand(Rational(c) + Rational(slot, k));
          return std::min<int64_t>(k - 1,
                                   static_cast<int64_t>(std::floor(r * static_cast<double>(k))));
        },
        p);
  });
}

PatternV humanize(const PatternV& t, const PatternV& v, const PatternV& p) {
  return with2(t, v, [p](const Value& vt, const Value& vv) {
    Time amount = vt.asTime();
    Time margin = amount < Time(0) ? -amount : amount;
    double level = vv.asNumber();
    // Shift each event by t·(2r − 1) cycles and scale its gain by (1 − v·r'). r is exact (k/2^29)
    // and the shift is rounded to the random-time grid, so that humanized (and nested) patterns
    // keep small denominators over any length of time.
    return PatternV([p, amount, margin, level](const Span& span, PatternV::EventList& out) {
      // Events can move by up to `amount` either way: query around the span, then keep what
      // lands inside it.
      PatternV::EventList events;
      p.queryInto(Span{span.begin - margin, span.end + margin}, events);
      for (EventV& e : events) {
        Time r = timeToRandExact(e.wholeBegin());
        double r2 = timeToRand(e.wholeBegin() + Rational(1, 2));
        Time shift = (amount * (Time(2) * r - Time(1))).roundToGrid(kRandomTimeGridBits);
        if (e.whole) e.whole = Span{e.whole->begin + shift, e.whole->end + shift};
        e.part = Span{e.part.begin + shift, e.part.end + shift};
        std::optional<Span> part = e.part.intersection(span);
        if (!part) continue;
        e.part = *part;
        ControlMap m = controlsOf(e.value);
        m["gain"] = Value(controlNumber(m, "gain", 1.0) * (1.0 - level * r2));
        e.value = Value::map(std::move(m));
        out.push_back(std::move(e));
      }
    });
  });
}

PatternV stripe(const PatternV& n, const PatternV& p) {
  // Per cycle c, n copies of the source's cycle c at random lengths: weights |rands(c + 1/2, n)|,
  // normalised. The weights are exact (k/2^29, a zero counting as 1/2^29); each copy's
  // boundaries are rounded to the random-time grid, so nested stripes keep small denominators.
  return with1(n, [p](const Value& v) {
    int64_t k = stepCount(v);
    if (k <= 0) return silence<Value>();
    return splitQueries(PatternV([p, k](const Span& span, PatternV::EventList& out) {
      int64_t c = span.begin.floor();
      std::vector<int32_t> r =
          timeToRandNumerators(static_cast<double>(c) + 0.5, static_cast<int>(k));
      int64_t total = 0;
      for (int32_t w : r) total += std::max<int64_t>(std::abs(static_cast<int64_t>(w)), 1);
      // The source's cycle c at cycle 0, squeezed into each copy, and moved back to cycle c.
      PatternV source = pattern::early(Rational(c), p);
      std::vector<PatternV> copies;
      int64_t sum = 0;
      Time begin(0);
      for (int32_t w : r) {
        sum += std::max<int64_t>(std::abs(static_cast<int64_t>(w)), 1);
        Time end = Rational(sum, total).roundToGrid(kRandomTimeGridBits);
        if (end > begin) copies.push_back(pattern::compress(begin, end, source));
        begin = end;
      }
      pattern::late(Rational(c), pattern::stack(std::move(copies))).queryInto(span, out);
    }));
  });
}

// ---- layering -------------------------------------------------------------------------------

PatternV off(const PatternV& t, const Fn& f, const PatternV& p) {
  return pattern::stack<Value>({p, f(late(t, p))});
}

PatternV superimpose(const std::vector<Fn>& fs, const PatternV& p) {
  std::vector<PatternV> layers{p};
  for (const Fn& f : fs) layers.push_back(f(p));
  return pattern::stack(std::move(layers));
}

PatternV layer(const std::vector<Fn>& fs, const PatternV& p) {
  std::vector<PatternV> layers;
  for (const Fn& f : fs) layers.push_back(f(p));
  return pattern::stack(std::move(layers));
}

PatternV juxBy(const PatternV& amount, const Fn& f, const PatternV& p) {
  // stack [p |+ pan (−a), f (p |+ pan a)], a missing pan counting as 0.
  return with1(amount, [f, p](const Value& v) {
    double a = v.asNumber();
    auto panBy = [](const PatternV& q, double delta) {
      return mapControls(
          q, [delta](ControlMap& m) { m["pan"] = Value(controlNumber(m, "pan", 0.0) + delta); });
    };
    return pattern::stack<Value>({panBy(p, -a), f(panBy(p, a))});
  });
}

PatternV jux(const Fn& f, const PatternV& p) {
  return juxBy(pureNumber(1), f, p);
}

PatternV ghostWith(const PatternV& a, const Fn& f, const PatternV& p) {
  return with1(a, [f, p](const Value& v) {
    Rational t = v.asTime();
    auto shifted = [f](Rational by) {
      return [f, by](const PatternV& q) { return pattern::late(by, f(q)); };
    };
    PatternV inner = superimpose({shifted(t * Rational(3, 2))}, p);
    return superimpose({shifted(t * Rational(5, 2))}, inner);
  });
}

PatternV ghost(const PatternV& p) {
  return ghostWith(
      pureTime(Rational(1, 8)),
      [](const PatternV& q) {
        return mapControls(q, [](ControlMap& m) {
          m["gain"] = Value(controlNumber(m, "gain", 1.0) * 0.7);
          m["end"] = Value(0.2);
          m["speed"] = Value(controlNumber(m, "speed", 1.0) * 1.25);
        });
      },
      p);
}

PatternV spin(const PatternV& n, const PatternV& p) {
  // stack over i < n of (early (i/n) p # pan (2i/n − 1)).
  return with1(n, [p](const Value& v) {
    int64_t k = stepCount(v);
    std::vector<PatternV> copies;
    for (int64_t i = 0; i < k; ++i) {
      double pan = 2.0 * static_cast<double>(i) / static_cast<double>(k) - 1.0;
      copies.push_back(mapControls(pattern::early(Rational(i, k), p),
                                   [pan](ControlMap& m) { m["pan"] = Value(pan); }));
    }
    return pattern::stack(std::move(copies));
  });
}

PatternV weave(const PatternV& t, const PatternV& ctl, const std::vector<PatternV>& ps) {
  // stack over i < k of (p_i # late (i·t/k) (slow t ctl)).
  return with1(t, [ctl, ps](const Value& v) {
    Rational span = v.asTime();
    int64_t k = static_cast<int64_t>(ps.size());
    std::vector<PatternV> layers;
    for (int64_t i = 0; i < k; ++i) {
      PatternV control = pattern::late(span * Rational(i, k), pattern::slow(span, ctl));
      layers.push_back(
          appLeft(ps[static_cast<size_t>(i)], control, [](const Value& a, const Value& b) {
            ControlMap m = controlsOf(a);
            for (const auto& [name, value] : controlsOf(b)) m[name] = value;
            return Value::map(std::move(m));
          }));
    }
    return pattern::stack(std::move(layers));
  });
}

PatternV plyWith(const PatternV& n, const Fn& f, const PatternV& p) {
  // Each event split into n: the value, f of it, f (f of it), … squeezed into the event.
  return with1(n, [f, p](const Value& v) {
    int64_t k = stepCount(v);
    if (k <= 1) return p;
    return squeezeJoin(fmap(p, [f, k](const Value& x) {
      std::vector<PatternV> parts{pureValue(x)};
      for (int64_t i = 1; i < k; ++i) parts.push_back(f(parts.back()));
      return pattern::fastcat(std::move(parts));
    }));
  });
}

PatternV echoWith(const PatternV& n, const PatternV& t, const Fn& f, const PatternV& p) {
  // Copy i shifted by i·t with f applied i times.
  return with2(n, t, [f, p](const Value& vn, const Value& vt) {
    int64_t count = stepCount(vn);
    Rational step = vt.asTime();
    std::vector<PatternV> copies{p};
    PatternV current = p;
    for (int64_t i = 1; i < count; ++i) {
      current = f(pattern::late(step, current));
      copies.push_back(current);
    }
    return pattern::stack(std::move(copies));
  });
}

// ---- samples and controls -------------------------------------------------------------------

PatternV setControl(const std::string& name, const PatternV& value, const PatternV& p) {
  return appLeft(p, value, [name](const Value& a, const Value& b) {
    ControlMap m = controlsOf(a);
    m[name] = b;
    return Value::map(std::move(m));
  });
}

PatternV controlPattern(const std::string& name, const PatternV& values) {
  return fmap(values, [name](const Value& v) { return Value::map({{name, v}}); });
}

PatternV chop(const PatternV& n, const PatternV& p) {
  // Each event cut into n equal events; piece i plays sub-range i of the event's own range.
  return with1(n, [p](const Value& v) {
    int64_t k = stepCount(v);
    if (k <= 0) return silence<Value>();
    return withEvents(p, [k](PatternV::EventList& events, const Span&) {
      PatternV::EventList out;
      for (const EventV& e : events) {
        if (!e.whole) continue;
        Rational d = (e.whole->end - e.whole->begin) / Rational(k);
        ControlMap m = controlsOf(e.value);
        double b0 = controlNumber(m, "begin", 0.0), e0 = controlNumber(m, "end", 1.0);
        int64_t first = std::max<int64_t>(0, ((e.part.begin - e.whole->begin) / d).floor());
        int64_t last = std::min<int64_t>(k - 1, ((e.part.end - e.whole->begin) / d).floor());
        for (int64_t i = first; i <= last; ++i) {
          Span piece{e.whole->begin + d * Rational(i), e.whole->begin + d * Rational(i + 1)};
          std::optional<Span> part = piece.intersection(e.part);
          if (!part) continue;
          ControlMap pm = m;
          pm["begin"] = Value(b0 + (e0 - b0) * static_cast<double>(i) / static_cast<double>(k));
          pm["end"] = Value(b0 + (e0 - b0) * static_cast<double>(i + 1) / static_cast<double>(k));
          out.push_back({piece, *part, Value::map(std::move(pm)), e.loc});
        }
      }
      events = std::move(out);
    });
  });
}

PatternV gap(const PatternV& n, const PatternV& p) {
  // chop n, keeping only the even-numbered pieces.
  return with1(n, [p](const Value& v) {
    int64_t k = stepCount(v);
    if (k <= 0) return silence<Value>();
    PatternV chopped = chop(pureNumber(static_cast<double>(k)), p);
    return filterEvents(chopped, [k](const EventV& e) {
      double begin = controlNumber(e.value.asMap(), "begin", 0.0);
      double end = controlNumber(e.value.asMap(), "end", 1.0);
      double width = end - begin;
      (void)k;
      int64_t index = width > 0 ? static_cast<int64_t>(std::llround(begin / width)) : 0;
      return index % 2 == 0;
    });
  });
}

PatternV striate(const PatternV& n, const PatternV& p) {
  // fastcat of n copies of the cycle; copy i plays sub-range i/n … (i+1)/n.
  return with1(n, [p](const Value& v) {
    int64_t k = stepCount(v);
    if (k <= 0) return silence<Value>();
    std::vector<PatternV> copies;
    for (int64_t i = 0; i < k; ++i) {
      double b = static_cast<double>(i) / static_cast<double>(k);
      double e = static_cast<double>(i + 1) / static_cast<double>(k);
      copies.push_back(mapControls(p, [b, e](ControlMap& m) {
        m["begin"] = Value(b);
        m["end"] = Value(e);
      }));
    }
    return pattern::fastcat(std::move(copies));
  });
}

PatternV slice(const PatternV& n, const PatternV& i, const PatternV& p) {
  // Structure from the index pattern; each event plays p with begin = (i mod n)/n.
  PatternV indices = appLeft(i, n, [](const Value& vi, const Value& vn) {
    double count = vn.asNumber();
    double index = std::floor(vi.asNumber());
    double wrapped = count > 0 ? index - count * std::floor(index / count) : 0;
    return Value::list(
        {Value(count > 0 ? wrapped / count : 0), Value(count > 0 ? 1.0 / count : 0)});
  });
  return appLeft(indices, p, [](const Value& range, const Value& x) {
    ControlMap m = controlsOf(x);
    double begin = range.asList()[0].asNumber();
    m["begin"] = Value(begin);
    m["end"] = Value(begin + range.asList()[1].asNumber());
    return Value::map(std::move(m));
  });
}

PatternV splice(const PatternV& n, const PatternV& i, const PatternV& p) {
  // slice, plus unit "c" and speed × (1/n)/(event duration in cycles).
  PatternV sliced = slice(n, i, p);
  PatternV withN = appLeft(sliced, n, [](const Value& x, const Value& vn) {
    ControlMap m = x.asMap();
    m["__slices"] = vn;
    return Value::map(std::move(m));
  });
  return withEvent(withN, [](EventV e) -> std::optional<EventV> {
    ControlMap m = e.value.asMap();
    double count = m["__slices"].asNumber();
    m.erase("__slices");
    double length = (e.wholeOrPart().end - e.wholeOrPart().begin).toDouble();
    m["speed"] = Value(controlNumber(m, "speed", 1.0) * (1.0 / count) / length);
    m["unit"] = Value::word("c");
    e.value = Value::map(std::move(m));
    return e;
  });
}

PatternV loopAt(const PatternV& n, const PatternV& p) {
  // slow n p, speed × 1/n, unit "c".
  return with1(n, [p](const Value& v) {
    double k = v.asNumber();
    return mapControls(pattern::slow(v.asTime(), p), [k](ControlMap& m) {
      m["speed"] = Value(controlNumber(m, "speed", 1.0) / k);
      m["unit"] = Value::word("c");
    });
  });
}

PatternV legato(const PatternV& x, const PatternV& p) {
  return setControl("legato", x, p);
}

PatternV dur(const PatternV& s, const PatternV& p) {
  return setControl("dur", s, p);
}

PatternV bite(const PatternV& n, const PatternV& i, const PatternV& p) {
  // Structure from i: each event plays slice (i mod n) of p squeezed into it.
  return with1(n, [i, p](const Value& vn) {
    int64_t count = stepCount(vn);
    if (count <= 0) return silence<Value>();
    return squeezeJoin(fmap(i, [count, p](const Value& vi) {
      int64_t index = floorMod(vi.asInt(), count);
      return pattern::zoom(Rational(index, count), Rational(index + 1, count), p);
    }));
  });
}

PatternV chew(const PatternV& n, const PatternV& i, const PatternV& p) {
  // bite, and speed × (slice length / event length).
  return with1(n, [i, p](const Value& vn) {
    int64_t count = stepCount(vn);
    if (count <= 0) return silence<Value>();
    PatternV indices = fmap(i, [](const Value& v) { return v; });
    return squeezeJoin(
        Pattern<PatternV>([indices, count, p](const Span& span, Pattern<PatternV>::EventList& out) {
          PatternV::EventList events;
          indices.queryInto(span, events);
          for (const EventV& e : events) {
            int64_t index = floorMod(e.value.asInt(), count);
            double eventLength = (e.wholeOrPart().end - e.wholeOrPart().begin).toDouble();
            double factor = (1.0 / static_cast<double>(count)) / eventLength;
            PatternV slicePattern =
                scaleControl(pattern::zoom(Rational(index, count), Rational(index + 1, count), p),
                             "speed", factor);
            out.push_back({e.whole, e.part, slicePattern, e.loc});
          }
        }));
  });
}

// ---- cycles ---------------------------------------------------------------------------------

PatternV repeatCycles(const PatternV& n, const PatternV& p) {
  // Each source cycle played n times in a row: cat of n copies (each keeps its cycle count).
  return with1(n, [p](const Value& v) {
    int64_t k = stepCount(v);
    if (k <= 0) return silence<Value>();
    return slowcat(std::vector<PatternV>(static_cast<size_t>(k), p));
  });
}

PatternV ribbon(const PatternV& offset, const PatternV& cycles, const PatternV& p) {
  // Output time t plays source o + (t mod l).
  return with2(offset, cycles, [p](const Value& vo, const Value& vl) {
    Rational o = vo.asTime(), l = vl.asTime();
    if (l <= Rational(0)) return silence<Value>();
    return PatternV([p, o, l](const Span& span, PatternV::EventList& out) {
      Rational b = span.begin;
      do {
        int64_t k = (b / l).floor();
        Rational segmentEnd = min(span.end, l * Rational(k + 1));
        Rational shift = o - l * Rational(k);
        size_t start = out.size();
        p.queryInto(Span{b + shift, segmentEnd + shift}, out);
        for (size_t i = start; i < out.size(); ++i) {
          EventV& e = out[i];
          if (e.whole) e.whole = Span{e.whole->begin - shift, e.whole->end - shift};
          e.part = Span{e.part.begin - shift, e.part.end - shift};
        }
        b = segmentEnd;
      } while (b < span.end);
    });
  });
}

PatternV focus(const PatternV& b, const PatternV& e, const PatternV& p) {
  return with2(b, e, [p](const Value& vb, const Value& ve) {
    return pattern::focus(vb.asTime(), ve.asTime(), p);
  });
}

namespace {

/// Keeps only the parts within [c + b, c + e) of each cycle c (wholes kept).
PatternV keepWithinCycle(const PatternV& p, Rational b, Rational e) {
  return splitQueries(PatternV([p, b, e](const Span& span, PatternV::EventList& out) {
    Rational c = span.begin.sam();
    std::optional<Span> window = span.intersection(Span{c + b, c + e});
    if (!window || window->begin == window->end) return;
    p.queryInto(*window, out);
  }));
}

} // namespace

PatternV trunc(const PatternV& f, const PatternV& p) {
  return with1(f, [p](const Value& v) { return keepWithinCycle(p, Rational(0), v.asTime()); });
}

PatternV trim(const PatternV& b, const PatternV& e, const PatternV& p) {
  return with2(b, e, [p](const Value& vb, const Value& ve) {
    return keepWithinCycle(p, vb.asTime(), ve.asTime());
  });
}

PatternV fit(const PatternV& step, const std::vector<Value>& values, const PatternV& p) {
  // Event value k of cycle c becomes v[(k + c·step) mod len].
  return with1(step, [values, p](const Value& vs) {
    int64_t s = vs.asInt();
    int64_t len = static_cast<int64_t>(values.size());
    if (len == 0) return silence<Value>();
    return withEvent(p, [values, s, len](EventV e) -> std::optional<EventV> {
      int64_t c = e.wholeBegin().floor();
      int64_t k = e.value.asInt();
      e.value = values[static_cast<size_t>(floorMod(k + c * s, len))];
      return e;
    });
  });
}

namespace {

PatternV resetWith(const PatternV& bools, const PatternV& p, bool fromCycleStart) {
  // Inside each true event of b with whole [t0, t1): output time t plays p at t − offset, with
  // offset t0 − floor(t0) (reset) or t0 (restart); events cut to [t0, t1).
  PatternV trues = filterValues(bools, [](const Value& v) { return v.truthy(); });
  return PatternV([trues, p, fromCycleStart](const Span& span, PatternV::EventList& out) {
    PatternV::EventList triggers;
    trues.queryInto(span, triggers);
    for (const EventV& t : triggers) {
      Span w = t.wholeOrPart();
      Rational offset = fromCycleStart ? w.begin.cyclePos() : w.begin;
      size_t start = out.size();
      p.queryInto(Span{t.part.begin - offset, t.part.end - offset}, out);
      size_t keep = start;
      for (size_t i = start; i < out.size(); ++i) {
        EventV e = out[i];
        if (e.whole) e.whole = Span{e.whole->begin + offset, e.whole->end + offset};
        e.part = Span{e.part.begin + offset, e.part.end + offset};
        if (e.whole) {
          std::optional<Span> whole = e.whole->intersection(w);
          if (!whole) continue;
          e.whole = whole;
        }
        std::optional<Span> part = e.part.intersection(t.part);
        if (!part) continue;
        e.part = *part;
        out[keep++] = std::move(e);
      }
      out.resize(keep);
    }
  });
}

} // namespace

PatternV reset(const PatternV& bools, const PatternV& p) {
  return resetWith(bools, p, true);
}
PatternV restart(const PatternV& bools, const PatternV& p) {
  return resetWith(bools, p, false);
}

PatternV smooth(const PatternV& p) {
  // Continuous: linear interpolation from each event's value to the next event's value.
  return PatternV([p](const Span& span, PatternV::EventList& out) {
    Rational t = span.begin;
    PatternV::EventList here, next;
    p.queryInto(Span{t, t}, here);
    const EventV* current = nullptr;
    for (const EventV& e : here)
      if (e.whole && (!current || e.whole->begin > current->whole->begin)) current = &e;
    if (!current) return;
    Span w = *current->whole;
    p.queryInto(Span{w.end, w.end}, next);
    const EventV* following = nullptr;
    for (const EventV& e : next)
      if (e.whole && e.whole->begin == w.end) following = &e;
    double a = current->value.asNumber();
    double b = following ? following->value.asNumber() : a;
    double x = ((t - w.begin) / (w.end - w.begin)).toDouble();
    QueryBudget::charge(1);
    out.push_back({std::nullopt, span, Value(a + (b - a) * x), current->loc});
  });
}

// ---- values ---------------------------------------------------------------------------------

PatternV arithmetic(ArithOp op, Structure s, const PatternV& a, const PatternV& b) {
  return combine(s, a, b,
                 [op](const Value& x, const Value& y) { return pattern::arithmetic(op, x, y); });
}

PatternV setValues(Structure s, const PatternV& a, const PatternV& b) {
  return combine(s, a, b, [](const Value& x, const Value& y) {
    if (x.isMap() && y.isMap()) {
      ControlMap m = x.asMap();
      for (const auto& [k, v] : y.asMap()) m[k] = v;
      return Value::map(std::move(m));
    }
    return y;
  });
}

PatternV keepValues(Structure s, const PatternV& a, const PatternV& b) {
  return combine(s, a, b, [](const Value& x, const Value& y) {
    if (x.isMap() && y.isMap()) {
      ControlMap m = y.asMap();
      for (const auto& [k, v] : x.asMap()) m[k] = v;
      return Value::map(std::move(m));
    }
    return x;
  });
}

PatternV mapNumbers(const std::function<double(double)>& f, const PatternV& p) {
  return fmap(p, [f](const Value& v) {
    if (v.isMap()) {
      ControlMap m = v.asMap();
      for (auto& [k, x] : m)
        if (x.isNumber()) x = Value(f(x.asNumber()));
      return Value::map(std::move(m));
    }
    return Value(f(v.asNumber()));
  });
}

PatternV toMidi(const PatternV& p) {
  return fmap(p, [](const Value& v) {
    if (v.isWord()) {
      std::optional<int> midi = noteNameToMidi(v.asWord());
      if (!midi) throw ValueError("`" + v.asWord() + "` is not a note name");
      return Value(static_cast<double>(*midi));
    }
    return Value(v.asNumber());
  });
}

// ---- pattern-building functions --------------------------------------------------------------

PatternV run(const PatternV& n) {
  return with1(n, [](const Value& v) {
    int64_t k = stepCount(v);
    if (k <= 0) return silence<Value>();
    if (k > static_cast<int64_t>(QueryBudget::kEventsPerCycle))
      throw PatternLimitError("run of more than 1000000 steps");
    std::vector<Value> values;
    for (int64_t i = 0; i < k; ++i) values.push_back(Value(static_cast<double>(i)));
    return constantSteps(std::move(values));
  });
}

PatternV scan(const PatternV& n) {
  return with1(n, [](const Value& v) {
    int64_t k = stepCount(v);
    std::vector<PatternV> runs;
    for (int64_t i = 1; i <= k; ++i) runs.push_back(run(pureNumber(static_cast<double>(i))));
    return slowcat(std::move(runs));
  });
}

PatternV rand() {
  return signal<Value>([](const Time& t) { return Value(timeToRand(t)); });
}

PatternV irand(const PatternV& n) {
  return with1(n, [](const Value& v) {
    double k = v.asNumber();
    return signal<Value>([k](const Time& t) { return Value(std::floor(k * timeToRand(t))); });
  });
}

PatternV choose(const std::vector<Value>& values) {
  if (values.empty()) return silence<Value>();
  return signal<Value>([values](const Time& t) {
    size_t i = static_cast<size_t>(std::floor(static_cast<double>(values.size()) * timeToRand(t)));
    return values[std::min(i, values.size() - 1)];
  });
}

PatternV wchoose(const std::vector<std::pair<Value, double>>& weighted) {
  double total = 0;
  for (const auto& [v, w] : weighted) total += w;
  if (weighted.empty() || total <= 0) return silence<Value>();
  return signal<Value>([weighted, total](const Time& t) {
    double r = timeToRand(t) * total, sum = 0;
    for (const auto& [v, w] : weighted) {
      sum += w;
      if (sum > r) return v;
    }
    return weighted.back().first;
  });
}

PatternV cosine() {
  return signal<Value>([](const Time& t) {
    return Value((1.0 - std::cos(2.0 * M_PI * t.cyclePos().toDouble())) / 2.0);
  });
}

PatternV cat(const std::vector<PatternV>& ps) {
  return slowcat(ps);
}
PatternV fastcat(const std::vector<PatternV>& ps) {
  return pattern::fastcat<Value>(ps);
}
PatternV stack(const std::vector<PatternV>& ps) {
  return pattern::stack<Value>(ps);
}
PatternV timeCat(const std::vector<std::pair<Rational, PatternV>>& parts) {
  return pattern::timecat(parts);
}

PatternV wedge(const PatternV& t, const PatternV& p1, const PatternV& p2) {
  // p1 squeezed into [0, t), p2 into [t, 1) of each cycle (fastGap).
  return with1(t, [p1, p2](const Value& v) {
    Rational x = v.asTime();
    if (x <= Rational(0)) return p2;
    if (x >= Rational(1)) return p1;
    return pattern::stack<Value>(
        {pattern::fastGap(Rational(1) / x, p1),
         pattern::late(x, pattern::fastGap(Rational(1) / (Rational(1) - x), p2))});
  });
}

PatternV binaryN(const PatternV& bits, const PatternV& n) {
  return with2(bits, n, [](const Value& vb, const Value& vn) {
    int64_t count = vb.asInt(), number = vn.asInt();
    if (count <= 0 || count > 64) return silence<Value>();
    std::vector<bool> out;
    for (int64_t i = count - 1; i >= 0; --i)
      out.push_back(((static_cast<uint64_t>(number) >> i) & 1u) != 0);
    return boolSequence(std::make_shared<const std::vector<bool>>(std::move(out)));
  });
}

PatternV binary(const PatternV& n) {
  return binaryN(pureNumber(8), n);
}

PatternV everyVal(const PatternV& n, const Value& on, const Value& off) {
  return every(
      n, [on](const PatternV&) { return pureValue(on); }, pureValue(off));
}

PatternV whenmodVal(const PatternV& a, const PatternV& b, const Value& on, const Value& off) {
  return whenmod(
      a, b, [on](const PatternV&) { return pureValue(on); }, pureValue(off));
}

PatternV sometimesByVal(const PatternV& p, const Value& on, const Value& off) {
  return someCyclesBy(
      p, [on](const PatternV&) { return pureValue(on); }, pureValue(off));
}

PatternV walk(const PatternV& s) {
  // One event per cycle: Σ_{j=1..c} s·(2·rand(j) − 1) for c ≥ 0, 0 for c < 0.
  return with1(s, [](const Value& v) {
    double step = v.asNumber();
    return PatternV([step](const Span& span, PatternV::EventList& out) {
      for (const Span& piece : span.cycles()) {
        int64_t c = piece.begin.floor();
        double sum = 0;
        if (c > 100000000) throw PatternLimitError("walk beyond cycle 100000000");
        for (int64_t j = 1; j <= c; ++j)
          sum += step * (2.0 * timeToRand(static_cast<double>(j)) - 1.0);
        QueryBudget::charge(1);
        out.push_back({piece.cycleSpan(), piece, Value(sum), {}});
      }
    });
  });
}

// ---- value maps --------------------------------------------------------------------------------

const std::vector<int>& scaleSteps(const std::string& name) {
  static const std::map<std::string, std::vector<int>> table = [] {
    std::map<std::string, std::vector<int>> t;
    auto add = [&t](std::initializer_list<const char*> names, std::vector<int> steps) {
      for (const char* n : names) t[n] = steps;
    };
    add({"major", "maj", "ionian"}, {0, 2, 4, 5, 7, 9, 11});
    add({"minor", "min", "aeolian", "natural_minor"}, {0, 2, 3, 5, 7, 8, 10});
    add({"harmonic", "harmonic_minor", "harmonicMinor"}, {0, 2, 3, 5, 7, 8, 11});
    add({"melodic", "melodic_minor", "melodicMinor"}, {0, 2, 3, 5, 7, 9, 11});
    add({"pentatonic", "pent", "major_pentatonic", "majpent", "majPent"}, {0, 2, 4, 7, 9});
    add({"minor_pentatonic", "minpent", "minPent", "minor_pent"}, {0, 3, 5, 7, 10});
    add({"blues"}, {0, 3, 5, 6, 7, 10});
    add({"dorian"}, {0, 2, 3, 5, 7, 9, 10});
    add({"phrygian"}, {0, 1, 3, 5, 7, 8, 10});
    add({"lydian"}, {0, 2, 4, 6, 7, 9, 11});
    add({"mixolydian", "mixo"}, {0, 2, 4, 5, 7, 9, 10});
    add({"locrian"}, {0, 1, 3, 5, 6, 8, 10});
    add({"wholetone", "whole_tone"}, {0, 2, 4, 6, 8, 10});
    add({"chromatic"}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
    return t;
  }();
  static const std::vector<int> none;
  auto it = table.find(name);
  return it == table.end() ? none : it->second;
}

std::string scaleNames() {
  return "major minor harmonic melodic pentatonic minor_pentatonic blues dorian phrygian lydian "
         "mixolydian locrian wholetone chromatic (and their aliases)";
}

PatternV scale(const PatternV& names, const PatternV& p) {
  return combine(Structure::Left, p, names, [](const Value& v, const Value& name) {
    const std::vector<int>* steps = &scaleSteps(name.isWord() ? name.asWord() : "");
    if (steps->empty()) steps = &scaleSteps("chromatic");
    auto semitones = [steps](double degree) {
      auto k = static_cast<int64_t>(steps->size());
      auto d = static_cast<int64_t>(std::floor(degree));
      int64_t octave = d >= 0 ? d / k : -((-d + k - 1) / k);
      return static_cast<double>((*steps)[static_cast<size_t>(d - octave * k)] + 12 * octave);
    };
    if (v.isMap()) {
      ControlMap m = v.asMap();
      for (const char* control : {"n", "note"})
        if (auto it = m.find(control); it != m.end() && it->second.isNumber())
          it->second = Value(semitones(it->second.asNumber()));
      return Value::map(std::move(m));
    }
    return Value(semitones(v.asNumber()));
  });
}

PatternV chord(const PatternV& qualities, const PatternV& p) {
  return outerJoin(combine(Structure::Left, p, qualities, [](const Value& v, const Value& q) {
    const std::vector<int>& intervals = chordIntervals(q.isWord() ? q.asWord() : "");
    std::vector<PatternV> tones;
    for (int i : intervals) {
      if (v.isMap()) {
        ControlMap m = v.asMap();
        const char* control = m.count("note") ? "note" : "n";
        m[control] = Value(controlNumber(m, control, 0.0) + i);
        tones.push_back(pureValue(Value::map(std::move(m))));
      } else {
        tones.push_back(pureValue(arithmetic(ArithOp::Add, v, Value(static_cast<double>(i)))));
      }
    }
    return tones.empty() ? pureValue(v) : stack(tones);
  }));
}

} // namespace phonon::pattern
