#include "PlayCommand.h"

#include "PlayDriver.h"
#include "ToolSupport.h"

#include "phonon/codegen/JitModule.h"
#include "phonon/interp/Interpreter.h"

#include <iostream>

namespace phonon::tools {

namespace {

const char* const kPlayUsage =
    R"(usage: phonon play FILE.ph|FILE.pir|FILE.o [--device NAME|INDEX] [--latency MS]
                   [--duration S | --cycles N] [--sample-rate R] [--block N] [--threads N]
                   [--engine jit|baseline|interp] [-O0|-O1|-O2|-O3] [--samples DIR]...
       phonon play --list-devices

Plays a patch on the sound card through PortAudio (ALSA, JACK, OSS; PulseAudio and PipeWire
through their ALSA plugins) until Ctrl-C, which stops it with a short fade, or for --duration
seconds / --cycles cycles. The patch is computed on a thread of its own, --latency ahead of the
loudspeaker; gaps where it fell behind (xruns) are counted and reported at the end.

options:
  --device D       the output device: its index or name from --list-devices (a part of the
                   name that only one device has will do), or a host API (alsa, jack, oss)
                   for that API's default output. Default: the system's default output.
  --list-devices   lists the output devices: index, name, host API, channels, default rate
                   and latency (* marks the default), then exits.
  --latency MS     how far ahead of the loudspeaker the patch is computed (default 50): the
                   device's buffer and, in front of it, a ring of at least two blocks.
  --duration S     plays S seconds, then stops; --cycles N: N cycles at the patch's tempo.
  --sample-rate R  default 48000 (a JACK server plays at its own rate: give that one).
  --block N        frames per block of the patch (default 512).
  --threads N      threads for the patch's parallel batches (default: one per core).
  --engine E       jit (default), baseline or interp, as for render; -O0..-O3 and --no-cache
                   as for render (default -O2).
  --samples DIR    where sounds are looked for first (then PHONON_SAMPLES, ./samples, the
                   built-in kit).

examples:
  phonon play examples/demo.ph                       until Ctrl-C, default device
  phonon play --list-devices
  phonon play beat.ph --device jack --latency 20     through a running JACK server
  phonon play beat.ph --device 3 --cycles 16         16 cycles on device 3
  phonon play pad.ph --sample-rate 44100 --duration 30
)";

int fail(const std::string& message) {
  std::cerr << "phonon: error: " << message << "\n";
  return 1;
}

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

int runPlay(int argc, char** argv) {
  std::string input, engine = "jit";
  cli::PlaySettings settings;
  int optLevel = 2;
  for (int i = 0; i < argc; ++i) {
    std::string arg = argv[i];
    std::string error;
    if (arg == "-h" || arg == "--help") {
      std::cout << kPlayUsage;
      return 0;
    }
    switch (cli::parsePlayOption(argc, argv, i, settings, error)) {
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
      return fail("unknown option '" + arg + "'\n" + kPlayUsage);
    } else if (input.empty()) {
      input = arg;
    } else {
      return fail("expected one input file");
    }
  }
  if (settings.listDevices) return cli::listOutputDevices("phonon");
  if (input.empty()) return fail("play needs an input file\n" + std::string(kPlayUsage));
  if (std::string error = cli::finishPlaySettings(settings); !error.empty()) return fail(error);

  std::unique_ptr<rt::Patch> patch;
  std::optional<ir::Module> module; // kept alive for the interpreter
  std::string error;
  if (endsWith(input, ".o")) {
    if (engine != "jit") return fail(input + " is compiled code: it runs with --engine jit only");
    if (const codegen::JitApi* jit = codegen::loadJitModule(error))
      patch = jit->loadObjectFile(input, error);
  } else {
    CompileRequest request;
    request.path = input;
    request.optLevel = optLevel;
    module = compilePatch(request);
    if (!module) return 1;
    if (engine == "interp")
      patch = std::make_unique<interp::InterpretedPatch>(*module);
    else if (const codegen::JitApi* jit = codegen::loadJitModule(error))
      patch = jit->compileJit(
          *module, codegen::CodegenOptions{.optLevel = optLevel, .baseline = engine == "baseline"},
          error);
  }
  if (!patch) return fail(error);
  cli::PlayReporting reporting;
  reporting.tool = "phonon";
  reporting.input = input;
  return cli::playPatch(*patch, settings, reporting);
}

} // namespace phonon::tools
