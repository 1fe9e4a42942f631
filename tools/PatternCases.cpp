#include "PatternCases.h"

#include "phonon/frontend/Mini.h"
#include "phonon/pattern/Ops.h"

#include <algorithm>
#include <sstream>

namespace phonon::tools {

using json = nlohmann::json;
using namespace phonon::pattern;

Rational parseTime(const json& j) {
  if (j.is_number_integer()) return Rational(j.get<int64_t>());
  if (j.is_number()) return Rational::fromDouble(j.get<double>());
  if (j.is_string()) {
    std::string s = j.get<std::string>();
    size_t slash = s.find('/');
    try {
      if (slash == std::string::npos) return Rational::parseDecimal(s);
      return Rational(std::stoll(s.substr(0, slash)), std::stoll(s.substr(slash + 1)));
    } catch (const std::exception&) {
      throw QueryError("not a time: '" + s + "' (write n/d or a number)");
    }
  }
  if (j.is_object() && j.contains("frac")) return parseTime(j["frac"]);
  throw QueryError("not a time: " + j.dump());
}

namespace {

class PatternBuilder {
public:
  PatternV mini(const std::string& text, AtomContext context) {
    SourceFile file("<pattern>", text);
    DiagnosticEngine diags(&file);
    MiniPtr tree;
    PatternV p;
    if (checkText(file, diags)) tree = parseMini(text, 0, diags);
    if (tree) {
      try {
        p = buildMiniPattern(*tree, context);
      } catch (const MiniError& e) {
        diags.error(SourceRange{e.loc.begin, e.loc.end}, e.what());
      }
    }
    if (diags.hasErrors()) {
      std::ostringstream os;
      diags.flush(os);
      std::string message = os.str();
      while (!message.empty() && message.back() == '\n') message.pop_back();
      throw QueryError(message);
    }
    return p;
  }

  PatternV argumentPattern(const json& j, AtomContext context) {
    if (j.is_string()) return mini(j.get<std::string>(), context);
    if (j.is_number_integer()) return pureValue(Value::exact(Rational(j.get<int64_t>())));
    if (j.is_number()) return pureValue(Value::exact(Rational::fromDouble(j.get<double>())));
    if (j.is_object() && j.contains("frac")) return pureValue(Value::exact(parseTime(j["frac"])));
    if (j.is_boolean()) return pureValue(Value::boolean(j.get<bool>()));
    throw QueryError("not a pattern argument: " + j.dump());
  }

  /// A constant number of a list of values (`fit 1 [0, 2, 7]`).
  static Value pureValueOf(const json& j) {
    if (j.is_number_integer()) return Value::exact(Rational(j.get<int64_t>()));
    if (j.is_number()) return Value::exact(Rational::fromDouble(j.get<double>()));
    if (j.is_object() && j.contains("frac")) return Value::exact(parseTime(j["frac"]));
    throw QueryError("not a value: " + j.dump());
  }

  Fn function(const json& j) {
    if (j.is_string()) return single(json::array({j}));
    if (j.is_array() && !j.empty() && j[0].is_string()) return single(j);
    if (j.is_array()) {
      std::vector<Fn> steps;
      for (const json& f : j) steps.push_back(function(f));
      return [steps](const PatternV& p) {
        PatternV q = p;
        for (const Fn& f : steps) q = f(q);
        return q;
      };
    }
    throw QueryError("not a function argument: " + j.dump());
  }

  /// One op `[name, args...]` as a function of the pattern it transforms.
  Fn single(const json& op) {
    std::string name = op[0].get<std::string>();
    const OpInfo* info = findOp(name);
    if (!info) throw QueryError("unknown transform `" + name + "`");
    std::string kinds = info->args;
    std::vector<OpArg> args;
    size_t given = op.size() - 1;
    size_t j = 1;
    for (char kind : kinds) {
      OpArg arg;
      switch (static_cast<ArgKind>(kind)) {
      case ArgKind::Optional:
        arg.pattern =
            j < op.size() ? argumentPattern(op[j++], AtomContext::Generic) : pureNumber(1);
        break;
      case ArgKind::Pattern:
      case ArgKind::Bools:
      case ArgKind::Any:
        if (j >= op.size())
          throw QueryError("`" + name + "` needs " + std::to_string(kinds.size()) + " arguments");
        arg.pattern =
            argumentPattern(op[j++], kind == 'b' ? AtomContext::Boolean : AtomContext::Generic);
        break;
      case ArgKind::Function:
        if (j >= op.size())
          throw QueryError("`" + name + "` needs " + std::to_string(kinds.size()) + " arguments");
        arg.function = function(op[j++]);
        break;
      case ArgKind::Functions:
        for (; j < op.size(); ++j) arg.functions.push_back(function(op[j]));
        if (arg.functions.empty()) throw QueryError("`" + name + "` needs at least one function");
        break;
      case ArgKind::Patterns:
        for (; j < op.size(); ++j)
          arg.patterns.push_back(argumentPattern(op[j], AtomContext::Generic));
        if (arg.patterns.empty()) throw QueryError("`" + name + "` needs at least one pattern");
        break;
      case ArgKind::Numbers:
      case ArgKind::Values:
        if (j >= op.size() || !op[j].is_array() || op[j].empty())
          throw QueryError("`" + name + "` takes a list here: [a, b, …]");
        for (const json& item : op[j]) {
          if (kind == 'N')
            arg.patterns.push_back(argumentPattern(item, AtomContext::Generic));
          else if (item.is_string())
            arg.values.push_back(Value::word(item.get<std::string>()));
          else
            arg.values.push_back(pureValueOf(item));
        }
        ++j;
        break;
      case ArgKind::Word:
        if (j >= op.size() || !op[j].is_string())
          throw QueryError("`" + name + "` takes a word here");
        arg.word = op[j++].get<std::string>();
        break;
      }
      args.push_back(std::move(arg));
    }
    if (j != op.size())
      throw QueryError("`" + name + "` takes " + std::to_string(kinds.size()) + " arguments, not " +
                       std::to_string(given));
    return [info, args](const PatternV& p) { return info->apply(args, p); };
  }

private:
  static bool checkText(const SourceFile& file, DiagnosticEngine& diags) {
    for (unsigned char c : file.text())
      if (c == 0) {
        diags.error("the pattern contains a NUL byte");
        return false;
      }
    return true;
  }
};

} // namespace

namespace {

std::string timeJson(const Rational& t) {
  return "\"" + t.toFractionString() + "\"";
}

} // namespace

std::string eventsJson(PatternV::EventList& events) {
  std::sort(events.begin(), events.end(), [](const EventV& a, const EventV& b) {
    if (a.part.begin != b.part.begin) return a.part.begin < b.part.begin;
    if (a.part.end != b.part.end) return a.part.end < b.part.end;
    return a.value < b.value;
  });
  std::string out = "[";
  for (size_t i = 0; i < events.size(); ++i) {
    const EventV& e = events[i];
    if (i) out += ",";
    out += "{\"whole\":";
    out += e.whole ? "[" + timeJson(e.whole->begin) + "," + timeJson(e.whole->end) + "]" : "null";
    out += ",\"part\":[" + timeJson(e.part.begin) + "," + timeJson(e.part.end) + "]";
    out += ",\"value\":" + e.value.toJson() + "}";
  }
  return out + "]";
}

namespace {
std::string eventText(const Rational& t) {
  return t.toString();
}
} // namespace

/// LANGUAGE's event notation: v@b-e, v@b-e{p-q}, v@~{p-q}.
std::string eventsText(PatternV::EventList& events) {
  std::sort(events.begin(), events.end(), [](const EventV& a, const EventV& b) {
    if (a.part.begin != b.part.begin) return a.part.begin < b.part.begin;
    return a.value < b.value;
  });
  std::string out;
  for (const EventV& e : events) {
    out += e.value.toString() + "@";
    if (!e.whole) {
      out += "~{" + eventText(e.part.begin) + "-" + eventText(e.part.end) + "}";
    } else {
      out += eventText(e.whole->begin) + "-" + eventText(e.whole->end);
      if (!(*e.whole == e.part))
        out += "{" + eventText(e.part.begin) + "-" + eventText(e.part.end) + "}";
    }
    out += "\n";
  }
  return out;
}

PatternV buildCase(const std::string& mini, const json& ops) {
  PatternBuilder builder;
  PatternV p = builder.mini(mini, AtomContext::Generic);
  if (!ops.is_null()) {
    if (!ops.is_array()) throw QueryError("--ops must be a JSON array of transforms");
    for (const json& op : ops) {
      if (!op.is_array() || op.empty() || !op[0].is_string())
        throw QueryError("each op is [name, arg, ...], not " + op.dump());
      p = builder.single(op)(p);
    }
  }
  return p;
}

PatternV::EventList queryCase(const PatternV& p, Rational from, Rational to) {
  if (to < from) throw QueryError("--to is before --from");
  Rational cycles = to - from;
  if (cycles > Rational(kMaxQueryCycles))
    throw QueryError("the query spans more than 1000000 cycles");
  uint64_t budget =
      QueryBudget::kEventsPerCycle * static_cast<uint64_t>(std::max<int64_t>(1, cycles.ceil()));
  QueryBudget limit(budget);
  return p.query(Span{from, to});
}

} // namespace phonon::tools
