// `phonon query MINI [--ops JSON] [--from T] [--to T] [--json]` and `phonon query --batch FILE|-`
// (the case format of ../shared/oracle/README.md).
#include "Query.h"

#include "phonon/frontend/Mini.h"
#include "phonon/pattern/Ops.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

namespace phonon::tools {

namespace {

using json = nlohmann::json;
using namespace phonon::pattern;

const char* const kUsage =
    R"(usage: phonon query MINI [--ops JSON] [--from T] [--to T] [--json]
       phonon query --batch FILE|-

Queries a mini-notation pattern, after applying the transforms of --ops in order (each
`[name, arg, ...]`: numbers, mini-notation strings, {"frac":"n/d"}, or transforms as arguments).
Times are `n/d` or numbers (default 0 to 1). Prints `value@whole{part}` events, or with --json
one line {"events":[...]} in the oracle's format. --batch reads the oracle's case lines and
prints one {"id","events"} line per case.
)";

struct QueryError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

Rational parseTime(const json& j) {
  if (j.is_number_integer())
    return Rational(j.get<int64_t>());
  if (j.is_number())
    return Rational::fromDouble(j.get<double>());
  if (j.is_string()) {
    std::string s = j.get<std::string>();
    size_t slash = s.find('/');
    try {
      if (slash == std::string::npos)
        return Rational::parseDecimal(s);
      return Rational(std::stoll(s.substr(0, slash)), std::stoll(s.substr(slash + 1)));
    } catch (const std::exception&) {
      throw QueryError("not a time: '" + s + "' (write n/d or a number)");
    }
  }
  if (j.is_object() && j.contains("frac"))
    return parseTime(j["frac"]);
  throw QueryError("not a time: " + j.dump());
}

class PatternBuilder {
public:
  PatternV mini(const std::string& text, AtomContext context) {
    SourceFile file("<pattern>", text);
    DiagnosticEngine diags(&file);
    MiniPtr tree;
    PatternV p;
    if (checkText(file, diags))
      tree = parseMini(text, 0, diags);
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
      while (!message.empty() && message.back() == '\n')
        message.pop_back();
      throw QueryError(message);
    }
    return p;
  }

  PatternV argumentPattern(const json& j, AtomContext context) {
    if (j.is_string())
      return mini(j.get<std::string>(), context);
    if (j.is_number_integer())
      return pureValue(Value::exact(Rational(j.get<int64_t>())));
    if (j.is_number())
      return pureValue(Value::exact(Rational::fromDouble(j.get<double>())));
    if (j.is_object() && j.contains("frac"))
      return pureValue(Value::exact(parseTime(j["frac"])));
    if (j.is_boolean())
      return pureValue(Value::boolean(j.get<bool>()));
    throw QueryError("not a pattern argument: " + j.dump());
  }

  Fn function(const json& j) {
    if (j.is_string())
      return single(json::array({j}));
    if (j.is_array() && !j.empty() && j[0].is_string())
      return single(j);
    if (j.is_array()) {
      std::vector<Fn> steps;
      for (const json& f : j)
        steps.push_back(function(f));
      return [steps](const PatternV& p) {
        PatternV q = p;
        for (const Fn& f : steps)
          q = f(q);
        return q;
      };
    }
    throw QueryError("not a function argument: " + j.dump());
  }

  /// One op `[name, args...]` as a function of the pattern it transforms.
  Fn single(const json& op) {
    std::string name = op[0].get<std::string>();
    const OpInfo* info = findOp(name);
    if (!info)
      throw QueryError("unknown transform `" + name + "`");
    std::string kinds = info->args;
    std::vector<OpArg> args;
    size_t given = op.size() - 1;
    size_t j = 1;
    for (char kind : kinds) {
      OpArg arg;
      switch (static_cast<ArgKind>(kind)) {
      case ArgKind::Pattern:
      case ArgKind::Bools:
        if (j >= op.size())
          throw QueryError("`" + name + "` needs " + std::to_string(kinds.size()) + " arguments");
        arg.pattern = argumentPattern(op[j++], kind == 'b' ? AtomContext::Boolean
                                                           : AtomContext::Generic);
        break;
      case ArgKind::Function:
        if (j >= op.size())
          throw QueryError("`" + name + "` needs " + std::to_string(kinds.size()) + " arguments");
        arg.function = function(op[j++]);
        break;
      case ArgKind::Functions:
        for (; j < op.size(); ++j)
          arg.functions.push_back(function(op[j]));
        if (arg.functions.empty())
          throw QueryError("`" + name + "` needs at least one function");
        break;
      case ArgKind::Patterns:
        for (; j < op.size(); ++j)
          arg.patterns.push_back(argumentPattern(op[j], AtomContext::Generic));
        if (arg.patterns.empty())
          throw QueryError("`" + name + "` needs at least one pattern");
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

std::string timeJson(const Rational& t) {
  return "\"" + std::to_string(t.num()) + "/" + std::to_string(t.den()) + "\"";
}

std::string eventsJson(PatternV::EventList& events) {
  std::sort(events.begin(), events.end(), [](const EventV& a, const EventV& b) {
    if (a.part.begin != b.part.begin)
      return a.part.begin < b.part.begin;
    if (a.part.end != b.part.end)
      return a.part.end < b.part.end;
    return a.value < b.value;
  });
  std::string out = "[";
  for (size_t i = 0; i < events.size(); ++i) {
    const EventV& e = events[i];
    if (i)
      out += ",";
    out += "{\"whole\":";
    out += e.whole ? "[" + timeJson(e.whole->begin) + "," + timeJson(e.whole->end) + "]" : "null";
    out += ",\"part\":[" + timeJson(e.part.begin) + "," + timeJson(e.part.end) + "]";
    out += ",\"value\":" + e.value.toJson() + "}";
  }
  return out + "]";
}

std::string eventText(const Rational& t) { return t.toString(); }

/// LANGUAGE's event notation: v@b-e, v@b-e{p-q}, v@~{p-q}.
std::string eventsText(PatternV::EventList& events) {
  std::sort(events.begin(), events.end(), [](const EventV& a, const EventV& b) {
    if (a.part.begin != b.part.begin)
      return a.part.begin < b.part.begin;
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

PatternV::EventList runCase(const std::string& mini, const json& ops, Rational from, Rational to) {
  if (to < from)
    throw QueryError("--to is before --from");
  PatternBuilder builder;
  PatternV p = builder.mini(mini, AtomContext::Generic);
  if (!ops.is_null()) {
    if (!ops.is_array())
      throw QueryError("--ops must be a JSON array of transforms");
    for (const json& op : ops) {
      if (!op.is_array() || op.empty() || !op[0].is_string())
        throw QueryError("each op is [name, arg, ...], not " + op.dump());
      p = builder.single(op)(p);
    }
  }
  Rational cycles = to - from;
  if (cycles > Rational(kMaxQueryCycles))
    throw QueryError("the query spans more than 1000000 cycles");
  uint64_t budget = QueryBudget::kEventsPerCycle * static_cast<uint64_t>(std::max<int64_t>(1, cycles.ceil()));
  QueryBudget limit(budget);
  return p.query(Span{from, to});
}

std::string caseResult(const std::string& line) {
  std::string id;
  try {
    json c = json::parse(line);
    id = c.value("id", "");
    if (!c.contains("mini") || !c["mini"].is_string())
      throw QueryError("a case needs a \"mini\" string");
    Rational from = c.contains("from") ? parseTime(c["from"]) : Rational(0);
    Rational to = c.contains("to") ? parseTime(c["to"]) : Rational(1);
    PatternV::EventList events =
        runCase(c["mini"].get<std::string>(), c.contains("ops") ? c["ops"] : json(), from, to);
    return "{\"id\":" + json(id).dump() + ",\"events\":" + eventsJson(events) + "}";
  } catch (const std::exception& e) {
    return "{\"id\":" + json(id).dump() + ",\"error\":" + json(std::string(e.what())).dump() + "}";
  }
}

int runBatch(const std::string& source) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (source != "-") {
    file.open(source);
    if (!file) {
      std::cerr << "phonon: error: cannot open " << source << "\n";
      return 1;
    }
    in = &file;
  }
  std::string line, out;
  while (std::getline(*in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos)
      continue;
    out += caseResult(line);
    out += '\n';
    if (out.size() > (1u << 16)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 1;
}

} // namespace

int runQuery(int argc, char** argv) {
  std::string mini, batch, opsText;
  bool haveMini = false, asJson = false;
  json from = 0, to = 1;
  for (int i = 0; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](const char* what) -> std::string {
      size_t eq = arg.find('=');
      if (eq != std::string::npos)
        return arg.substr(eq + 1);
      if (i + 1 >= argc)
        throw QueryError(std::string(what) + " needs a value");
      return argv[++i];
    };
    try {
      std::string key = arg.substr(0, arg.find('='));
      if (arg == "-h" || arg == "--help") {
        std::cout << kUsage;
        return 0;
      } else if (key == "--batch") {
        batch = value("--batch");
      } else if (key == "--ops") {
        opsText = value("--ops");
      } else if (key == "--from") {
        from = value("--from");
      } else if (key == "--to") {
        to = value("--to");
      } else if (arg == "--json") {
        asJson = true;
      } else if (!arg.empty() && arg[0] == '-' && arg.size() > 1 && !haveMini &&
                 arg.find_first_not_of("-0123456789. ") == std::string::npos) {
        mini = arg; // a pattern such as "-1 2"
        haveMini = true;
      } else if (!arg.empty() && arg[0] == '-' && arg.size() > 1) {
        throw QueryError("unknown option '" + arg + "'\n" + kUsage);
      } else if (!haveMini) {
        mini = arg;
        haveMini = true;
      } else {
        throw QueryError("expected one pattern");
      }
    } catch (const QueryError& e) {
      std::cerr << "phonon: error: " << e.what() << "\n";
      return 1;
    }
  }
  if (!batch.empty())
    return runBatch(batch);
  if (!haveMini) {
    std::cerr << "phonon: error: query needs a pattern\n" << kUsage;
    return 1;
  }
  try {
    json ops = opsText.empty() ? json() : json::parse(opsText);
    PatternV::EventList events = runCase(mini, ops, parseTime(from), parseTime(to));
    if (asJson)
      std::cout << "{\"events\":" << eventsJson(events) << "}\n";
    else
      std::cout << eventsText(events);
    return 0;
  } catch (const json::exception& e) {
    std::cerr << "phonon: error: --ops is not valid JSON: " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::string message = e.what();
    // Mini-notation errors are already formatted as `<pattern>:1:5: error: …`.
    if (message.rfind("<pattern>:", 0) == 0)
      std::cerr << message << "\n";
    else
      std::cerr << "phonon: error: " << message << "\n";
  }
  return 1;
}

} // namespace phonon::tools
