// What the tests of samples and voices share: a fixture that renders sound patterns as a fresh
// machine would (from a directory with no `samples` folder and without PHONON_SAMPLES, so every
// sound comes from the built-in kit unless the test passes --samples), and a writer of the
// sample files they put in folders of their own.
#pragma once

#include "AudioAnalysis.h"

#include <gtest/gtest.h>
#include <sndfile.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace phonon::test {

class BuiltInKitTest : public ::testing::Test {
protected:
  void SetUp() override {
    unsetenv("PHONON_SAMPLES");
    previous_ = std::filesystem::current_path();
    std::filesystem::current_path(tempDir());
  }
  void TearDown() override { std::filesystem::current_path(previous_); }

private:
  std::filesystem::path previous_;
};

/// A mono 32-bit float WAV of `samples` at `rate`.
inline void writeMonoWav(const std::string& path, int rate, const std::vector<float>& samples) {
  SF_INFO info{};
  info.samplerate = rate;
  info.channels = 1;
  info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
  SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
  ASSERT_NE(file, nullptr) << sf_strerror(nullptr);
  sf_writef_float(file, samples.data(), static_cast<sf_count_t>(samples.size()));
  sf_close(file);
}

} // namespace phonon::test
