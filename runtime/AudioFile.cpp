// Audio files through libsndfile. Writes go to a temporary file that is renamed into place
// only when complete, so a failed render never leaves a partial file (LANGUAGE §9.3).
#include "phonon/rt/Files.h"
#include "phonon/rt/Render.h"

#include <sndfile.h>

#include <algorithm>
#include <bit>
#include <cctype>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <mutex>
#include <system_error>
#include <thread>
#include <unistd.h>

namespace phonon::rt {

namespace {

std::string lowercaseExtension(const std::string& path) {
  size_t slash = path.find_last_of('/');
  size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string ext = path.substr(dot + 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

int sndfileFormat(AudioFormat format, SampleFormat sampleFormat) {
  const int subtype = sampleFormat == SampleFormat::Pcm16   ? SF_FORMAT_PCM_16
                      : sampleFormat == SampleFormat::Pcm24 ? SF_FORMAT_PCM_24
                                                            : SF_FORMAT_FLOAT;
  switch (format) {
  case AudioFormat::Wav:
    return SF_FORMAT_WAV | subtype;
  case AudioFormat::Aiff:
    return SF_FORMAT_AIFF | subtype;
  case AudioFormat::Flac:
    return SF_FORMAT_FLAC | subtype;
  case AudioFormat::Ogg:
    return SF_FORMAT_OGG | SF_FORMAT_VORBIS;
  }
  return 0;
}

/// Vorbis quality in libsndfile's 0…1 scale (libvorbis q6).
constexpr double kVorbisQuality = 0.6;
/// Bits per sample of an integer sample format.
int pcmBits(SampleFormat sampleFormat) {
  return sampleFormat == SampleFormat::Pcm16 ? 16 : 24;
}

/// A uniform number in [0, 1) (xorshift64*): dither must be the same on every run.
double nextUniform(uint64_t& state) {
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return static_cast<double>((state * 0x2545F4914F6CDD1DULL) >> 11) * 0x1.0p-53;
}

} // namespace

std::optional<AudioFormat> audioFormatForPath(const std::string& path) {
  std::string ext = lowercaseExtension(path);
  if (ext == "wav") return AudioFormat::Wav;
  if (ext == "aif" || ext == "aiff") return AudioFormat::Aiff;
  if (ext == "flac") return AudioFormat::Flac;
  if (ext == "ogg") return AudioFormat::Ogg;
  return std::nullopt;
}

std::optional<AudioFormat> audioFormatNamed(const std::string& name) {
  if (name == "wav") return AudioFormat::Wav;
  if (name == "aiff" || name == "aif") return AudioFormat::Aiff;
  if (name == "flac") return AudioFormat::Flac;
  if (name == "ogg") return AudioFormat::Ogg;
  return std::nullopt;
}

const char* describe(AudioFormat format) {
  switch (format) {
  case AudioFormat::Wav:
    return "32-bit float WAV";
  case AudioFormat::Aiff:
    return "24-bit AIFF";
  case AudioFormat::Flac:
    return "24-bit FLAC";
  case AudioFormat::Ogg:
    return "Ogg Vorbis";
  }
  return "";
}

const char* audioFormatChoices() {
  return ".wav (32-bit float), .flac (24-bit), .ogg (Ogg Vorbis), .aif or .aiff (24-bit)";
}

bool isIntegerFormat(AudioFormat format) {
  return format == AudioFormat::Aiff || format == AudioFormat::Flac;
}

SampleFormat defaultSampleFormat(AudioFormat format) {
  return isIntegerFormat(format) ? SampleFormat::Pcm24 : SampleFormat::Float32;
}

std::optional<SampleFormat> sampleFormatNamed(const std::string& bits) {
  if (bits == "16") return SampleFormat::Pcm16;
  if (bits == "24") return SampleFormat::Pcm24;
  if (bits == "32f") return SampleFormat::Float32;
  return std::nullopt;
}

std::string sampleFormatProblem(AudioFormat format, SampleFormat sampleFormat) {
  switch (format) {
  case AudioFormat::Wav:
    return "";
  case AudioFormat::Flac:
  case AudioFormat::Aiff:
    if (sampleFormat == SampleFormat::Float32)
      return std::string(format == AudioFormat::Flac ? "FLAC" : "AIFF") +
             " holds integer samples: --bits 16 or 24";
    return "";
  case AudioFormat::Ogg:
    return "Ogg Vorbis is lossy and has no bit depth: --bits is for WAV, FLAC and AIFF";
  }
  return "";
}

std::string describe(AudioFormat format, SampleFormat sampleFormat) {
  if (format == AudioFormat::Ogg) return describe(format);
  const char* container = format == AudioFormat::Wav    ? "WAV"
                          : format == AudioFormat::Flac ? "FLAC"
                                                        : "AIFF";
  const char* bits = sampleFormat == SampleFormat::Pcm16   ? "16-bit "
                     : sampleFormat == SampleFormat::Pcm24 ? "24-bit "
                                                           : "32-bit float ";
  return bits + std::string(container);
}

/// The writer's thread and the chunks it has to write: one write()'s samples each, a copy of
/// them or (write(std::vector<float>&, …)) the caller's buffer itself.
struct AudioFileWriter::Background {
  struct Chunk {
    std::vector<float> samples;
    uint64_t frames = 0;
  };
  std::mutex lock;
  std::condition_variable changed;
  std::deque<Chunk> queued;
  std::vector<std::vector<float>> spare; ///< buffers written, to be reused
  size_t buffers = 0;                    ///< buffers made, queued or spare or being written
  bool stopping = false, discard = false, failed = false;
  std::string error;
  std::thread thread;
};

AudioFileWriter::AudioFileWriter() = default;

AudioFileWriter::~AudioFileWriter() {
  abandon();
}

void AudioFileWriter::writeInBackground() {
  if (background_ || !file_) return;
  auto background = std::make_unique<Background>();
  Background& bg = *background;
  try {
    bg.thread = std::thread([this, &bg] {
      std::unique_lock<std::mutex> guard(bg.lock);
      for (;;) {
        bg.changed.wait(guard, [&] { return !bg.queued.empty() || bg.stopping; });
        if (bg.queued.empty()) return;
        Background::Chunk chunk = std::move(bg.queued.front());
        bg.queued.pop_front();
        if (!bg.failed && !bg.discard) {
          guard.unlock();
          std::string error;
          const bool written = writeSamples(chunk.samples.data(), chunk.frames, error);
          guard.lock();
          if (!written) {
            bg.failed = true;
            bg.error = std::move(error);
          }
        }
        bg.spare.push_back(std::move(chunk.samples));
        bg.changed.notify_all();
      }
    });
  } catch (const std::system_error&) {
    return; // no thread: write() writes in place
  }
  background_ = std::move(background);
}

bool AudioFileWriter::stopBackground(bool discard, std::string& error) {
  if (!background_) return true;
  Background& bg = *background_;
  {
    std::lock_guard<std::mutex> guard(bg.lock);
    bg.stopping = true;
    bg.discard = discard;
  }
  bg.changed.notify_all();
  bg.thread.join();
  const bool ok = !bg.failed;
  if (!ok) error = bg.error;
  background_.reset();
  return ok;
}

void AudioFileWriter::abandon() {
  std::string ignored;
  stopBackground(/*discard=*/true, ignored);
  if (file_) {
    sf_close(static_cast<SNDFILE*>(file_));
    file_ = nullptr;
  }
  if (!tempPath_.empty()) {
    removeTempFile(tempPath_);
    tempPath_.clear();
  }
}

bool AudioFileWriter::open(const std::string& path, AudioFormat format, unsigned channels,
                           unsigned sampleRate, std::string& error) {
  return open(path, format, defaultSampleFormat(format), channels, sampleRate, error);
}

bool AudioFileWriter::open(const std::string& path, AudioFormat format, SampleFormat sampleFormat,
                           unsigned channels, unsigned sampleRate, std::string& error) {
  abandon();
  path_ = path;
  format_ = format;
  // Vorbis is encoded from the floats, whatever was asked.
  sampleFormat_ = format == AudioFormat::Ogg ? SampleFormat::Float32 : sampleFormat;
  if (format != AudioFormat::Ogg)
    if (std::string problem = sampleFormatProblem(format, sampleFormat); !problem.empty()) {
      error = "cannot write " + path + ": " + problem;
      return false;
    }
  channels_ = channels;
  clipped_ = 0;
  ditherState_ = 0x9E3779B97F4A7C15ULL;
  int fd = createTempFileBeside(path, tempPath_, error);
  if (fd < 0) return false;

  SF_INFO info{};
  info.samplerate = static_cast<int>(sampleRate);
  info.channels = static_cast<int>(channels);
  info.format = sndfileFormat(format, sampleFormat_);
  if (!sf_format_check(&info)) {
    close(fd);
    error = std::string("cannot write ") + path + ": this libsndfile cannot write " +
            describe(format, sampleFormat_) + " with " + std::to_string(channels) +
            " channels at " + std::to_string(sampleRate) + " Hz";
    abandon();
    return false;
  }
  SNDFILE* f = sf_open_fd(fd, SFM_WRITE, &info, /*close_desc=*/SF_TRUE);
  if (!f) {
    close(fd);
    error = "cannot write " + path + ": " + sf_strerror(nullptr);
    abandon();
    return false;
  }
  file_ = f;
  // No PEAK chunk: it carries a timestamp, and the same render must give the same bytes.
  sf_command(f, SFC_SET_ADD_PEAK_CHUNK, nullptr, SF_FALSE);
  if (format == AudioFormat::Ogg) {
    double quality = kVorbisQuality;
    if (!sf_command(f, SFC_SET_VBR_ENCODING_QUALITY, &quality, sizeof quality)) {
      error = "cannot write " + path + ": cannot set the Vorbis quality";
      abandon();
      return false;
    }
  }
  return true;
}

bool AudioFileWriter::write(const float* interleaved, uint64_t frames, std::string& error) {
  if (!file_) {
    error = "no file open";
    return false;
  }
  if (background_) {
    std::vector<float> buffer;
    if (!takeBuffer(buffer, error)) return false;
    // Copied outside the lock; the buffer grows to a chunk's size once.
    buffer.assign(interleaved, interleaved + frames * channels_);
    queue(std::move(buffer), frames);
    return true;
  }
  if (!writeSamples(interleaved, frames, error)) {
    abandon();
    return false;
  }
  return true;
}

bool AudioFileWriter::write(std::vector<float>& samples, uint64_t frames, std::string& error) {
  if (!background_ || !file_) return write(samples.data(), frames, error);
  std::vector<float> buffer;
  if (!takeBuffer(buffer, error)) return false;
  std::swap(buffer, samples);
  queue(std::move(buffer), frames);
  return true;
}

bool AudioFileWriter::takeBuffer(std::vector<float>& buffer, std::string& error) {
  Background& bg = *background_;
  std::unique_lock<std::mutex> guard(bg.lock);
  bg.changed.wait(guard,
                  [&] { return bg.failed || !bg.spare.empty() || bg.buffers < kBackgroundChunks; });
  if (bg.failed) {
    error = bg.error;
    guard.unlock();
    abandon();
    return false;
  }
  if (bg.spare.empty()) {
    ++bg.buffers;
    buffer.clear();
  } else {
    buffer = std::move(bg.spare.back());
    bg.spare.pop_back();
  }
  return true;
}

void AudioFileWriter::queue(std::vector<float>&& buffer, uint64_t frames) {
  Background& bg = *background_;
  {
    std::lock_guard<std::mutex> guard(bg.lock);
    bg.queued.push_back({std::move(buffer), frames});
  }
  bg.changed.notify_all();
}

bool AudioFileWriter::writeSamples(const float* interleaved, uint64_t frames, std::string& error) {
  auto* f = static_cast<SNDFILE*>(file_);
  sf_count_t written;
  if (quantises()) {
    // TPDF dither (±1 LSB, triangular) before rounding to 16 or 24 bits; what lies beyond full
    // scale is clipped here, in the file only (LANGUAGE §9.2), and counted. The samples are
    // held left-justified in an int32, the form sf_writef_int takes for every PCM width.
    const int bits = pcmBits(sampleFormat_);
    const double fullScale = static_cast<double>(int64_t{1} << (bits - 1));
    const int64_t maxCode = (int64_t{1} << (bits - 1)) - 1, minCode = -(int64_t{1} << (bits - 1));
    const int64_t leftJustify = int64_t{1} << (32 - bits);
    const size_t n = static_cast<size_t>(frames) * channels_;
    quantised_.resize(n);
    for (size_t i = 0; i < n; ++i) {
      double exact = interleaved[i] * fullScale;
      double dither = nextUniform(ditherState_) - nextUniform(ditherState_);
      auto q = static_cast<int64_t>(std::lrint(exact + dither));
      // Only samples beyond full scale count as clipped; dither may also nudge one that is
      // exactly at full scale over the edge, and is clamped back silently.
      if (exact > static_cast<double>(maxCode) || exact < static_cast<double>(minCode)) ++clipped_;
      q = std::clamp(q, minCode, maxCode);
      quantised_[i] = static_cast<int32_t>(q * leftJustify);
    }
    written = sf_writef_int(f, quantised_.data(), static_cast<sf_count_t>(frames));
  } else if (format_ == AudioFormat::Wav && std::endian::native == std::endian::little) {
    // A float file on a little-endian host holds the samples' own bytes: written as they are,
    // in one piece (sf_writef_float copies them through a 4 KiB buffer, a write call each).
    const sf_count_t bytes = static_cast<sf_count_t>(frames * channels_ * sizeof(float));
    written = sf_write_raw(f, interleaved, bytes) == bytes ? static_cast<sf_count_t>(frames) : 0;
  } else {
    written = sf_writef_float(f, interleaved, static_cast<sf_count_t>(frames));
  }
  if (written != static_cast<sf_count_t>(frames)) {
    error = "cannot write " + path_ + ": " + sf_strerror(f);
    return false;
  }
  return true;
}

bool AudioFileWriter::finish(std::string& error) {
  if (!file_) {
    error = "no file open";
    return false;
  }
  if (!stopBackground(/*discard=*/false, error)) {
    abandon();
    return false;
  }
  // No fsync: the rename shows the file whole or not at all, which is what a failed or
  // interrupted render needs; forcing it to disk cost a render more than writing it.
  int rc = sf_close(static_cast<SNDFILE*>(file_));
  file_ = nullptr;
  if (rc != 0) {
    error = "cannot finish " + path_ + ": " + sf_error_number(rc);
    abandon();
    return false;
  }
  return true;
}

bool AudioFileWriter::commit(std::string& error) {
  if (file_ && !finish(error)) return false;
  if (tempPath_.empty()) {
    error = "no file open";
    return false;
  }
  std::string temp = std::move(tempPath_);
  tempPath_.clear();
  return commitTempFile(temp, path_, error);
}

bool readAudioFile(const std::string& path, AudioData& out, std::string& error) {
  SF_INFO info{};
  SNDFILE* f = sf_open(path.c_str(), SFM_READ, &info);
  if (!f) {
    error = "cannot read " + path + ": " + sf_strerror(nullptr);
    return false;
  }
  out.channels = static_cast<unsigned>(info.channels);
  out.sampleRate = static_cast<unsigned>(info.samplerate);
  out.format = info.format;
  out.samples.resize(static_cast<size_t>(info.frames) * out.channels);
  sf_count_t n = sf_readf_float(f, out.samples.data(), info.frames);
  sf_close(f);
  if (n != info.frames) {
    error = "cannot read all of " + path;
    return false;
  }
  return true;
}

} // namespace phonon::rt
