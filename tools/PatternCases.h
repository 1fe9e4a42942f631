// Oracle-style pattern cases: a mini-notation string and a list of ops (JSON) built into a
// pattern, and events written in the oracle's JSON format. Used by `phonon query` and the
// benchmarks.
#pragma once

#include "phonon/pattern/Transforms.h"

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

namespace phonon::tools {

struct QueryError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A time written `n/d`, as a number, or as {"frac": "n/d"}.
Rational parseTime(const nlohmann::json& j);

/// The mini-notation pattern after the ops, applied in order (the oracle's case format).
pattern::PatternV buildCase(const std::string& mini, const nlohmann::json& ops);

/// Queries with the resource limits of LANGUAGE §10 (QueryError past them).
pattern::PatternV::EventList queryCase(const pattern::PatternV& p, Rational from, Rational to);

/// Events as the oracle's JSON array, sorted by part, then value.
std::string eventsJson(pattern::PatternV::EventList& events);
/// Events in LANGUAGE's notation, one per line.
std::string eventsText(pattern::PatternV::EventList& events);

} // namespace phonon::tools
