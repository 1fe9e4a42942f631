// A test that renders sound patterns as a fresh machine would: from a directory with no
// `samples` folder and without PHONON_SAMPLES, so every sound comes from the built-in kit unless
// the test passes --samples.
#pragma once

#include "AudioAnalysis.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

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

} // namespace phonon::test
