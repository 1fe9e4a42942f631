// phonon: render patches (and, later, play them live, query patterns, benchmark).
//   phonon render FILE.ph|FILE.o -o OUT.wav|.flac|.ogg|.aiff [render options, tools/cli]
//                 [--engine jit|baseline|interp] [-O0..-O3]
//   phonon play FILE [play options]
//   phonon live FILE [--render OUT.wav --duration S --edits SCRIPT]
//   phonon nodes [--json | --markdown] | phonon nodes [--json] NAME...
#include "LiveSession.h"
#include "NodeListing.h"
#include "PlayCommand.h"
#include "Query.h"
#include "RenderCommand.h"
#include "TieredPatch.h"
#include "ToolSupport.h"

#include "phonon/codegen/JitModule.h"
#include "phonon/frontend/Frontend.h"

#include "phonon/interp/Interpreter.h"
#include "phonon/nodes/Catalogue.h"
#include "phonon/rt/Render.h"

#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>

namespace {

const char* const kUsage = R"(usage: phonon COMMAND ...

commands:
  render FILE.ph|FILE.pir|FILE.o -o OUT [--format wav|flac|ogg|aiff] [--bits 16|24|32f]
         [--duration S | --cycles N] [--sample-rate R] [--block N] [--threads N]
         [--engine jit|baseline|interp] [--samples DIR]... [--stems | --multichannel | --mono]
         [--quiet] [-O0|-O1|-O2|-O3]
      Renders a patch (source, textual IR, or an object file from `phononc -o x.o`) to an
      audio file whose format follows the extension of OUT (or --format), with a progress
      bar on a terminal and a summary (see `phonon render --help`).
  play FILE.ph|FILE.pir|FILE.o [--device NAME|INDEX] [--latency MS] [--duration S |
       --cycles N] [--sample-rate R] [--block N] [--threads N] [--engine jit|baseline|interp]
       [--samples DIR]... [-O0|-O1|-O2|-O3]
  play --list-devices
      Plays a patch on the sound card (PortAudio: ALSA, JACK, OSS) until Ctrl-C or for
      --duration/--cycles, and reports xruns at the end (see `phonon play --help`).
  live FILE.ph [--render OUT.wav --duration S [--edits SCRIPT]] [--engine jit|interp] [-O0..-O3]
      Plays a patch and swaps in each saved version, keeping the state of unchanged nodes;
      --render renders a scripted session in real time (see `phonon live --help`).
  query MINI [--ops JSON] [--from T] [--to T] [--json]
  query --batch FILE|-
      Queries a mini-notation pattern (see `phonon query --help`).
  nodes [--json | --markdown]
      Lists the node catalogue with signatures; --json: every node as JSON (name, aliases,
      group, ports with their defaults, ranges, units and flags, kernel written or not, an
      example); --markdown: docs/nodes.md.
  nodes [--json] NAME...
      One node's reference (an alias, a pattern function or an operator works too): its
      section, signature, one line per port (kind, unit, default, range), definition, state,
      channels and an example program with what it sounds like; --json: its JSON object.
)";

const char* const kRenderUsage =
    R"(usage: phonon render FILE.ph|FILE.pir|FILE.o -o OUT [options]

Renders a patch — source (.ph), textual IR (.pir) or an object file from `phononc -o x.o` — to
an audio file. The file appears only when the render is complete (with --stems, all the files
together), and nothing is left after an error. While it renders, a progress bar shows on
standard error when that is a terminal; at the end a summary says the duration, peak and RMS
level, the samples beyond full scale (|x| > 1, all channels together) and how much faster than
real time it rendered. Samples beyond full scale are written as they are to a float file and
clipped in an integer one.

options:
)";

const char* const kRenderUsageEnd =
    R"(  --engine E          jit: the JIT's optimised code from the first sample; baseline:
                      the JIT's baseline code alone (the node functions called, not
                      inlined: quick to compile, slower to run); interp: the reference
                      interpreter, sample by sample (neither for .o). By default the JIT,
                      and a small patch starts at once on the interpreter by blocks, then,
                      unless it would soon be done, runs the quick code (inlined IR,
                      machine code made fast) and the optimised code as each is ready (the
                      baseline code first for a patch with feedback): the samples are the
                      same
  -O0 … -O3           optimisation level of the passes and of LLVM (default -O2)
  --time-passes       print the time each compiler pass and code generation phase took,
                      and the total from source to runnable code (standard error)
  --no-cache          compile afresh, without the JIT cache (as PHONON_NO_CACHE=1)

examples:
  phonon render song.ph -o song.wav                      8 cycles, 32-bit float WAV
  phonon render song.ph -o song.flac --duration 30       30 s of 24-bit FLAC
  phonon render song.ph -o song.wav --bits 16 --sample-rate 44100
  phonon render song.ph -o mix.wav --stems               mix.wav, mix.out.wav, mix.out1.wav …
  phononc song.ph -o song.o && phonon render song.o -o song.ogg --cycles 16
)";

int fail(const std::string& message) {
  std::cerr << "phonon: error: " << message << "\n";
  return 1;
}

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string nonFiniteName(float value) {
  return std::isnan(value) ? "NaN" : value > 0 ? "+inf" : "-inf";
}

/// LANGUAGE §9.2: once per render, where the first NaN or ±Inf came from. The interpreter
/// checks every value as it goes; for compiled code, which only sees its outputs, the module is
/// replayed in the interpreter up to the first non-finite output sample. An object file has
/// no IR, so only the output channel and the time can be told.
void reportNonFinite(const phonon::rt::RenderStats& stats, const phonon::rt::Patch& patch,
                     const phonon::rt::RenderOptions& options, const phonon::ir::Module* module,
                     const phonon::SourceFile* source) {
  using namespace phonon;
  if (!stats.mutedBlocks || !stats.firstNonFinite) return;
  const rt::NonFiniteSample& first = *stats.firstNonFinite;
  char when[64];
  std::snprintf(when, sizeof when, "%.3f s (sample %" PRIu64 ")",
                static_cast<double>(first.frame) / options.sampleRate, first.frame);
  std::string muted = std::to_string(stats.mutedBlocks) +
                      (stats.mutedBlocks == 1 ? " block of the output was muted"
                                              : " blocks of the output were muted");
  std::optional<rt::NonFiniteOrigin> origin = patch.nonFiniteOrigin();
  if (!origin && module) {
    try {
      origin = interp::locateNonFinite(*module, options, first.frame + 1);
    } catch (const std::exception&) {
      // The render itself got past this point; the report falls back to the channel.
    }
  }
  if (!origin || !module) {
    std::fprintf(stderr, "phonon: warning: output channel %u is %s at %s; %s (%s)\n",
                 first.channel + 1, nonFiniteName(first.value).c_str(), when, muted.c_str(),
                 module ? "the interpreter's replay did not find the node that produced it"
                        : "an object file has no source, so the node cannot be named");
    return;
  }
  const ir::Instr& in = (*module)[origin->instr];
  std::string what = in.op == ir::Opcode::Node      ? tools::quotedNodeName(*in.node)
                     : in.op == ir::Opcode::Pattern ? "the pattern"
                     : in.op == ir::Opcode::Const   ? "the constant"
                                                    : "%" + std::to_string(origin->instr);
  std::snprintf(when, sizeof when, "%.3f s (sample %" PRIu64 ")",
                static_cast<double>(origin->frame) / options.sampleRate, origin->frame);
  std::string message =
      what + " produced " + nonFiniteName(origin->value) + " at " + when + "; " + muted;
  if (in.hasLoc && source) {
    DiagnosticEngine diags(source);
    diags.warning(in.loc, message);
    diags.flush(std::cerr);
  } else {
    std::fprintf(stderr, "phonon: warning: %s (value %%%u of the IR) %s\n", what.c_str(),
                 origin->instr, message.substr(what.size() + 1).c_str());
  }
}

/// Where the program writes the sound `name` (LANGUAGE §8.1: an unknown name is warned about at
/// its place when the program names it): the first such atom of a sound pattern, or the file
/// port's constant that names it.
std::optional<phonon::SourceRange> soundNameLocation(const phonon::ir::Module& m,
                                                     const std::string& name) {
  using namespace phonon;
  for (const pattern::PatternExprPtr& sound : m.voices)
    for (const pattern::SoundAtom& atom : pattern::soundAtoms(*sound))
      if (atom.name == name && atom.loc.end > atom.loc.begin)
        return SourceRange{atom.loc.begin, atom.loc.end};
  for (const ir::Instr& in : m.instrs)
    if (in.op == ir::Opcode::Const && in.hasLoc && !in.file.empty() &&
        rt::splitSoundName(in.file).first == name)
      return in.loc;
  return std::nullopt;
}

/// A warning of the render, at its place in the source where it has one.
void printRenderWarning(const std::string& warning, const phonon::ir::Module* module,
                        const phonon::SourceFile* source) {
  using namespace phonon;
  const std::string prefix = "unknown sample name `";
  if (module && source && warning.rfind(prefix, 0) == 0) {
    size_t end = warning.find('`', prefix.size());
    std::string name = warning.substr(prefix.size(), end - prefix.size());
    if (std::optional<SourceRange> at = soundNameLocation(*module, name)) {
      DiagnosticEngine diags(source);
      diags.warning(*at, warning);
      diags.flush(std::cerr);
      return;
    }
  }
  std::fprintf(stderr, "phonon: warning: %s\n", warning.c_str());
}

int render(int argc, char** argv) {
  using namespace phonon;
  const auto started = std::chrono::steady_clock::now();
  std::string input, engine; // empty: the JIT, a small patch the interpreter first
  int optLevel = 2;
  bool timePasses = false;
  cli::RenderSettings settings;
  for (int i = 0; i < argc; ++i) {
    std::string arg = argv[i];
    std::string error;
    if (arg == "-h" || arg == "--help") {
      std::cout << kRenderUsage << cli::kRenderOptionsHelp << kRenderUsageEnd;
      return 0;
    }
    if (arg == "--time-passes") {
      timePasses = true;
      continue;
    }
    switch (cli::parseRenderOption(argc, argv, i, settings, error)) {
    case cli::OptionStatus::Taken:
      continue;
    case cli::OptionStatus::Failed:
      return fail(error);
    case cli::OptionStatus::NotMine:
      break;
    }
    switch (tools::parseEngineOption(argc, argv, i, engine, optLevel, error)) {
    case cli::OptionStatus::Taken:
      continue;
    case cli::OptionStatus::Failed:
      return fail(error);
    case cli::OptionStatus::NotMine:
      break;
    }
    if (!arg.empty() && arg[0] == '-') {
      return fail("unknown option '" + arg + "' (see `phonon render --help`)");
    } else if (input.empty()) {
      input = arg;
    } else {
      return fail("expected one input file");
    }
  }
  if (input.empty()) return fail("render needs an input file (see `phonon render --help`)");
  if (std::string error = cli::finishRenderSettings(settings); !error.empty()) return fail(error);

  // A render that will compile — with `--engine jit` or `--engine baseline`, or with
  // --time-passes — loads the compiler module (50 MB, about 4 ms of relocations and
  // constructors) on a thread of its own while the patch is parsed, not after it on the
  // compiling thread. Joined after the patch is gone. Not a render by the interpreter first
  // (TieredPatch), which compiles only if the interpreter would take long: the load, on the
  // other core, slowed W1's 60 s (which needs no compile) from 14.3 to 16.9 ms.
  const bool willCompile = engine == "jit" || engine == "baseline" || timePasses;
  std::jthread loadsCompiler;
  if (engine != "interp" && !endsWith(input, ".o") && willCompile) {
    prepareParsingThread(); // the parse would wait for the load otherwise
    loadsCompiler = std::jthread([] {
      std::string ignored; // the compile that needs the module reports it
      codegen::loadJitModule(ignored);
    });
  }
  std::unique_ptr<rt::Patch> patch;
  std::optional<ir::Module> module; // none for an object file
  std::optional<SourceFile> source; // a .ph input's text, for located warnings
  std::string error;
  codegen::CodegenTimes times;
  bool compiled = false;                // by the JIT: its phases are timed
  tools::TieredPatch* tiered = nullptr; // the interpreter first, the JIT's code when ready
  if (endsWith(input, ".o")) {
    if (engine == "interp" || engine == "baseline")
      return fail(input + " is compiled code: it runs with --engine jit only");
    if (const codegen::JitApi* jit = codegen::loadJitModule(error))
      patch = jit->loadObjectFile(input, error);
  } else {
    tools::CompileRequest request;
    request.path = input;
    request.optLevel = optLevel;
    request.keepSource = &source;
    request.passOptions.timePasses = timePasses;
    module = tools::compilePatch(request);
    if (!module) return 1;
    // The outputs apart only for the files that have them: else each kernel that writes them
    // is compiled once, not twice (CodegenOptions::stems).
    const bool stems = settings.stems || settings.multichannel;
    if (engine == "interp") {
      patch = std::make_unique<interp::InterpretedPatch>(*module); // the reference, by samples
    } else if (engine.empty() && tools::TieredPatch::suits(*module)) {
      // Compiled only if the interpreter would not finish the render soon; --time-passes
      // compiles at once, to time it.
      patch = std::make_unique<tools::TieredPatch>(
          *module, tools::TieredPatch::jitTiers(optLevel, stems), 0,
          timePasses ? 0 : cli::renderFrames(settings, module->cps));
      tiered = static_cast<tools::TieredPatch*>(patch.get());
    } else if (const codegen::JitApi* jit = codegen::loadJitModule(error)) {
      patch = jit->compileJit(*module,
                              codegen::CodegenOptions{.optLevel = optLevel,
                                                      .stems = stems,
                                                      .baseline = engine == "baseline",
                                                      .times = &times},
                              error);
      compiled = true;
    }
  }
  if (!patch) return fail(error);
  if (timePasses && tiered) tools::TieredPatch::printStart(std::cerr);
  if (timePasses) tools::printCodegenTimes(compiled ? &times : nullptr, started, std::cerr);

  cli::RenderReporting reporting;
  reporting.tool = "phonon";
  reporting.input = input;
  const ir::Module* ir = module ? &*module : nullptr;
  const SourceFile* text = source ? &*source : nullptr;
  reporting.warning = [&](const std::string& w) { printRenderWarning(w, ir, text); };
  reporting.nonFinite = [&](const rt::RenderStats& stats, const rt::RenderOptions& options) {
    reportNonFinite(stats, *patch, options, ir, text);
  };
  const int status = cli::renderToFiles(*patch, settings, reporting);
  if (tiered) {
    tiered->report(timePasses, std::cerr);
    // The files are complete and the render over: a tier still compiling (LLVM cannot be
    // stopped halfway) is no reason to wait. Ends the process without running the static
    // destructors that thread may still use.
    if (tiered->compiling()) {
      std::cout.flush();
      std::cerr.flush();
      std::fflush(nullptr);
      std::_Exit(status);
    }
  }
  return status;
}

int run(int argc, char** argv) {
  if (argc < 2) return fail("no command\n" + std::string(kUsage));
  std::string command = argv[1];
  if (command == "-h" || command == "--help" || command == "help") {
    std::cout << kUsage;
    return 0;
  }
  if (command == "render") return render(argc - 2, argv + 2);
  if (command == "play") return phonon::tools::runPlay(argc - 2, argv + 2);
  if (command == "live") return phonon::tools::runLive(argc - 2, argv + 2);
  if (command == "nodes") return phonon::tools::runNodes(argc - 2, argv + 2);
  if (command == "query") return phonon::tools::runQuery(argc - 2, argv + 2);
  return fail("unknown command '" + command + "'\n" + kUsage);
}

} // namespace

int main(int argc, char** argv) {
  return phonon::tools::runWithLargeStack("phonon", [&] { return run(argc, argv); });
}
