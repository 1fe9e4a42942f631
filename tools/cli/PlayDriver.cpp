#include "PlayDriver.h"

#include "phonon/play/PatchSource.h"
#include "phonon/rt/Render.h"

#include <atomic>
#include <cinttypes>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <vector>

namespace phonon::cli {

const char* const kPlayOnlyOptionsHelp =
    R"(  --play              play the patch on the sound card instead of writing a file: until
                      Ctrl-C (which fades out), or for --duration S / --cycles N; takes
                      --sample-rate, --block, --threads and --samples as above, and:
  --device D          the output device: its index or name from --list-devices (a part of
                      the name that only one device has will do), or a host API (alsa,
                      jack, oss) for that API's default output (default: the system's)
  --latency MS        how far ahead of the loudspeaker the patch is computed (default 50)
  --list-devices      list the output devices: index, name, host API, channels, default
                      rate and latency (* marks the default), then exit
)";

namespace {

std::atomic<bool> stopPlaying{false};
volatile std::sig_atomic_t stopSignal = 0;
constexpr int kStopSignals[2] = {SIGINT, SIGTERM};
struct sigaction previousHandlers[2] = {};

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

int fail(const std::string& tool, const std::string& message) {
  std::cerr << tool << ": error: " << message << "\n";
  return 1;
}

} // namespace

OptionStatus parsePlayOption(int argc, char** argv, int& i, PlaySettings& s, std::string& error) {
  const std::string arg = argv[i];
  const std::string key = arg.substr(0, arg.find('='));
  std::string v;
  auto value = [&](std::string& out) { return optionValue(argc, argv, i, out); };
  auto failed = [&](std::string message) {
    error = std::move(message);
    return OptionStatus::Failed;
  };
  if (arg == "--list-devices") {
    s.listDevices = true;
  } else if (key == "--device") {
    if (!value(s.options.device) || s.options.device.empty())
      return failed("--device needs a device's index or name");
  } else if (key == "--threads") {
    if (!value(v)) return failed("--threads needs a value");
    auto number = parseNumber(v);
    if (!number || *number < 1 || *number > 256 || *number != std::floor(*number))
      return failed("--threads must be a whole number from 1 to 256, not '" + v + "'");
    s.threads = *number;
  } else if (key == "--duration" || key == "--cycles" || key == "--sample-rate" ||
             key == "--block" || key == "--latency") {
    if (!value(v)) return failed(key + " needs a value");
    auto number = parseNumber(v);
    if (!number || *number <= 0) return failed(key + " must be a positive number, not '" + v + "'");
    if (key == "--duration")
      s.duration = *number;
    else if (key == "--cycles")
      s.cycles = *number;
    else if (key == "--sample-rate")
      s.options.sampleRate = *number;
    else if (key == "--latency")
      s.options.latencyMs = *number;
    else if (*number > 16384 || *number != std::floor(*number))
      return failed("--block must be a whole number between 1 and 16384");
    else
      s.options.blockSize = static_cast<uint32_t>(*number);
  } else if (key == "--samples") {
    if (!value(v)) return failed("--samples needs a folder");
    std::error_code ec;
    if (!std::filesystem::is_directory(v, ec))
      return failed("--samples: '" + v + "' is not a folder");
    s.samples.dirs.push_back(v);
  } else {
    return OptionStatus::NotMine;
  }
  return OptionStatus::Taken;
}

std::string finishPlaySettings(const PlaySettings& s) {
  if (s.duration && s.cycles) return "give --duration or --cycles, not both";
  const double rate = s.options.sampleRate;
  if (rate < 1000 || rate > 768000 || rate != std::floor(rate))
    return "--sample-rate must be a whole number of Hz between 1000 and 768000";
  if (s.options.latencyMs > 10000) return "--latency must be at most 10000 ms";
  if ((s.duration && *s.duration > 86400) || (s.cycles && *s.cycles > 1e7))
    return "the playback is longer than 24 hours";
  return "";
}

int listOutputDevices(const std::string& tool) {
  std::vector<play::OutputDevice> devices;
  std::string error;
  if (!play::listOutputDevices(devices, error)) return fail(tool, "play: " + error);
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

int playPatch(rt::Patch& patch, const PlaySettings& settings, const PlayReporting& reporting) {
  const std::string& tool = reporting.tool;
  play::PlayOptions options = settings.options;
  options.listDevicesCommand = reporting.listDevicesCommand;
  patch.setSampleSearchPath(settings.samples);
  const float rate = static_cast<float>(options.sampleRate);
  if (settings.duration)
    options.frames = rt::framesForSeconds(*settings.duration, rate);
  else if (settings.cycles)
    options.frames = rt::framesForCycles(*settings.cycles, patch.cps(), rate);

  play::PatchSource source(patch, static_cast<unsigned>(settings.threads));
  source.onWarning = [&tool](const std::string& w) {
    std::fprintf(stderr, "%s: warning: %s\n", tool.c_str(), w.c_str());
  };
  options.started = [&](const play::PlayStats& s) {
    std::printf("playing %s on '%s' (%s) at %.0f Hz, latency %.1f ms (device %.1f + buffer "
                "%.1f)%s\n",
                reporting.input.c_str(), s.device.c_str(), s.hostApi.c_str(), s.sampleRate,
                s.deviceLatencyMs + s.bufferMs, s.deviceLatencyMs, s.bufferMs,
                options.frames ? "" : "; Ctrl-C stops");
    std::fflush(stdout);
  };
  options.stop = catchStopSignals();
  play::PlayStats stats;
  std::string error;
  const bool played = play::play(source, options, stats, error);
  releaseStopSignals();
  if (!played) return fail(tool, "play: " + error);

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
    std::fprintf(stderr, "%s: warning: %" PRIu64 " blocks held NaN or Inf and were muted\n",
                 tool.c_str(), source.mutedBlocks());
  if (source.clippedSamples())
    std::fprintf(stderr, "%s: warning: %" PRIu64 " samples were above 0 dBFS\n", tool.c_str(),
                 source.clippedSamples());
  if (stats.interrupted) endIfStoppedBySignal();
  return 0;
}

std::atomic<bool>* catchStopSignals() {
  struct sigaction onStop = {};
  onStop.sa_handler = onStopSignal;
  sigemptyset(&onStop.sa_mask);
  for (int i = 0; i < 2; ++i)
    if (sigaction(kStopSignals[i], nullptr, &previousHandlers[i]) == 0 &&
        previousHandlers[i].sa_handler != SIG_IGN)
      sigaction(kStopSignals[i], &onStop, nullptr);
  return &stopPlaying;
}

void releaseStopSignals() {
  for (int i = 0; i < 2; ++i) sigaction(kStopSignals[i], &previousHandlers[i], nullptr);
}

void endIfStoppedBySignal() {
  if (!stopSignal) return;
  std::signal(stopSignal, SIG_DFL);
  std::raise(stopSignal);
}

} // namespace phonon::cli
