// Helpers for pattern tests: parse mini-notation, query, and print events in LANGUAGE's
// notation (`v@b-e`, `v@b-e{p-q}`, `v@~{p-q}`) as a sorted multiset, so that tests compare
// with the examples of the spec as written.
#pragma once

#include "phonon/frontend/Mini.h"
#include "phonon/pattern/Transforms.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

namespace phonon {
/// Rationals in test failures as n/d, not bytes.
inline void PrintTo(const Rational& r, std::ostream* os) {
  *os << r.toString();
}
} // namespace phonon

namespace phonon::test {

using namespace phonon::pattern;

inline PatternV mini(const std::string& text, AtomContext context = AtomContext::Generic) {
  SourceFile file("<test>", text);
  DiagnosticEngine diags(&file);
  MiniPtr tree = parseMini(text, 0, diags);
  std::ostringstream os;
  diags.flush(os);
  if (!tree) {
    ADD_FAILURE() << "cannot parse \"" << text << "\":\n" << os.str();
    return PatternV();
  }
  return buildMiniPattern(*tree, context);
}

/// The diagnostics parsing `text` gives (empty if it parses).
inline std::string miniErrors(const std::string& text) {
  SourceFile file("<test>", text);
  DiagnosticEngine diags(&file);
  MiniPtr tree = parseMini(text, 0, diags);
  if (tree) {
    try {
      buildMiniPattern(*tree, AtomContext::Generic);
    } catch (const MiniError& e) {
      diags.error(SourceRange{e.loc.begin, e.loc.end}, e.what());
    }
  }
  std::ostringstream os;
  diags.flush(os);
  return os.str();
}

/// Numbers and words as written; lists and control maps as compact JSON.
inline std::string valueText(const Value& v) {
  return v.isList() || v.isMap() ? v.toJson() : v.toString();
}

inline std::string eventText(const EventV& e) {
  std::string s = valueText(e.value) + "@";
  if (!e.whole) return s + "~{" + e.part.begin.toString() + "-" + e.part.end.toString() + "}";
  s += e.whole->begin.toString() + "-" + e.whole->end.toString();
  if (!(*e.whole == e.part)) s += "{" + e.part.begin.toString() + "-" + e.part.end.toString() + "}";
  return s;
}

inline std::vector<std::string> sortedWords(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string w; in >> w;) words.push_back(w);
  std::sort(words.begin(), words.end());
  return words;
}

inline std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

/// The events of p over [from, to), sorted, as one line.
inline std::string events(const PatternV& p, Rational from = Rational(0),
                          Rational to = Rational(1)) {
  QueryBudget budget(10000000);
  std::vector<std::string> words;
  for (const EventV& e : p.query(Span{from, to})) words.push_back(eventText(e));
  std::sort(words.begin(), words.end());
  return join(words);
}

/// The values of the onsets in [from, to), in time order (for "a b c a …" style examples).
inline std::string onsetValues(const PatternV& p, Rational from, Rational to) {
  QueryBudget budget(10000000);
  auto evs = p.query(Span{from, to});
  std::stable_sort(evs.begin(), evs.end(),
                   [](const EventV& a, const EventV& b) { return a.part.begin < b.part.begin; });
  std::string out;
  for (const EventV& e : evs)
    if (e.hasOnset()) out += (out.empty() ? "" : " ") + valueText(e.value);
  return out;
}

#define EXPECT_EVENTS(pattern, from, to, expected)                                                 \
  EXPECT_EQ(::phonon::test::events(pattern, from, to),                                             \
            ::phonon::test::join(::phonon::test::sortedWords(expected)))

inline Rational R(int64_t n, int64_t d = 1) {
  return Rational(n, d);
}
inline PatternV num(double v) {
  return pureNumber(v);
}
inline PatternV frac(int64_t n, int64_t d) {
  return pureTime(Rational(n, d));
}

} // namespace phonon::test
