#include "PlayCommand.h"

#include "ToolSupport.h"

#include "phonon/codegen/JitModule.h"
#include "phonon/interp/Interpreter.h"
#include "phonon/play/PatchSource.h"
#include "phonon/play/Play.h"
#include "phonon/rt/Render.h"

#include <atomic>
#include <cinttypes>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace phonon::tools {

namespace {

const char* const kPlayUsage =
    R"(usage: phonon play FILE.ph|FILE.pir|FILE.o [--device NAME|INDEX] [--latency MS]
                   [--duration S | --cycles N] [--sample-rate R] [--block N] [--threads N]
                   [--engine jit|interp] [-O0|-O1|-O2|-O3] [--samples DIR]...
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
  --engine E       jit (default) or interp; -O0..-O3 as for render (default -O2).
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

std::atomic<bool> stopPlaying{false};
volatile std::sig_atomic_t stopSignal = 0;

/// Ctrl-C (or SIGTERM) asks for the fade; a second one ends the program at once.
extern "C" void onStopSignal(int signal) {
  if (stopPlaying.load()) {
    std::signal(signal, SIG_DFL);
    std::raise(signal);
    return;
  }
  stopSignal = signal;
  stopPlaying.store(true);
}

int listDevices() {
  std::vector<play::OutputDevice> devices;
  std::string error;
  if (!play::listOutputDevices(devices, error)) return fail("play: " + error);
  if (devices.empty()) {
    std::printf("no audio output devices\n");
    return 0;
  }
  std::printf("  index  name                                  host API      channels  rate      "
              "latency\n");
  for (const play::OutputDevice& d : devices)
    std::printf("%c %5d  %-36s  %-12s  %8d  %-8.0f  %.1f ms (high %.1f ms)\n",
                d.isDefault ? '*' : ' ', d.index, d.name.c_str(),
                d.hostApi.rfind("JACK", 0) == 0 ? "JACK" : d.hostApi.c_str(), d.maxOutputChannels,
                d.defaultSampleRate, d.lowLatencyMs, d.highLatencyMs);
  return 0;
}

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

int runPlay(int argc, char** argv) {
  std::string input, engine = "jit";
  play::PlayOptions options;
  bool list = false;
  std::optional<double> duration, cycles;
  double threads = 0; // one per core
  int optLevel = 2;
  rt::SampleSearchPath samples;
  auto value = [&](int& i, const std::string& arg, std::string& out) {
    size_t eq = arg.find('=');
    if (eq != std::string::npos) {
      out = arg.substr(eq + 1);
      return true;
    }
    if (i + 1 >= argc) return false;
    out = argv[++i];
    return true;
  };
  for (int i = 0; i < argc; ++i) {
    std::string arg = argv[i];
    std::string key = arg.substr(0, arg.find('='));
    std::string v;
    if (arg == "-h" || arg == "--help") {
      std::cout << kPlayUsage;
      return 0;
    } else if (arg == "--list-devices") {
      list = true;
    } else if (key == "--device") {
      if (!value(i, arg, options.device) || options.device.empty())
        return fail("--device needs a device's index or name");
    } else if (key == "--threads") {
      if (!value(i, arg, v)) return fail("--threads needs a value");
      auto number = parseNumber(v);
      if (!number || *number < 1 || *number > 256 || *number != std::floor(*number))
        return fail("--threads must be a whole number from 1 to 256, not '" + v + "'");
      threads = *number;
    } else if (key == "--duration" || key == "--cycles" || key == "--sample-rate" ||
               key == "--block" || key == "--latency") {
      if (!value(i, arg, v)) return fail(key + " needs a value");
      auto number = parseNumber(v);
      if (!number || *number <= 0) return fail(key + " must be a positive number, not '" + v + "'");
      if (key == "--duration")
        duration = *number;
      else if (key == "--cycles")
        cycles = *number;
      else if (key == "--sample-rate")
        options.sampleRate = *number;
      else if (key == "--latency")
        options.latencyMs = *number;
      else if (*number > 16384 || *number != std::floor(*number))
        return fail("--block must be a whole number between 1 and 16384");
      else
        options.blockSize = static_cast<uint32_t>(*number);
    } else if (key == "--samples") {
      if (!value(i, arg, v)) return fail("--samples needs a folder");
      std::error_code ec;
      if (!std::filesystem::is_directory(v, ec))
        return fail("--samples: '" + v + "' is not a folder");
      samples.dirs.push_back(v);
    } else if (key == "--engine") {
      if (!value(i, arg, engine)) return fail("--engine needs a value");
      if (engine != "jit" && engine != "interp")
        return fail("--engine must be jit or interp, not '" + engine + "'");
    } else if (auto level = parseOptLevel(arg)) {
      optLevel = *level;
    } else if (!arg.empty() && arg[0] == '-') {
      return fail("unknown option '" + arg + "'\n" + kPlayUsage);
    } else if (input.empty()) {
      input = arg;
    } else {
      return fail("expected one input file");
    }
  }
  if (list) return listDevices();
  if (input.empty()) return fail("play needs an input file\n" + std::string(kPlayUsage));
  if (duration && cycles) return fail("give --duration or --cycles, not both");
  if (options.sampleRate < 1000 || options.sampleRate > 768000 ||
      options.sampleRate != std::floor(options.sampleRate))
    return fail("--sample-rate must be a whole number of Hz between 1000 and 768000");
  if (options.latencyMs > 10000) return fail("--latency must be at most 10000 ms");
  if ((duration && *duration > 86400) || (cycles && *cycles > 1e7))
    return fail("the playback is longer than 24 hours");

  std::unique_ptr<rt::Patch> patch;
  std::optional<ir::Module> module; // kept alive for the interpreter
  std::string error;
  if (endsWith(input, ".o")) {
    if (engine == "interp")
      return fail(input + " is compiled code: it runs with --engine jit only");
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
      patch = jit->compileJit(*module, codegen::CodegenOptions{optLevel}, error);
  }
  if (!patch) return fail(error);
  patch->setSampleSearchPath(samples);
  const float rate = static_cast<float>(options.sampleRate);
  if (duration)
    options.frames = rt::framesForSeconds(*duration, rate);
  else if (cycles)
    options.frames = rt::framesForCycles(*cycles, patch->cps(), rate);

  play::PatchSource source(*patch, static_cast<unsigned>(threads));
  source.onWarning = [](const std::string& w) {
    std::fprintf(stderr, "phonon: warning: %s\n", w.c_str());
  };
  options.stop = &stopPlaying;
  options.started = [&](const play::PlayStats& s) {
    std::printf("playing %s on '%s' (%s) at %.0f Hz, latency %.1f ms (device %.1f + buffer "
                "%.1f)%s\n",
                input.c_str(), s.device.c_str(), s.hostApi.c_str(), s.sampleRate,
                s.deviceLatencyMs + s.bufferMs, s.deviceLatencyMs, s.bufferMs,
                options.frames ? "" : "; Ctrl-C stops");
    std::fflush(stdout);
  };
  // A signal the shell had ignored (a background job's SIGINT) stays ignored.
  struct sigaction onStop = {}, previous[2] = {};
  onStop.sa_handler = onStopSignal;
  sigemptyset(&onStop.sa_mask);
  const int stopSignals[2] = {SIGINT, SIGTERM};
  for (int i = 0; i < 2; ++i)
    if (sigaction(stopSignals[i], nullptr, &previous[i]) == 0 && previous[i].sa_handler != SIG_IGN)
      sigaction(stopSignals[i], &onStop, nullptr);
  play::PlayStats stats;
  const bool played = play::play(source, options, stats, error);
  for (int i = 0; i < 2; ++i) sigaction(stopSignals[i], &previous[i], nullptr);
  if (!played) return fail("play: " + error);

  const double seconds = static_cast<double>(stats.framesPlayed) / options.sampleRate;
  if (stats.xruns() == 0)
    std::printf("played %.3f s%s: no xruns\n", seconds, stats.interrupted ? " (stopped)" : "");
  else
    std::printf("played %.3f s%s: %" PRIu64 " xruns (%" PRIu64
                " gaps the patch had not filled in time, %.3f s of silence in all; %" PRIu64
                " underflows of the device)\n",
                seconds, stats.interrupted ? " (stopped)" : "", stats.xruns(), stats.ringUnderruns,
                static_cast<double>(stats.underrunFrames) / options.sampleRate,
                stats.deviceUnderflows);
  std::fflush(stdout);
  if (source.mutedBlocks())
    std::fprintf(stderr, "phonon: warning: %" PRIu64 " blocks held NaN or Inf and were muted\n",
                 source.mutedBlocks());
  if (source.clippedSamples())
    std::fprintf(stderr, "phonon: warning: %" PRIu64 " samples were above 0 dBFS\n",
                 source.clippedSamples());
  // Stopped by a signal: the conventional status of one (130 for Ctrl-C), so that a shell loop
  // or script around the player stops too.
  if (stats.interrupted && stopSignal) {
    std::signal(stopSignal, SIG_DFL);
    std::raise(stopSignal);
  }
  return 0;
}

} // namespace phonon::tools
