// Mini-notation trees to patterns (LANGUAGE §5.2).
#include "phonon/pattern/Mini.h"

#include "phonon/pattern/Random.h"

#include <cmath>
#include <map>

namespace phonon::pattern {

const std::vector<int>& chordIntervals(const std::string& quality) {
  static const std::map<std::string, std::vector<int>> table = [] {
    std::map<std::string, std::vector<int>> t;
    auto add = [&t](std::initializer_list<const char*> names, std::vector<int> intervals) {
      for (const char* n : names) t[n] = intervals;
    };
    add({"maj", "major", "M"}, {0, 4, 7});
    add({"min", "minor", "m"}, {0, 3, 7});
    add({"dim"}, {0, 3, 6});
    add({"aug"}, {0, 4, 8});
    add({"sus2"}, {0, 2, 7});
    add({"sus4"}, {0, 5, 7});
    add({"six", "6"}, {0, 4, 7, 9});
    add({"m6", "min6"}, {0, 3, 7, 9});
    add({"maj7", "M7"}, {0, 4, 7, 11});
    add({"min7", "m7"}, {0, 3, 7, 10});
    add({"dom7", "7"}, {0, 4, 7, 10});
    add({"dim7"}, {0, 3, 6, 9});
    add({"hdim7", "m7b5"}, {0, 3, 6, 10});
    add({"aug7"}, {0, 4, 8, 10});
    add({"mM7"}, {0, 3, 7, 11});
    add({"7sus4"}, {0, 5, 7, 10});
    add({"add9"}, {0, 4, 7, 14});
    add({"maj9"}, {0, 4, 7, 11, 14});
    add({"min9", "m9"}, {0, 3, 7, 10, 14});
    add({"dom9", "9"}, {0, 4, 7, 10, 14});
    add({"maj11"}, {0, 4, 7, 11, 14, 17});
    add({"min11", "m11"}, {0, 3, 7, 10, 14, 17});
    add({"dom11", "11"}, {0, 4, 7, 10, 14, 17});
    add({"maj13"}, {0, 4, 7, 11, 14, 21});
    add({"min13", "m13"}, {0, 3, 7, 10, 14, 21});
    add({"dom13", "13"}, {0, 4, 7, 10, 14, 21});
    add({"one", "1"}, {0});
    add({"five", "5"}, {0, 7});
    return t;
  }();
  static const std::vector<int> none;
  auto it = table.find(quality);
  return it == table.end() ? none : it->second;
}

std::string chordQualityNames() {
  return "maj major M min minor m dim aug sus2 sus4 six 6 m6 min6 maj7 M7 min7 m7 dom7 7 dim7 "
         "hdim7 m7b5 aug7 mM7 7sus4 add9 maj9 min9 m9 dom9 9 maj11 min11 m11 dom11 11 maj13 "
         "min13 m13 dom13 13 one 1 five 5";
}

namespace {

bool isNumberText(const std::string& s) {
  try {
    (void)Rational::parseDecimal(s);
    return true;
  } catch (...) {
    return false;
  }
}

class Builder {
public:
  explicit Builder(AtomContext c) : context_(c) {}

  PatternV node(const MiniNode& n) {
    switch (n.kind) {
    case MiniNode::Kind::Atom:
      return atom(n, context_);
    case MiniNode::Kind::Rest:
      return silence<Value>();
    case MiniNode::Kind::Sequence: {
      auto [parts, total] = steps(n);
      (void)total;
      return timecat(std::move(parts));
    }
    case MiniNode::Kind::Stack: {
      std::vector<PatternV> layers;
      for (const MiniPtr& l : n.layers) layers.push_back(node(*l));
      return pattern::stack(std::move(layers));
    }
    case MiniNode::Kind::Choice: {
      std::vector<PatternV> layers;
      for (const MiniPtr& l : n.layers) layers.push_back(node(*l));
      Rational shift = seedOffset(n.seed);
      // Per cycle, one alternative chosen by floor(r·k), r the seeded rand at the cycle start.
      return splitQueries(PatternV([layers, shift](const Span& span, PatternV::EventList& out) {
        double r = timeToRand(span.begin.sam() + shift);
        size_t i = static_cast<size_t>(std::floor(r * static_cast<double>(layers.size())));
        layers[std::min(i, layers.size() - 1)].queryInto(span, out);
      }));
    }
    case MiniNode::Kind::Alternation: {
      // Each layer is its weighted sequence slowed by its total weight.
      std::vector<PatternV> layers;
      for (const MiniPtr& l : n.layers) {
        auto [parts, total] = steps(*l);
        layers.push_back(pattern::slow(total, timecat(std::move(parts))));
      }
      return pattern::stack(std::move(layers));
    }
    case MiniNode::Kind::Polymeter: {
      // Every layer runs at n steps per cycle (default: the first layer's total weight).
      std::vector<std::pair<std::vector<std::pair<Rational, PatternV>>, Rational>> layers;
      for (const MiniPtr& l : n.layers) layers.push_back(steps(*l));
      if (layers.empty()) return silence<Value>();
      PatternV perCycle =
          n.stepsPerCycle ? numeric(*n.stepsPerCycle) : pureValue(Value::exact(layers[0].second));
      std::vector<std::pair<PatternV, Rational>> sequences;
      for (auto& [parts, total] : layers) sequences.emplace_back(timecat(std::move(parts)), total);
      // Always joined, even for a constant step count: events that cross a cycle boundary are
      // cut there (as the conformance cases show, e.g. `{a@2 b}%2`).
      return innerJoin(fmap(perCycle, [sequences](const Value& v) {
        Rational count = v.asTime();
        std::vector<PatternV> out;
        for (const auto& [seq, total] : sequences)
          if (total > Rational(0)) out.push_back(pattern::fast(count / total, seq));
        return pattern::stack(std::move(out));
      }));
    }
    }
    return silence<Value>();
  }

private:
  /// `n` read in another atom context (arguments are numbers, tails keep their atoms).
  PatternV inContext(const MiniNode& n, AtomContext context) {
    AtomContext saved = context_;
    context_ = context;
    PatternV p = node(n);
    context_ = saved;
    return p;
  }
  PatternV numeric(const MiniNode& n) { return inContext(n, AtomContext::Numeric); }
  PatternV generic(const MiniNode& n) { return inContext(n, AtomContext::Generic); }

  PatternV chord(const MiniNode& n, const std::string& root, const std::string& quality,
                 bool pitched) {
    const std::vector<int>& intervals = chordIntervals(quality);
    if (intervals.empty())
      throw MiniError(n.loc, "unknown chord quality `" + quality + "`; the qualities are " +
                                 chordQualityNames());
    double base;
    if (auto midi = noteNameToMidi(root)) {
      base = *midi;
    } else if (isNumberText(root)) {
      base = Rational::parseDecimal(root).toDouble();
      pitched = false;
    } else {
      throw MiniError(n.loc, "`" + root + "` is not a note name or a number");
    }
    std::vector<PatternV> tones;
    for (int i : intervals)
      tones.push_back(
          pattern::pure<Value>(pitched ? Value::pitch(base + i) : Value(base + i), n.loc));
    return pattern::stack(std::move(tones));
  }

  /// A number atom: exact where a 64-bit fraction holds it (times need that), else a double.
  static Value numberAtom(const std::string& t) {
    try {
      return Value::exact(Rational::parseDecimal(t));
    } catch (const RationalOverflow&) {
      return Value(std::strtod(t.c_str(), nullptr));
    }
  }

  PatternV atom(const MiniNode& n, AtomContext ctx) {
    const std::string& t = n.text;
    auto pure = [&n](Value v) { return pattern::pure<Value>(std::move(v), n.loc); };
    switch (ctx) {
    case AtomContext::Sound:
      return pure(Value::word(t));
    case AtomContext::Generic:
      if (n.isNumber) return pure(numberAtom(t));
      if (size_t q = t.find('\''); q != std::string::npos && t[0] != '~')
        return chord(n, t.substr(0, q), t.substr(q + 1), false);
      return pure(Value::word(t));
    case AtomContext::Numeric: {
      if (n.isNumber) return pure(numberAtom(t));
      if (size_t q = t.find('\''); q != std::string::npos)
        return chord(n, t.substr(0, q), t.substr(q + 1), true);
      if (auto midi = noteNameToMidi(t)) return pure(Value::pitch(*midi));
      throw MiniError(n.loc, "`" + t + "` is not a number or a note name");
    }
    case AtomContext::Boolean:
      if (n.isNumber) return pure(Value::boolean(numberAtom(t).asNumber() != 0.0));
      if (t == "t" || t == "true" || t == "x") return pure(Value::boolean(true));
      if (t == "f" || t == "false") return pure(Value::boolean(false));
      throw MiniError(n.loc, "`" + t + "` is not a boolean (t, true, x, 1 or f, false, 0)");
    }
    return silence<Value>();
  }

  /// A sequence's weighted steps and its total weight.
  std::pair<std::vector<std::pair<Rational, PatternV>>, Rational> steps(const MiniNode& seq) {
    std::vector<std::pair<Rational, PatternV>> parts;
    Rational total(0);
    for (const MiniStep& s : seq.steps) {
      Rational weight(1);
      int copies = 1;
      PatternV p = step(s, weight, copies);
      weight = weight + s.extraWeight;
      copies += s.extraCopies;
      for (int i = 0; i < copies; ++i) {
        parts.emplace_back(weight, p);
        total = total + weight;
      }
    }
    return {std::move(parts), total};
  }

  PatternV step(const MiniStep& s, Rational& weight, int& copies) {
    PatternV p = node(*s.body);
    p = modifiers(p, s.modifiers, weight, copies);
    if (!s.rangeEnd) return p;
    // `a .. b`: the integers from a to b (up or down) as one step.
    Rational ignoredWeight(1);
    int ignoredCopies = 1;
    PatternV lower = numericOf(*s.body, s.modifiers);
    PatternV upper =
        modifiers(numeric(*s.rangeEnd), s.rangeEndModifiers, ignoredWeight, ignoredCopies);
    SourceLoc loc = s.loc;
    return withArgs({lower, upper}, [loc](const std::vector<Value>& v) {
      double a = v[0].asNumber(), b = v[1].asNumber();
      if (a != std::floor(a) || b != std::floor(b))
        throw MiniError(loc, "a range `a .. b` needs whole numbers");
      if (std::fabs(b - a) > 1000000) throw PatternLimitError("a range of more than 1000000 steps");
      std::vector<Value> values;
      for (double x = a;; x += (b >= a ? 1 : -1)) {
        values.push_back(Value(x));
        if (x == b) break;
      }
      return constantSteps(std::move(values), loc);
    });
  }

  PatternV numericOf(const MiniNode& body, const std::vector<MiniModifier>& mods) {
    Rational w(1);
    int c = 1;
    return modifiers(numeric(body), mods, w, c);
  }

  PatternV modifiers(PatternV p, const std::vector<MiniModifier>& mods, Rational& weight,
                     int& copies) {
    for (const MiniModifier& m : mods) {
      switch (m.kind) {
      case MiniModifier::Kind::Fast:
        p = fast(numeric(*m.args[0]), p);
        break;
      case MiniModifier::Kind::Slow:
        p = slow(numeric(*m.args[0]), p);
        break;
      case MiniModifier::Kind::Replicate:
        if (m.countOnly)
          copies = copies == 1 ? 2 : copies + 1;
        else
          copies = static_cast<int>(m.amount.floor());
        if (copies < 1 || copies > 100000)
          throw MiniError(m.loc, "a step can be repeated 1 to 100000 times");
        break;
      case MiniModifier::Kind::Weight:
        weight = m.amount;
        break;
      case MiniModifier::Kind::Degrade:
        p = degradeByWithSeed(m.amount.toDouble(), m.seed, p);
        break;
      case MiniModifier::Kind::Euclid: {
        std::vector<PatternV> args{numeric(*m.args[0]), numeric(*m.args[1])};
        args.push_back(m.args.size() > 2 ? numeric(*m.args[2]) : pureNumber(0));
        bool keepOffSteps = context_ == AtomContext::Boolean;
        PatternV source = p;
        p = withArgs(args, [source, keepOffSteps](const std::vector<Value>& v) {
          PatternV bools = euclidBools(v[0].asInt(), v[1].asInt(), v[2].asInt(), !keepOffSteps);
          return appLeft(bools, source, [](const Value& b, const Value& x) {
            return b.truthy() ? x : Value::boolean(false);
          });
        });
        break;
      }
      case MiniModifier::Kind::Tail: {
        PatternV tail = generic(*m.args[0]);
        p = appLeft(p, tail, [](const Value& a, const Value& b) {
          ValueList items = a.isList() ? a.asList() : ValueList{a};
          items.push_back(b);
          return Value::list(std::move(items));
        });
        break;
      }
      }
    }
    return p;
  }

  AtomContext context_;
};

} // namespace

PatternV buildMiniPattern(const MiniNode& root, AtomContext context) {
  return Builder(context).node(root);
}

} // namespace phonon::pattern
