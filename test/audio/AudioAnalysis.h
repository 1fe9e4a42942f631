// Measurements for audio tests: spectral peaks, levels, differences, onsets of pitch.
#pragma once

#include "phonon/rt/Render.h"

#include <string>
#include <vector>

namespace phonon::test {

/// One channel of interleaved audio.
std::vector<float> channel(const rt::AudioData& audio, unsigned c);
std::vector<float> slice(const std::vector<float>& x, size_t begin, size_t end);

/// Frequency of the strongest spectral component in [minHz, maxHz]: Hann window, FFT
/// zero-padded to at least 4× the length, parabolic interpolation of the log magnitude.
double spectralPeakHz(const std::vector<float>& x, double sampleRate, double minHz = 1.0,
                      double maxHz = 0.0);

/// Amplitude of the component at `hz` (Goertzel over a Hann window, scaled so that a sine of
/// amplitude A reads A).
double amplitudeAt(const std::vector<float>& x, double sampleRate, double hz);

double rms(const std::vector<float>& x);
double peak(const std::vector<float>& x);
double mean(const std::vector<float>& x);
bool allFinite(const std::vector<float>& x);

/// Renders `patchText` for 1.5 s through the interpreter at -O0 (the reference, which must be
/// finite and not silent), then the JIT at -O0 and -O3 with 1 and 2 threads, the interpreter at
/// -O3, blocks of 37 and an object file: every one must give the same samples bit for bit.
void expectEnginesAgree(const std::string& name, const std::string& patchText);
/// max |a − b|, where samples that differ in any bit count (a NaN as +inf, −0 against +0 as
/// the smallest denormal): 0 exactly when the two are bit for bit the same. A size mismatch
/// returns +inf.
double maxDifference(const std::vector<float>& a, const std::vector<float>& b);
double dbfs(double level);

/// Result of running a command line through the shell.
struct CommandResult {
  int exitCode = -1;
  std::string output; ///< stdout and stderr together
};
CommandResult runCommand(const std::string& commandLine);

/// Paths of the tools under test and of the source tree (from the build).
std::string phononBinary();
std::string phononcBinary();
std::string sourcePath(const std::string& relative);
/// A fresh temporary directory for this test process.
std::string tempDir();
/// Writes `text` to `<tempDir>/<name>.ph` and returns the path.
std::string writePatch(const std::string& name, const std::string& text);

} // namespace phonon::test
