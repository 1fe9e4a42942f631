// Real-time playback through PortAudio (ALSA, JACK, OSS; PulseAudio and PipeWire through their
// ALSA plugins). What plays is a BlockSource: a patch (PatchSource.h), a live session that swaps
// patches, a standalone program. Blocks are computed on a render thread of their own, ahead of
// the device, into a lock-free ring (Player.h); the device's callback only copies out of it.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace phonon::play {

/// Anything that computes stereo audio block by block.
class BlockSource {
public:
  virtual ~BlockSource() = default;
  /// Called once, on the thread that calls play(), before any block: whatever the blocks need
  /// is allocated and loaded here. Throwing stops play() with the exception's message.
  virtual void prepare(float sampleRate, uint32_t maxFrames) = 0;
  /// Computes the next `frames` (at most maxFrames) frames, interleaved left/right. Called on
  /// the render thread only, never on the device's callback, so it may allocate (the voice
  /// engine's pattern queries do). Throwing stops the playback with the exception's message.
  virtual void render(float* interleavedStereo, uint32_t frames) = 0;
  /// Called every few milliseconds on the thread that called play() while it plays: a place for
  /// work that must not hold up the render thread (printing warnings, watching files).
  virtual void idle() {}
};

struct PlayOptions {
  /// The output device: its index in listOutputDevices(), its name (or a part of it that only
  /// one device's name has), or a host API's name (`alsa`, `jack`, `oss`) for that API's
  /// default output. Empty: the default output device.
  std::string device;
  /// How far ahead of the loudspeaker the audio is computed, in milliseconds: the device's
  /// buffer plus the ring in front of it (at least two blocks).
  double latencyMs = 50.0;
  double sampleRate = 48000.0;
  uint32_t blockSize = 512;
  /// Frames of the source to play before stopping; 0: until `stop`.
  uint64_t frames = 0;
  /// Set (from a signal handler, another thread) to end the playback with a fade.
  const std::atomic<bool>* stop = nullptr;
  double fadeMs = 20.0;
  /// Called once the device runs, with the device's name, its host API and the latency.
  std::function<void(const struct PlayStats&)> started;
};

struct PlayStats {
  std::string device;  ///< the device's name
  std::string hostApi; ///< ALSA, JACK Audio Connection Kit, …
  double sampleRate = 0.0;
  double deviceLatencyMs = 0.0; ///< the output latency the device reports
  double bufferMs = 0.0;        ///< the ring's fill target in front of it
  uint64_t framesPlayed = 0;    ///< frames of the source that reached the device
  /// Xruns: device callbacks the ring could not fill (the render thread fell behind; silence
  /// was played in the gap), and underflows the host API itself reported (the callback came
  /// too late for the device).
  uint64_t ringUnderruns = 0;
  uint64_t underrunFrames = 0; ///< frames of silence played in those gaps
  uint64_t deviceUnderflows = 0;
  bool interrupted = false; ///< ended by `stop` (with a fade), not by reaching `frames`
  uint64_t xruns() const { return ringUnderruns + deviceUnderflows; }
};

struct OutputDevice {
  int index = 0;
  std::string name;
  std::string hostApi;
  int maxOutputChannels = 0;
  double defaultSampleRate = 0.0;
  double lowLatencyMs = 0.0, highLatencyMs = 0.0;
  bool isDefault = false; ///< the default output device
};

/// Every device with outputs, in PortAudio's order; false with `error` set when PortAudio
/// cannot start. Nothing is printed while the host APIs are probed (ALSA and JACK complain on
/// standard error when there is no card or no server).
bool listOutputDevices(std::vector<OutputDevice>& devices, std::string& error);

/// Plays `source` on the device until options.frames have been played or options.stop is set.
/// Returns false with `error` set (one line, no `error:` prefix) when there is no device, the
/// device cannot be opened or the source throws; `stats` then holds what was played so far.
bool play(BlockSource& source, const PlayOptions& options, PlayStats& stats, std::string& error);

} // namespace phonon::play
