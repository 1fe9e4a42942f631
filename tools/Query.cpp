// `phonon query MINI [--ops JSON] [--from T] [--to T] [--json]` and `phonon query --batch FILE|-`
// (the case format of ../shared/oracle/README.md).
#include "Query.h"

#include "PatternCases.h"

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

std::string caseResult(const std::string& line) {
  std::string id;
  try {
    json c = json::parse(line);
    id = c.value("id", "");
    if (!c.contains("mini") || !c["mini"].is_string())
      throw QueryError("a case needs a \"mini\" string");
    Rational from = c.contains("from") ? parseTime(c["from"]) : Rational(0);
    Rational to = c.contains("to") ? parseTime(c["to"]) : Rational(1);
    PatternV p = buildCase(c["mini"].get<std::string>(), c.contains("ops") ? c["ops"] : json());
    PatternV::EventList events = queryCase(p, from, to);
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
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
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
      if (eq != std::string::npos) return arg.substr(eq + 1);
      if (i + 1 >= argc) throw QueryError(std::string(what) + " needs a value");
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
  if (!batch.empty()) return runBatch(batch);
  if (!haveMini) {
    std::cerr << "phonon: error: query needs a pattern\n" << kUsage;
    return 1;
  }
  try {
    json ops = opsText.empty() ? json() : json::parse(opsText);
    PatternV::EventList events = queryCase(buildCase(mini, ops), parseTime(from), parseTime(to));
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
