// Offline rendering: the block loop around a patch, level statistics and audio files.
#pragma once

#include "phonon/rt/Patch.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
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
  /// The main mix as one channel, (L + R)/2 as the `mono` node computes it, instead of the
  /// patch's stereo pair (its stems, if any, stay stereo).
  bool mono = false;
  /// Called after each block with the frames rendered so far (a progress display); may be
  /// null. It runs on the rendering thread, between blocks.
  std::function<void(uint64_t framesDone)> progress;
};

struct ChannelStats {
  float peak = 0.0f; ///< max |x|
  double sumSquares = 0.0;
  uint64_t clipped = 0; ///< samples with |x| > 1
};

/// The levels of one channel's block: what it adds to its ChannelStats (addLevels).
struct BlockLevels {
  float peak = 0.0f;       ///< max |x| over the finite samples
  double sumSquares = 0.0; ///< over the finite samples, each squared in double
  uint64_t clipped = 0;    ///< samples with |x| > 1 (±Inf included)
  bool finite = true;      ///< no NaN and no ±Inf
};

/// Measures `frames` samples in one vectorised pass. The sum of squares is summed in eight
/// lanes (sample i in lane i % 8) added at the end, so it may differ from a sample-by-sample sum
/// in its last bits; it is the same on every host.
BlockLevels measureBlock(const float* samples, size_t frames);
/// Adds a block's levels to a channel's.
void addLevels(ChannelStats& stats, const BlockLevels& block);

/// The first NaN or ±Inf sample a render met at its output (before the block was muted).
struct NonFiniteSample {
  uint64_t frame = 0;
  unsigned channel = 0;
  float value = 0.0f;
};

struct RenderStats {
  uint64_t frames = 0;
  std::vector<ChannelStats> channels;
  /// With a stem sink: each stem's channels, stem s's at 2s and 2s + 1 (Patch::stemNames).
  std::vector<ChannelStats> stemChannels;
  uint64_t mutedStemBlocks = 0; ///< stem blocks silenced for NaN or Inf, each stem counted
  uint64_t mutedBlocks = 0;     ///< blocks replaced by silence because they held NaN or Inf
  std::optional<NonFiniteSample> firstNonFinite;
  std::vector<std::string> warnings; ///< from the patch (each reported once)
  /// The files the patch's nodes wrote (`tap`), by renderToFiles: path, frames, channels.
  struct WrittenTap {
    std::string path;
    uint64_t frames = 0;
    unsigned channels = 1;
  };
  std::vector<WrittenTap> taps;
  float peak() const;
  double rms() const; ///< over all channels
};

/// Receives the rendered frames in order, interleaved (frames × channels): several blocks at a
/// time, so that a file is written in large pieces.
using BlockSink = std::function<void(const float* interleaved, uint32_t frames)>;

/// Renders `options.frames` samples of `patch` from its initial state. Denormals are flushed
/// on the calling thread for the duration. Blocks with non-finite samples are muted. With a
/// `stemSink` the patch also computes each output alone (its stems, Patch::stemNames), which
/// the sink receives interleaved: frames × (2 × stems) channels, stem s at 2s and 2s + 1; a
/// stem's block with a non-finite sample is muted on its own. Without one (null) the patch
/// computes the main mix only.
RenderStats render(Patch& patch, const RenderOptions& options, const BlockSink& sink,
                   const BlockSink& stemSink = nullptr);

/// Receives the rendered frames as render()'s BlockSink does, in the buffer that holds them
/// (its first frames × channels samples), which it may keep: swapped for another buffer, of any
/// size, that the render fills next (AudioFileWriter::write hands it to its thread).
using ChunkSink = std::function<void(std::vector<float>& chunk, uint32_t frames)>;

/// render() with the main mix's chunks given to `sink` to keep.
RenderStats renderChunks(Patch& patch, const RenderOptions& options, const ChunkSink& sink,
                         const BlockSink& stemSink = nullptr);

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

/// The file formats a render writes, chosen by the output's extension (LANGUAGE §9.3).
enum class AudioFormat {
  Wav,  ///< 32-bit float WAV: exactly the computed samples
  Aiff, ///< 24-bit PCM AIFF, TPDF-dithered, clipped at full scale
  Flac, ///< 24-bit FLAC, TPDF-dithered, clipped at full scale
  Ogg,  ///< Ogg Vorbis at quality 0.6 (about 190 kbit/s for stereo), lossy
};

/// How a file holds its samples (`--bits 16|24|32f`): integer formats are TPDF-dithered and
/// clipped at full scale in the file; float holds exactly the computed samples. Ogg Vorbis has
/// no sample format of its own: it is encoded from the floats.
enum class SampleFormat { Pcm16, Pcm24, Float32 };

/// What a file of `format` holds when no --bits is given: float for WAV (and Ogg), 24-bit PCM
/// for FLAC and AIFF.
SampleFormat defaultSampleFormat(AudioFormat format);
/// The sample format `--bits` names ("16", "24", "32f"), or nullopt.
std::optional<SampleFormat> sampleFormatNamed(const std::string& bits);
/// Empty if `format` can hold `sampleFormat`, else why not ("FLAC holds 16- or 24-bit …").
std::string sampleFormatProblem(AudioFormat format, SampleFormat sampleFormat);

/// The format named by a file name's extension (case-insensitive: .wav, .aif, .aiff, .flac,
/// .ogg), or nullopt.
std::optional<AudioFormat> audioFormatForPath(const std::string& path);
/// The format named by `--format` (wav, aiff, flac, ogg), or nullopt.
std::optional<AudioFormat> audioFormatNamed(const std::string& name);
/// "24-bit FLAC", … for messages: the format with its default sample format.
const char* describe(AudioFormat format);
/// "16-bit WAV", "32-bit float WAV", "Ogg Vorbis", …
std::string describe(AudioFormat format, SampleFormat sampleFormat);
/// Every extension and what it writes, for the error that names them.
const char* audioFormatChoices();
/// Integer formats are dithered and clip samples beyond full scale (only in the file); true
/// for the formats whose default sample format is PCM.
bool isIntegerFormat(AudioFormat format);

/// Writes an audio file through libsndfile. Samples go to a temporary file beside the target,
/// renamed over it by commit(); if the writer is destroyed before commit(), or any write fails,
/// the temporary file is removed and the target is left untouched (a fatal signal removes it
/// too, see createTempFileBeside). Integer formats get TPDF dither from a fixed seed, so the
/// same render gives the same file.
class AudioFileWriter {
public:
  AudioFileWriter();
  ~AudioFileWriter();
  AudioFileWriter(const AudioFileWriter&) = delete;
  AudioFileWriter& operator=(const AudioFileWriter&) = delete;

  /// Opens `path` for `format` at its default sample format.
  bool open(const std::string& path, AudioFormat format, unsigned channels, unsigned sampleRate,
            std::string& error);
  /// Opens `path` for `format` holding `sampleFormat` (ignored for Ogg Vorbis); false with
  /// `error` set where the format cannot hold it (sampleFormatProblem).
  bool open(const std::string& path, AudioFormat format, SampleFormat sampleFormat,
            unsigned channels, unsigned sampleRate, std::string& error);
  /// Writes `frames` of interleaved samples (in the background, a copy of them: see
  /// writeInBackground); on failure the file is abandoned.
  bool write(const float* interleaved, uint64_t frames, std::string& error);
  /// write() of the first `frames` of `samples`; in the background the writer keeps the buffer
  /// itself, no copy, and leaves another in `samples` (of any size, possibly empty).
  bool write(std::vector<float>& samples, uint64_t frames, std::string& error);
  /// From now until finish(), write() hands a copy of its samples to a thread of the writer's
  /// own and returns at once, so that the file system's work on a chunk (a minute of stereo
  /// float is 23 MB: about 6 ms of write calls) overlaps the render of the next instead of
  /// following it. At most kBackgroundChunks wait; a failed write is reported by the next
  /// write() or by finish(). Without a thread (none can be started) writes stay in place.
  void writeInBackground();
  /// Two: a render faster than the file system waits for the writer whatever the number, and
  /// each buffer is new memory (a 256 KiB chunk: 64 page faults); four cost a minute of stereo
  /// about 0.7 ms of CPU more than two.
  static constexpr size_t kBackgroundChunks = 2;
  /// Closes the temporary file, complete, without renaming it yet (so that several files can
  /// be finished before any appears); on failure the file is abandoned.
  bool finish(std::string& error);
  /// Finishes the file if need be and renames it over the target.
  bool commit(std::string& error);
  const std::string& path() const { return path_; }
  void abandon();
  /// Samples that an integer format clipped at full scale.
  uint64_t clippedSamples() const { return clipped_; }

private:
  struct Background;
  /// Writes the samples to the file (the caller abandons it on failure).
  bool writeSamples(const float* interleaved, uint64_t frames, std::string& error);
  /// In the background: waits for a buffer to fill (a spare one, else a new one while fewer than
  /// kBackgroundChunks exist, empty) and puts it in `buffer`; false, the file abandoned, when a
  /// write has failed.
  bool takeBuffer(std::vector<float>& buffer, std::string& error);
  /// In the background: queues `buffer`'s first `frames` for the thread.
  void queue(std::vector<float>&& buffer, uint64_t frames);
  /// Waits for the background thread to write what it holds (or drop it, if `discard`) and
  /// ends it; false with `error` set if a write failed.
  bool stopBackground(bool discard, std::string& error);

  std::unique_ptr<Background> background_;
  std::string path_, tempPath_;
  AudioFormat format_ = AudioFormat::Wav;
  SampleFormat sampleFormat_ = SampleFormat::Float32;
  void* file_ = nullptr; // SNDFILE*
  unsigned channels_ = 0;
  uint64_t clipped_ = 0;
  uint64_t ditherState_ = 0;
  std::vector<int32_t> quantised_; ///< integer formats: one write's samples, left-justified
  bool quantises() const {
    return format_ != AudioFormat::Ogg && sampleFormat_ != SampleFormat::Float32;
  }
};

/// Renders `patch` into an open writer and commits the file. Any failure — a write error, or an
/// exception out of the patch or the render loop — abandons the file (no file is left) and
/// returns false with `error` set.
bool renderToFile(Patch& patch, const RenderOptions& options, AudioFileWriter& writer,
                  RenderStats& stats, std::string& error);

/// The files one render writes (LANGUAGE §9.3), each an open writer: the main mix (stereo),
/// and the stems either one stereo file each (`--stems`, in stem order) or all in one file of
/// a channel pair per stem (`--multichannel`). Null or empty: not written.
struct RenderTargets {
  AudioFileWriter* mix = nullptr;
  std::vector<AudioFileWriter*> stems;
  AudioFileWriter* allStems = nullptr;
};

/// Renders `patch` into every target, all or nothing: any failure abandons every file (none is
/// left, including one already renamed into place) and returns false with `error` set. The
/// files the patch's nodes write (`tap`, Patch::taps) are among them: each a 32-bit float WAV
/// of its node's channels holding the first min(round(seconds·sr), rendered frames) frames of
/// its input, opened before the render (a path that cannot be written fails it first) and
/// listed in `stats.taps`; a tap whose path is one of the targets' is an error.
bool renderToFiles(Patch& patch, const RenderOptions& options, const RenderTargets& targets,
                   RenderStats& stats, std::string& error);

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
