// The voice engine's cost (LANGUAGE §8.2): 20 s at 48 kHz in blocks of 512 of
//   - steady: 256 overlapping voices of a 30 s mono sample at speed 1.3 (Hermite reads), all
//     started in the first quarter second and sounding to the end;
//   - churn: 256 onsets per second of a 1 s sample at speed 0.9 (about 280 wanted at once,
//     so the pool steals and fades continuously), panned;
//   - synth: 256 overlapping saw voices (each 1 s, a new one every 1/256 s);
//   - bus: 256 overlapping bus voices (LANGUAGE §8.4) of `saw 110 # lpf 800 0.7`, each 1 s at
//     notes 0 3 7 12, the graph compiled by the JIT at -O2 (bus-jit) or interpreted (bus-interp).
// Prints each one's realtime factor, audio seconds per second of this thread's CPU time (the
// shared machine's other load does not count) and per wall second, and the CPU seconds of the
// query (the pattern step) and of the render. Usage: voices-bench [seconds]
#include "phonon/codegen/Codegen.h"
#include "phonon/frontend/Frontend.h"
#include "phonon/frontend/Mini.h"
#include "phonon/interp/Interpreter.h"
#include "phonon/passes/Passes.h"
#include "phonon/rt/Voices.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

namespace {

using namespace phonon;
using pattern::PatternExpr;
using pattern::PatternExprPtr;
using Clock = std::chrono::steady_clock;

/// This thread's CPU time in seconds.
double cpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

PatternExprPtr control(const std::string& name, const std::string& text) {
  SourceFile file("<bench>", text);
  DiagnosticEngine diags(&file);
  auto mini = std::make_shared<PatternExpr>();
  mini->kind = PatternExpr::Kind::Mini;
  mini->mini = parseMini(text, 0, diags);
  mini->text = text;
  mini->context =
      name == "s" || name == "wave" ? pattern::AtomContext::Sound : pattern::AtomContext::Numeric;
  if (!mini->mini) {
    std::fprintf(stderr, "cannot parse \"%s\"\n", text.c_str());
    std::exit(1);
  }
  auto e = std::make_shared<PatternExpr>();
  e->kind = PatternExpr::Kind::Control;
  e->control = name;
  e->lhs = mini;
  return e;
}

PatternExprPtr chain(PatternExprPtr a, PatternExprPtr b) {
  auto e = std::make_shared<PatternExpr>();
  e->kind = PatternExpr::Kind::Set;
  e->structure = pattern::Structure::Left;
  e->lhs = std::move(a);
  e->rhs = std::move(b);
  return e;
}

/// A decaying pseudo-random tone, `seconds` long at 48 kHz.
rt::Sample tone(double seconds) {
  rt::Sample s;
  s.name = "tone";
  s.path = "<bench>";
  s.frames = static_cast<uint64_t>(seconds * 48000);
  s.data.resize(s.frames);
  uint32_t x = 1;
  for (uint64_t i = 0; i < s.frames; ++i) {
    x = x * 1664525u + 1013904223u;
    s.data[i] = 0.5f * std::sin(static_cast<float>(i) * 0.05f) +
                0.01f * (static_cast<float>(x >> 8) / 16777216.0f - 0.5f);
  }
  return s;
}

void run(const char* name, PatternExprPtr sound, Rational cps, double seconds,
         const rt::SampleResolver& resolve, std::vector<rt::BusVoiceGraph> busVoices = {}) {
  rt::VoiceEngine engine({sound}, resolve, std::move(busVoices));
  const uint32_t block = 512;
  engine.reset(48000.0f, block, cps, Rational(0));
  const auto frames = static_cast<uint64_t>(seconds * 48000);
  double query = 0, render = 0;
  Clock::time_point wallStart = Clock::now();
  double checksum = 0;
  uint32_t maxSounding = 0;
  for (uint64_t position = 0; position < frames; position += block) {
    double t0 = cpuSeconds();
    engine.query(position, block);
    double t1 = cpuSeconds();
    engine.render();
    double t2 = cpuSeconds();
    query += t1 - t0;
    render += t2 - t1;
    checksum += engine.left(0)[0] + engine.right(0)[block - 1];
    if (engine.sounding(0) > maxSounding) maxSounding = engine.sounding(0);
  }
  double wall = std::chrono::duration<double>(Clock::now() - wallStart).count();
  std::printf("%-10s %4u voices  %6.1fx realtime CPU, %6.1fx wall  (query %.3f s, render %.3f s "
              "CPU)  [%g]\n",
              name, maxSounding, seconds / (query + render), seconds / wall, query, render,
              checksum);
}

/// The bus voice `~pad` of a small patch, after the -O2 passes: its graph by the JIT (the
/// patch kept alive in `keep`) or by the interpreter.
rt::BusVoiceGraph padGraph(bool jit, std::unique_ptr<rt::Patch>& keep) {
  SourceFile file("<bench>", "~pad: saw 110 # lpf 800 0.7\nout: s \"~pad\"\n");
  DiagnosticEngine diags(&file);
  ast::Program program = parse(file, diags);
  std::optional<ir::Module> m = lowerToIr(program, file, diags);
  if (!m || m->voiceTemplates.size() != 1) {
    std::fprintf(stderr, "cannot compile the bus voice\n");
    std::exit(1);
  }
  passes::PassManagerOptions options;
  std::ostringstream quiet;
  passes::runPasses(*m, passes::pipelineForLevel(2), options, quiet, quiet);
  if (!jit) return {"pad", interp::interpretedVoiceGraph(m->voiceTemplates[0].graph)};
  std::string error;
  keep = codegen::compileJit(*m, codegen::CodegenOptions{2}, error);
  auto* patch = dynamic_cast<rt::DescriptorPatch*>(keep.get());
  if (!patch) {
    std::fprintf(stderr, "cannot compile the bus voice: %s\n", error.c_str());
    std::exit(1);
  }
  const phonon_patch_descriptor* graph = patch->descriptor()->voice_templates[0].graph;
  return {"pad", rt::descriptorVoiceGraph(graph, pattern::deserialize(std::string(
                                                     reinterpret_cast<const char*>(graph->program),
                                                     static_cast<size_t>(graph->program_size))))};
}

} // namespace

int main(int argc, char** argv) {
  double seconds = argc > 1 ? std::atof(argv[1]) : 20.0;
  if (!(seconds > 0)) seconds = 20.0;
  rt::Sample longTone = tone(30.0), shortTone = tone(1.0);
  rt::SampleResolver resolve = [&](std::string_view sound, int64_t) -> const rt::Sample* {
    return sound == "long" ? &longTone : sound == "short" ? &shortTone : nullptr;
  };
  std::printf("voice engine, %g s at 48 kHz, blocks of 512, one player\n", seconds);
  run("steady", chain(control("s", "long*256"), control("speed", "1.3")), Rational(4), seconds,
      resolve);
  run("churn",
      chain(chain(control("s", "short*64"), control("speed", "0.9")),
            control("pan", "-0.5 0.5 0.2")),
      Rational(4), seconds, resolve);
  run("synth",
      chain(chain(control("freq", "110 220 330 440"), control("wave", "saw")),
            control("legato", "256")),
      Rational(64), seconds, resolve);
  for (bool jit : {true, false}) {
    std::unique_ptr<rt::Patch> keep;
    run(jit ? "bus-jit" : "bus-interp",
        chain(chain(control("s", "~pad*4"), control("note", "0 3 7 12")), control("legato", "256")),
        Rational(64), seconds, resolve, {padGraph(jit, keep)});
  }
  return 0;
}
