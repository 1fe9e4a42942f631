// Audio files through libsndfile. Writes go to a temporary file that is renamed into place
// only when complete, so a failed render never leaves a partial file (LANGUAGE §9.3).
#include "phonon/rt/Files.h"
#include "phonon/rt/Render.h"

#include <sndfile.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace phonon::rt {

WavWriter::~WavWriter() {
  abandon();
}

void WavWriter::abandon() {
  if (file_) {
    sf_close(static_cast<SNDFILE*>(file_));
    file_ = nullptr;
  }
  if (!tempPath_.empty()) {
    std::remove(tempPath_.c_str());
    tempPath_.clear();
  }
}

bool WavWriter::open(const std::string& path, unsigned channels, unsigned sampleRate,
                     std::string& error) {
  abandon();
  path_ = path;
  channels_ = channels;
  int fd = createTempFileBeside(path, tempPath_, error);
  if (fd < 0) return false;

  SF_INFO info{};
  info.samplerate = static_cast<int>(sampleRate);
  info.channels = static_cast<int>(channels);
  info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
  SNDFILE* f = sf_open_fd(fd, SFM_WRITE, &info, /*close_desc=*/SF_TRUE);
  if (!f) {
    close(fd);
    error = "cannot write " + path + ": " + sf_strerror(nullptr);
    abandon();
    return false;
  }
  // No PEAK chunk: it carries a timestamp, and the same render must give the same bytes.
  sf_command(f, SFC_SET_ADD_PEAK_CHUNK, nullptr, SF_FALSE);
  file_ = f;
  return true;
}

bool WavWriter::write(const float* interleaved, uint64_t frames, std::string& error) {
  if (!file_) {
    error = "no file open";
    return false;
  }
  sf_count_t n =
      sf_writef_float(static_cast<SNDFILE*>(file_), interleaved, static_cast<sf_count_t>(frames));
  if (n != static_cast<sf_count_t>(frames)) {
    error = "cannot write " + path_ + ": " + sf_strerror(static_cast<SNDFILE*>(file_));
    abandon();
    return false;
  }
  return true;
}

bool WavWriter::commit(std::string& error) {
  if (!file_) {
    error = "no file open";
    return false;
  }
  sf_write_sync(static_cast<SNDFILE*>(file_));
  int rc = sf_close(static_cast<SNDFILE*>(file_));
  file_ = nullptr;
  if (rc != 0) {
    error = "cannot finish " + path_ + ": " + sf_error_number(rc);
    abandon();
    return false;
  }
  if (std::rename(tempPath_.c_str(), path_.c_str()) != 0) {
    error = "cannot write " + path_ + ": " + std::strerror(errno);
    abandon();
    return false;
  }
  tempPath_.clear();
  return true;
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
