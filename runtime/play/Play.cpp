#include "phonon/play/Play.h"

#include "phonon/play/Player.h"
#include "phonon/rt/SharedLibrary.h"

#include <portaudio.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <csetjmp>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <memory>
#include <string>
#include <thread>
#include <unistd.h>

namespace phonon::play {

namespace {

/// PortAudio's functions, from libportaudio loaded when a command first plays or lists devices:
/// linked into the program, PortAudio and what it links (ALSA, JACK, Berkeley DB) made every
/// process resolve about 1 750 symbols at its start, `phonon render` included, and a machine
/// without PortAudio could not run the program at all.
struct PortAudioLibrary {
  decltype(&::Pa_AbortStream) AbortStream;
  decltype(&::Pa_CloseStream) CloseStream;
  decltype(&::Pa_GetDefaultOutputDevice) GetDefaultOutputDevice;
  decltype(&::Pa_GetDeviceCount) GetDeviceCount;
  decltype(&::Pa_GetDeviceInfo) GetDeviceInfo;
  decltype(&::Pa_GetErrorText) GetErrorText;
  decltype(&::Pa_GetHostApiCount) GetHostApiCount;
  decltype(&::Pa_GetHostApiInfo) GetHostApiInfo;
  decltype(&::Pa_GetLastHostErrorInfo) GetLastHostErrorInfo;
  decltype(&::Pa_GetStreamInfo) GetStreamInfo;
  decltype(&::Pa_HostApiTypeIdToHostApiIndex) HostApiTypeIdToHostApiIndex;
  decltype(&::Pa_Initialize) Initialize;
  decltype(&::Pa_IsFormatSupported) IsFormatSupported;
  decltype(&::Pa_OpenStream) OpenStream;
  decltype(&::Pa_StartStream) StartStream;
  decltype(&::Pa_StopStream) StopStream;
  decltype(&::Pa_Terminate) Terminate;
};

constexpr const char* kPortAudioLibrary = "libportaudio.so.2";

/// The library, loaded once (it stays loaded); null with `error` set when it cannot be.
const PortAudioLibrary* loadPortAudio(std::string& error) {
  static PortAudioLibrary library;
  static std::string loadError;
  static const bool loaded = [] {
    rt::SharedLibrary pa;
    if (pa.open(kPortAudioLibrary, loadError) &&
        pa.find(library.AbortStream, "Pa_AbortStream", loadError) &&
        pa.find(library.CloseStream, "Pa_CloseStream", loadError) &&
        pa.find(library.GetDefaultOutputDevice, "Pa_GetDefaultOutputDevice", loadError) &&
        pa.find(library.GetDeviceCount, "Pa_GetDeviceCount", loadError) &&
        pa.find(library.GetDeviceInfo, "Pa_GetDeviceInfo", loadError) &&
        pa.find(library.GetErrorText, "Pa_GetErrorText", loadError) &&
        pa.find(library.GetHostApiCount, "Pa_GetHostApiCount", loadError) &&
        pa.find(library.GetHostApiInfo, "Pa_GetHostApiInfo", loadError) &&
        pa.find(library.GetLastHostErrorInfo, "Pa_GetLastHostErrorInfo", loadError) &&
        pa.find(library.GetStreamInfo, "Pa_GetStreamInfo", loadError) &&
        pa.find(library.HostApiTypeIdToHostApiIndex, "Pa_HostApiTypeIdToHostApiIndex", loadError) &&
        pa.find(library.Initialize, "Pa_Initialize", loadError) &&
        pa.find(library.IsFormatSupported, "Pa_IsFormatSupported", loadError) &&
        pa.find(library.OpenStream, "Pa_OpenStream", loadError) &&
        pa.find(library.StartStream, "Pa_StartStream", loadError) &&
        pa.find(library.StopStream, "Pa_StopStream", loadError) &&
        pa.find(library.Terminate, "Pa_Terminate", loadError))
      return true;
    loadError = "PortAudio is not available: " + loadError;
    return false;
  }();
  if (!loaded) error = loadError;
  return loaded ? &library : nullptr;
}

/// The loaded library, once a PortAudioSession has started.
const PortAudioLibrary* pa = nullptr;

/// Standard error goes to /dev/null while alive: ALSA prints a screenful about every plugin it
/// cannot open and JACK about the server it cannot reach, on every probe, none of which is the
/// user's business unless no device comes of it (and then play() says so in one line).
class QuietStandardError {
public:
  QuietStandardError() {
    std::fflush(stderr);
    saved_ = dup(STDERR_FILENO);
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved_ >= 0 && null >= 0) dup2(null, STDERR_FILENO);
    if (null >= 0) close(null);
  }
  ~QuietStandardError() {
    if (saved_ < 0) return;
    std::fflush(stderr);
    dup2(saved_, STDERR_FILENO);
    close(saved_);
  }
  QuietStandardError(const QuietStandardError&) = delete;
  QuietStandardError& operator=(const QuietStandardError&) = delete;

private:
  int saved_ = -1;
};

sigjmp_buf* abortDuringScan = nullptr;
extern "C" void leaveAbortedScan(int) {
  siglongjmp(*abortDuringScan, 1);
}

/// PortAudio, initialised for as long as this lives.
class PortAudioSession {
public:
  /// Initialises PortAudio quietly. PortAudio 19.6's ALSA scan asserts (and aborts the
  /// program) on an ALSA configuration whose every PCM opens and none is `default` or `dmix`,
  /// or that defines none at all (PortAudio issue #294, fixed after 19.6): no input may crash
  /// a tool, so an abort during the scan comes back here as an error. PortAudio is then left
  /// half-initialised, which only matters to a program that goes on using it, and play() does
  /// not.
  bool start(std::string& error) {
    pa = loadPortAudio(error);
    if (!pa) return false;
    QuietStandardError quiet;
    struct sigaction onAbort {
    }, previous{};
    onAbort.sa_handler = leaveAbortedScan;
    sigemptyset(&onAbort.sa_mask);
    sigjmp_buf jump;
    abortDuringScan = &jump;
    sigaction(SIGABRT, &onAbort, &previous);
    volatile PaError result = paNoError;
    volatile bool aborted = false;
    if (sigsetjmp(jump, 1) == 0)
      result = pa->Initialize();
    else
      aborted = true;
    sigaction(SIGABRT, &previous, nullptr);
    abortDuringScan = nullptr;
    if (aborted) {
      error = "PortAudio failed while listing the ALSA devices (its scan asserts on this ALSA "
              "configuration: one that defines no `default` PCM and opens every other)";
      return false;
    }
    if (result != paNoError) {
      error = std::string("PortAudio does not start: ") + pa->GetErrorText(result);
      return false;
    }
    started_ = true;
    return true;
  }
  ~PortAudioSession() {
    if (!started_) return;
    QuietStandardError quiet;
    pa->Terminate();
  }

private:
  bool started_ = false;
};

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// The host APIs PortAudio was built with: "ALSA, OSS, JACK Audio Connection Kit".
std::string hostApiNames() {
  std::string names;
  for (PaHostApiIndex i = 0; i < pa->GetHostApiCount(); ++i) {
    if (const PaHostApiInfo* api = pa->GetHostApiInfo(i)) {
      if (!names.empty()) names += ", ";
      names += api->name;
    }
  }
  return names.empty() ? "none" : names;
}

std::vector<OutputDevice> outputDevices() {
  std::vector<OutputDevice> devices;
  const PaDeviceIndex defaultOutput = pa->GetDefaultOutputDevice();
  for (PaDeviceIndex i = 0; i < pa->GetDeviceCount(); ++i) {
    const PaDeviceInfo* info = pa->GetDeviceInfo(i);
    if (!info || info->maxOutputChannels <= 0) continue;
    OutputDevice d;
    d.index = i;
    d.name = info->name ? info->name : "";
    const PaHostApiInfo* api = pa->GetHostApiInfo(info->hostApi);
    d.hostApi = api && api->name ? api->name : "";
    d.maxOutputChannels = info->maxOutputChannels;
    d.defaultSampleRate = info->defaultSampleRate;
    d.lowLatencyMs = 1000.0 * info->defaultLowOutputLatency;
    d.highLatencyMs = 1000.0 * info->defaultHighOutputLatency;
    d.isDefault = i == defaultOutput;
    devices.push_back(std::move(d));
  }
  return devices;
}

std::string describeCandidates(const std::vector<const OutputDevice*>& candidates) {
  std::string list;
  for (const OutputDevice* d : candidates) {
    if (!list.empty()) list += ", ";
    list += std::to_string(d->index) + " '" + d->name + "' (" + d->hostApi + ")";
  }
  return list;
}

/// The device `spec` names (PlayOptions::device), or -1 with `error` set.
PaDeviceIndex findDevice(const std::string& spec, const std::string& listCommand,
                         std::string& error) {
  const std::vector<OutputDevice> devices = outputDevices();
  if (devices.empty()) {
    // Without a server, PortAudio leaves JACK out of its host APIs.
    const bool jack = pa->HostApiTypeIdToHostApiIndex(paJACK) >= 0;
    error = "no audio output device (PortAudio found none through " + hostApiNames() +
            (jack ? "" : ", and no JACK server is running") + ")";
    return -1;
  }
  const std::string hint = " (" + listCommand + " lists them)";
  if (spec.empty()) {
    PaDeviceIndex d = pa->GetDefaultOutputDevice();
    if (d == paNoDevice)
      error = "there is no default output device: choose one with --device" + hint;
    return d == paNoDevice ? -1 : d;
  }
  if (std::all_of(spec.begin(), spec.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    long index = spec.size() > 6 ? -1 : std::stol(spec);
    for (const OutputDevice& d : devices)
      if (d.index == index) return d.index;
    error = "no output device has the index " + spec + hint;
    return -1;
  }
  const std::string wanted = lower(spec);
  std::vector<const OutputDevice*> exact, partial;
  for (const OutputDevice& d : devices) {
    const std::string name = lower(d.name);
    if (name == wanted) exact.push_back(&d);
    if (name.find(wanted) != std::string::npos) partial.push_back(&d);
  }
  const std::vector<const OutputDevice*>& named = exact.empty() ? partial : exact;
  if (named.size() == 1) return named[0]->index;
  if (named.size() > 1) {
    error = "'" + spec + "' could be any of " + describeCandidates(named) +
            ": give the index or more of the name";
    return -1;
  }
  // A host API's name: its default output.
  for (PaHostApiIndex i = 0; i < pa->GetHostApiCount(); ++i) {
    const PaHostApiInfo* api = pa->GetHostApiInfo(i);
    if (!api || lower(api->name).rfind(wanted, 0) != 0) continue;
    if (api->defaultOutputDevice != paNoDevice) return api->defaultOutputDevice;
    error = std::string(api->name) + " has no output device" + hint;
    return -1;
  }
  error = "no output device is named '" + spec + "'" + hint;
  return -1;
}

std::string hostErrorText(PaError result) {
  std::string text = pa->GetErrorText(result);
  if (result == paUnanticipatedHostError)
    if (const PaHostErrorInfo* host = pa->GetLastHostErrorInfo(); host && host->errorText)
      text += std::string(": ") + host->errorText;
  return text;
}

struct CallbackContext {
  Player* player = nullptr;
  unsigned channels = 2;
};

/// The device's callback: a copy out of the ring (Player::consume), nothing more.
extern "C" int deviceCallback(const void*, void* output, unsigned long frames,
                              const PaStreamCallbackTimeInfo*, PaStreamCallbackFlags flags,
                              void* user) {
  auto* context = static_cast<CallbackContext*>(user);
  context->player->consume(static_cast<float*>(output), static_cast<uint32_t>(frames),
                           context->channels, (flags & paOutputUnderflow) != 0);
  return paContinue;
}

/// Closes the stream however play() leaves, quietly.
struct StreamCloser {
  PaStream* stream = nullptr;
  ~StreamCloser() {
    if (!stream) return;
    QuietStandardError quiet;
    pa->AbortStream(stream);
    pa->CloseStream(stream);
  }
};

} // namespace

bool listOutputDevices(std::vector<OutputDevice>& devices, std::string& error) {
  PortAudioSession session;
  if (!session.start(error)) return false;
  devices = outputDevices();
  return true;
}

bool play(BlockSource& source, const PlayOptions& options, PlayStats& stats, std::string& error) {
  stats = PlayStats{};
  const double rate = options.sampleRate;
  const uint32_t block = std::max<uint32_t>(1, options.blockSize);
  if (!(rate >= 1000 && rate <= 768000)) {
    error = "the sample rate must be between 1000 and 768000 Hz";
    return false;
  }
  PortAudioSession session;
  if (!session.start(error)) return false;
  const PaDeviceIndex device = findDevice(options.device, options.listDevicesCommand, error);
  if (device < 0) return false;
  const PaDeviceInfo* info = pa->GetDeviceInfo(device);
  const PaHostApiInfo* api = pa->GetHostApiInfo(info->hostApi);
  stats.device = info->name ? info->name : "";
  stats.hostApi = api && api->name ? api->name : "";
  stats.sampleRate = rate;
  const std::string where = "'" + stats.device + "' (" + stats.hostApi + ")";

  // The device gets half the latency (never less than it is said to manage), the ring the rest.
  const double latency = std::max(0.0, options.latencyMs) / 1000.0;
  PaStreamParameters output{};
  output.device = device;
  output.channelCount = std::min(info->maxOutputChannels, 2);
  output.sampleFormat = paFloat32;
  output.suggestedLatency = std::max(info->defaultLowOutputLatency, latency / 2);
  {
    QuietStandardError quiet;
    if (pa->IsFormatSupported(nullptr, &output, rate) != paFormatIsSupported) {
      error = where + " does not play " + std::to_string(static_cast<long>(rate)) +
              " Hz (its rate is " + std::to_string(std::lround(info->defaultSampleRate)) +
              " Hz: try --sample-rate " + std::to_string(std::lround(info->defaultSampleRate)) +
              ")";
      return false;
    }
  }

  try {
    source.prepare(static_cast<float>(rate), block);
  } catch (const std::exception& e) {
    error = e.what();
    return false;
  }

  CallbackContext context;
  context.channels = static_cast<unsigned>(output.channelCount);
  StreamCloser closer;
  PaError result;
  {
    QuietStandardError quiet;
    result = pa->OpenStream(&closer.stream, nullptr, &output, rate, paFramesPerBufferUnspecified,
                            paNoFlag, deviceCallback, &context);
  }
  if (result != paNoError) {
    closer.stream = nullptr;
    error = "cannot open " + where + ": " + hostErrorText(result);
    return false;
  }
  const PaStreamInfo* streamInfo = pa->GetStreamInfo(closer.stream);
  const double deviceLatency = streamInfo ? streamInfo->outputLatency : output.suggestedLatency;

  PlayerConfig config;
  config.sampleRate = static_cast<float>(rate);
  config.blockSize = block;
  config.aheadFrames = static_cast<size_t>(std::max(0.0, (latency - deviceLatency) * rate));
  config.frames = options.frames;
  config.fadeFrames =
      static_cast<uint32_t>(std::lround(std::max(0.0, options.fadeMs) * rate / 1000));
  Player player(source, config);
  context.player = &player;
  stats.deviceLatencyMs = 1000.0 * deviceLatency;
  stats.bufferMs = 1000.0 * static_cast<double>(player.aheadFrames()) / rate;

  player.start();                             // the ring filled before the device asks
  if (options.stop && options.stop->load()) { // asked already: the fade is all there is
    stats.interrupted = true;
    player.requestStop();
  }
  {
    QuietStandardError quiet;
    result = pa->StartStream(closer.stream);
  }
  if (result != paNoError) {
    error = "cannot start " + where + ": " + hostErrorText(result);
    return false;
  }
  if (options.started) options.started(stats);

  // Waits for the end, the stop request or a failure. A device that stops calling back (its
  // server went away) is given up after a second of silence from it.
  auto lastProgress = std::chrono::steady_clock::now();
  uint64_t lastPlayed = 0;
  std::string failure;
  while (!player.finished()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    source.idle();
    if (options.stop && options.stop->load() && !player.stopRequested()) {
      stats.interrupted = true;
      player.requestStop();
    }
    if (player.failed(failure)) break;
    const auto now = std::chrono::steady_clock::now();
    const uint64_t played = player.framesPlayed() + player.underrunFrames();
    if (played != lastPlayed) {
      lastPlayed = played;
      lastProgress = now;
    } else if (now - lastProgress > std::chrono::seconds(1)) {
      failure = where + " stopped asking for audio";
      break;
    }
  }
  {
    // Stopped before the player goes: the callback must not outlive it. A clean end lets the
    // device play out what it holds.
    QuietStandardError quiet;
    if (failure.empty())
      pa->StopStream(closer.stream);
    else
      pa->AbortStream(closer.stream);
  }
  player.stopRendering();
  source.idle();
  stats.framesPlayed = player.framesPlayed();
  stats.ringUnderruns = player.ringUnderruns();
  stats.underrunFrames = player.underrunFrames();
  stats.deviceUnderflows = player.deviceUnderflows();
  if (!failure.empty() || player.failed(failure)) {
    error = failure;
    return false;
  }
  return true;
}

} // namespace phonon::play
