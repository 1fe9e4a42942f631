// Compile latency (issue 15): source to runnable patch, in this process, step by step, in
// milliseconds (the frontend and init: this thread's CPU time; the JIT's phases: wall time, as
// `--time-passes` shows them). For the
// README's 3-line patch, a 10-line one, N summed sines and a chain of N low-pass filters:
// frontend (parse and sema), IR passes (-O2), then the JIT's steps (CodegenTimes' phases: cache
// key, node kernels, lowering, LLVM's IR pipeline, machine code, link) and init (state, one block),
// medians of ROUNDS compiles with the JIT cache off; then the cache's paths: a miss (which writes
// the object), an unchanged recompile while the first patch runs (shared code), one after it is
// gone (the object in memory) and one from the folder alone (a new process). The first compile
// of the process (LLVM's and the JIT's set-up) is shown apart. The cache is a temporary folder.
// Usage: compile-latency-bench [rounds=5] [sines=1000] [filters=200]
#include "phonon/codegen/Codegen.h"
#include "phonon/frontend/Frontend.h"
#include "phonon/passes/Passes.h"
#include "phonon/rt/Render.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

using namespace phonon;

/// This thread's CPU time in milliseconds: on a loaded machine wall time measures the others.
double cpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
}

const char* kReadme = "tempo: 0.5\n"
                      "~sweep: sine 0.125 * 0.5 + 0.5\n"
                      "out: saw 55 # lpf (~sweep * 1800 + 200) 4 * 0.35\n";

const char* kTenLines = "tempo: 0.5\n"
                        "~lfo: sine 0.25 * 0.5 + 0.5\n"
                        "~bass: saw \"55 55 82.5 73.4\" # lpf (~lfo * 1200 + 300) 3\n"
                        "~lead: square \"<220 330 440>*4\" * 0.2 # hpf 400 0.7\n"
                        "~hat: noise # hpf 8000 0.7 * (tri 8 * 0.5 + 0.5)\n"
                        "~pad: stack [sine 220, sine 277.2, sine 330] * 0.1\n"
                        "~low: sine 55 * 0.2\n"
                        "~mix: ~bass * 0.4 + ~lead + ~hat * 0.1 + ~pad + ~low\n"
                        "~wet: delay ~mix 0.375 0.4\n"
                        "out: tanh (~mix + ~wet * 0.3)\n";

std::string summedSines(int n) {
  std::string text = "out: (sine 100";
  for (int i = 1; i < n; ++i) text += " + sine " + std::to_string(100 + i * 0.5);
  return text + ") * " + std::to_string(1.0 / n) + "\n";
}

std::string filterChain(int n) {
  std::string text = "out: saw 55";
  for (int i = 0; i < n; ++i) text += " # lpf " + std::to_string(2000 + i) + " 0.7";
  return text + " * 0.5\n";
}

struct Frontend {
  ir::Module module;
  double parseMs = 0, passesMs = 0;
};

std::optional<Frontend> frontend(const std::string& text) {
  Frontend f;
  double start = cpuMs();
  SourceFile file("<bench>", text);
  DiagnosticEngine diags(&file);
  ast::Program program = parse(file, diags);
  std::optional<ir::Module> m = lowerToIr(program, file, diags);
  if (!m || diags.hasErrors()) {
    std::ostringstream messages;
    diags.flush(messages);
    std::fprintf(stderr, "cannot compile: %s\n", messages.str().c_str());
    return std::nullopt;
  }
  f.parseMs = cpuMs() - start;
  start = cpuMs();
  std::ostringstream quiet, errors;
  if (!passes::runPasses(*m, passes::pipelineForLevel(2), passes::PassManagerOptions{}, quiet,
                         errors)) {
    std::fprintf(stderr, "passes failed: %s\n", errors.str().c_str());
    return std::nullopt;
  }
  f.passesMs = cpuMs() - start;
  f.module = std::move(*m);
  return f;
}

/// The JIT's phases (CodegenTimes) in the bench's columns.
struct Steps {
  codegen::CodegenTimes::Source source = codegen::CodegenTimes::Source::Compiled;
  double key = 0, kernels = 0, lower = 0, optimize = 0, machineCode = 0, link = 0, total = 0;
};

Steps stepsOf(const codegen::CodegenTimes& t) {
  return {t.source,
          t.of("cache-key"),
          t.of("load-kernels"),
          t.of("schedule") + t.of("lower") + t.of("verify"),
          t.of("llvm-optimize"),
          t.of("llvm-codegen") + t.of("cache-store"),
          t.of("jit-link"),
          t.wallMs};
}

struct Run {
  Steps times;
  double initMs = 0;
  std::unique_ptr<rt::Patch> patch;
};

/// compileJit at -O2, then init and one block of 512 samples.
Run compile(const ir::Module& m, bool cache) {
  Run r;
  std::string error;
  codegen::CodegenTimes times;
  r.patch = codegen::compileJit(
      m, codegen::CodegenOptions{.optLevel = 2, .cache = cache, .times = &times}, error);
  r.times = stepsOf(times);
  if (!r.patch) {
    std::fprintf(stderr, "compileJit failed: %s\n", error.c_str());
    std::exit(1);
  }
  double start = cpuMs();
  rt::RenderOptions render;
  render.frames = 512;
  rt::renderToBuffer(*r.patch, render);
  r.initMs = cpuMs() - start;
  return r;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

const char* sourceName(codegen::CodegenTimes::Source s) {
  switch (s) {
  case codegen::CodegenTimes::Source::Compiled:
    return "compiled";
  case codegen::CodegenTimes::Source::MemoryCache:
    return "memory";
  case codegen::CodegenTimes::Source::DiskCache:
    return "disk";
  }
  return "?";
}

void printRow(const char* label, const Steps& t, double initMs) {
  std::printf("  %-22s %8s %7.2f %7.2f %7.2f %8.2f %8.2f %7.2f %8.2f %6.2f\n", label,
              sourceName(t.source), t.key, t.kernels, t.lower, t.optimize, t.machineCode, t.link,
              t.total, initMs);
}

} // namespace

int main(int argc, char** argv) {
  int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  int sines = argc > 2 ? std::max(1, std::atoi(argv[2])) : 1000;
  int filters = argc > 3 ? std::max(1, std::atoi(argv[3])) : 200;
  std::filesystem::path cacheDir =
      std::filesystem::temp_directory_path() / ("phonon-bench-cache-" + std::to_string(getpid()));
  codegen::JitCacheSettings settings;
  settings.directory = cacheDir.string();
  codegen::configureJitCache(settings);

  struct Case {
    std::string name, text;
  };
  std::vector<Case> cases = {{"readme (3 lines)", kReadme},
                             {"10 lines", kTenLines},
                             {std::to_string(sines) + " sines summed", summedSines(sines)},
                             {std::to_string(filters) + " lpf chained", filterChain(filters)}};
  std::printf("milliseconds, -O2, medians of %d (frontend, passes, init: CPU time of this "
              "thread; JIT steps: wall time)\n",
              rounds);
  bool first = true;
  for (const Case& c : cases) {
    std::vector<double> parseMs, passesMs;
    std::optional<Frontend> f;
    for (int i = 0; i < rounds; ++i) {
      f = frontend(c.text);
      if (!f) return 1;
      parseMs.push_back(f->parseMs);
      passesMs.push_back(f->passesMs);
    }
    std::printf("\n%s: %zu IR instructions; frontend %.2f, IR passes %.2f\n", c.name.c_str(),
                f->module.instrs.size(), median(parseMs), median(passesMs));
    std::printf("  %-22s %8s %7s %7s %7s %8s %8s %7s %8s %6s\n", "JIT", "source", "key", "kernels",
                "lower", "optimize", "machine", "link", "total", "init");
    if (first) {
      Run r = compile(f->module, false);
      printRow("first in the process", r.times, r.initMs);
      first = false;
    }
    std::vector<Run> runs;
    for (int i = 0; i < rounds; ++i) runs.push_back(compile(f->module, false));
    Steps med;
    auto field = [&](double Steps::*member) {
      std::vector<double> v;
      for (const Run& r : runs) v.push_back(r.times.*member);
      med.*member = median(v);
    };
    for (auto member : {&Steps::key, &Steps::kernels, &Steps::lower, &Steps::optimize,
                        &Steps::machineCode, &Steps::link, &Steps::total})
      field(member);
    std::vector<double> inits;
    for (const Run& r : runs) inits.push_back(r.initMs);
    printRow("cache off", med, median(inits));
    runs.clear();

    codegen::configureJitCache(settings); // memory empty
    Run miss = compile(f->module, true);
    printRow("cache miss", miss.times, miss.initMs);
    Run shared = compile(f->module, true);
    printRow("unchanged, code live", shared.times, shared.initMs);
    miss.patch.reset();
    shared.patch.reset();
    Run memory = compile(f->module, true);
    printRow("unchanged, in memory", memory.times, memory.initMs);
    memory.patch.reset();
    codegen::configureJitCache(settings); // as a new process finds it
    Run disk = compile(f->module, true);
    printRow("unchanged, from disk", disk.times, disk.initMs);
  }
  std::error_code ec;
  std::filesystem::remove_all(cacheDir, ec);
  return 0;
}
