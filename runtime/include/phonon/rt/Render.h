// Offline rendering: the block loop around a patch, level statistics and audio files.
#pragma once

#include "phonon/rt/Patch.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace phonon::rt {

struct RenderOptions {
  float sampleRate = 48000.0f;
  uint32_t blockSize = 512;
  uint64_t frames = 0;
  /// Threads that run the patch's parallel batches, the calling one included (0: one per
  /// core). The pool is started before the first block and stopped after the last.
  unsigned threads = 1;
};

struct ChannelStats {
  float peak = 0.0f; ///< max |x|
  double sumSquares = 0.0;
  uint64_t clipped = 0; ///< samples with |x| > 1
};

struct RenderStats {
  uint64_t frames = 0;
  std::vector<ChannelStats> channels;
  uint64_t mutedBlocks = 0;          ///< blocks replaced by silence because they held NaN or Inf
  std::vector<std::string> warnings; ///< from the patch (each reported once)
  float peak() const;
  double rms() const; ///< over all channels
};

/// Receives each rendered block, interleaved (frames × channels).
using BlockSink = std::function<void(const float* interleaved, uint32_t frames)>;

/// Renders `options.frames` samples of `patch` from its initial state. Denormals are flushed
/// on the calling thread for the duration. Blocks with non-finite samples are muted.
RenderStats render(Patch& patch, const RenderOptions& options, const BlockSink& sink);

/// Renders into memory, interleaved.
std::vector<float> renderToBuffer(Patch& patch, const RenderOptions& options,
                                  RenderStats* stats = nullptr);

/// Frames for a duration in seconds, or for a number of cycles at the patch's tempo.
uint64_t framesForSeconds(double seconds, float sampleRate);
uint64_t framesForCycles(double cycles, Rational cps, float sampleRate);

/// Sets FTZ/DAZ on this thread while alive (real-time rule: denormals are flushed).
class ScopedFlushDenormals {
public:
  ScopedFlushDenormals();
  ~ScopedFlushDenormals();
  ScopedFlushDenormals(const ScopedFlushDenormals&) = delete;
  ScopedFlushDenormals& operator=(const ScopedFlushDenormals&) = delete;

private:
  unsigned saved_;
};

/// Writes a 32-bit float WAV file (stereo or any channel count) through libsndfile. Samples go
/// to a temporary file beside the target, renamed over it by commit(); if the writer is
/// destroyed before commit(), or any write fails, the temporary file is removed and the target
/// is left untouched.
class WavWriter {
public:
  WavWriter() = default;
  ~WavWriter();
  WavWriter(const WavWriter&) = delete;
  WavWriter& operator=(const WavWriter&) = delete;

  bool open(const std::string& path, unsigned channels, unsigned sampleRate, std::string& error);
  bool write(const float* interleaved, uint64_t frames, std::string& error);
  bool commit(std::string& error);
  void abandon();

private:
  std::string path_, tempPath_;
  void* file_ = nullptr; // SNDFILE*
  unsigned channels_ = 0;
};

/// Reads any file libsndfile understands, interleaved.
struct AudioData {
  unsigned channels = 0;
  unsigned sampleRate = 0;
  int format = 0; ///< libsndfile's SF_FORMAT_* bits (container | sample format)
  std::vector<float> samples;
  uint64_t frames() const { return channels ? samples.size() / channels : 0; }
};
bool readAudioFile(const std::string& path, AudioData& out, std::string& error);

} // namespace phonon::rt
