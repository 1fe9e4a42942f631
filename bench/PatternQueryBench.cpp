// Query throughput of the pattern engine (events per second), with Google Benchmark:
//   - every oracle case, patterns built once, queried over the case's span;
//   - the same including parsing (what `phonon query --batch` does per case);
//   - a dense pattern, "[bd*16, hh*32?, <sn cp>*8]" with every 3 (fast 2), jux rev, chop 4,
//     over 1000 cycles, queried a cycle at a time as the runtime queries per block.
// Usage: pattern-query-bench [ORACLE_DIR] [benchmark flags]
#include "PatternCases.h"

#include <benchmark/benchmark.h>

#include <fstream>
#include <string>
#include <vector>

namespace {

using namespace phonon;
using nlohmann::json;

std::string oracleDir = PHONON_ORACLE_DIR;

struct Case {
  std::string mini;
  json ops;
  Rational from, to;
};

std::vector<Case> loadCases() {
  std::vector<Case> cases;
  std::ifstream in(oracleDir + "/cases.jsonl");
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    json c = json::parse(line);
    cases.push_back({c["mini"].get<std::string>(), c["ops"], tools::parseTime(c["from"]),
                     tools::parseTime(c["to"])});
  }
  return cases;
}

void OracleCasesQueryOnly(benchmark::State& state) {
  std::vector<Case> cases = loadCases();
  std::vector<pattern::PatternV> patterns;
  for (const Case& c : cases) patterns.push_back(tools::buildCase(c.mini, c.ops));
  int64_t events = 0;
  for (auto _ : state)
    for (size_t i = 0; i < cases.size(); ++i) {
      auto result = tools::queryCase(patterns[i], cases[i].from, cases[i].to);
      events += static_cast<int64_t>(result.size());
      benchmark::DoNotOptimize(result.data());
    }
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["cases"] = static_cast<double>(cases.size());
}
BENCHMARK(OracleCasesQueryOnly)->Unit(benchmark::kMillisecond);

void OracleCasesParseAndQuery(benchmark::State& state) {
  std::vector<Case> cases = loadCases();
  int64_t events = 0;
  for (auto _ : state)
    for (const Case& c : cases) {
      auto result = tools::queryCase(tools::buildCase(c.mini, c.ops), c.from, c.to);
      events += static_cast<int64_t>(result.size());
      benchmark::DoNotOptimize(result.data());
    }
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(OracleCasesParseAndQuery)->Unit(benchmark::kMillisecond);

pattern::PatternV densePattern() {
  return tools::buildCase(
      "[bd*16, hh*32?, <sn cp>*8]",
      json::parse(R"([["every", 3, ["fast", 2]], ["jux", "rev"], ["chop", 4]])"));
}

void DensePatternPerCycle(benchmark::State& state) {
  pattern::PatternV p = densePattern();
  int64_t events = 0;
  for (auto _ : state)
    for (int64_t c = 0; c < 1000; ++c) {
      auto result = tools::queryCase(p, Rational(c), Rational(c + 1));
      events += static_cast<int64_t>(result.size());
      benchmark::DoNotOptimize(result.data());
    }
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["events/cycle"] =
      static_cast<double>(events) / (1000.0 * static_cast<double>(state.iterations()));
}
BENCHMARK(DensePatternPerCycle)->Unit(benchmark::kMillisecond);

void DensePatternOneQuery(benchmark::State& state) {
  pattern::PatternV p = densePattern();
  int64_t events = 0;
  for (auto _ : state) {
    auto result = tools::queryCase(p, Rational(0), Rational(1000));
    events += static_cast<int64_t>(result.size());
    benchmark::DoNotOptimize(result.data());
  }
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(DensePatternOneQuery)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char** argv) {
  if (argc > 1 && argv[1][0] != '-') {
    oracleDir = argv[1];
    --argc;
    ++argv;
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
