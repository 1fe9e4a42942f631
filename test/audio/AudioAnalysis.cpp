#include "AudioAnalysis.h"

#include <fftw3.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sys/wait.h>

namespace phonon::test {

std::vector<float> channel(const rt::AudioData& audio, unsigned c) {
  std::vector<float> out(audio.frames());
  for (size_t i = 0; i < out.size(); ++i) out[i] = audio.samples[i * audio.channels + c];
  return out;
}

std::vector<float> slice(const std::vector<float>& x, size_t begin, size_t end) {
  end = std::min(end, x.size());
  begin = std::min(begin, end);
  return std::vector<float>(x.begin() + static_cast<long>(begin),
                            x.begin() + static_cast<long>(end));
}

double spectralPeakHz(const std::vector<float>& x, double sampleRate, double minHz, double maxHz) {
  size_t n = 1;
  while (n < 4 * x.size()) n <<= 1;
  std::vector<float> in(n, 0.0f);
  for (size_t i = 0; i < x.size(); ++i) {
    double w = 0.5 - 0.5 * std::cos(2.0 * M_PI * static_cast<double>(i) /
                                    static_cast<double>(x.size() - 1));
    in[i] = static_cast<float>(x[i] * w);
  }
  std::vector<fftwf_complex> out(n / 2 + 1);
  fftwf_plan plan =
      fftwf_plan_dft_r2c_1d(static_cast<int>(n), in.data(), out.data(), FFTW_ESTIMATE);
  fftwf_execute(plan);
  fftwf_destroy_plan(plan);
  if (maxHz <= 0.0) maxHz = sampleRate / 2.0;
  double binHz = sampleRate / static_cast<double>(n);
  size_t lo = std::max<size_t>(1, static_cast<size_t>(minHz / binHz));
  size_t hi = std::min(n / 2 - 1, static_cast<size_t>(maxHz / binHz));
  auto mag = [&](size_t k) { return std::hypot(out[k][0], out[k][1]); };
  size_t best = lo;
  for (size_t k = lo; k <= hi; ++k)
    if (mag(k) > mag(best)) best = k;
  double a = std::log(mag(best - 1) + 1e-30), b = std::log(mag(best) + 1e-30),
         c = std::log(mag(best + 1) + 1e-30);
  double offset = (a - c) / (2.0 * (a - 2.0 * b + c));
  if (!std::isfinite(offset)) offset = 0.0;
  return (static_cast<double>(best) + offset) * binHz;
}

double amplitudeAt(const std::vector<float>& x, double sampleRate, double hz) {
  std::complex<double> acc = 0.0;
  double windowSum = 0.0;
  for (size_t i = 0; i < x.size(); ++i) {
    double w = 0.5 - 0.5 * std::cos(2.0 * M_PI * static_cast<double>(i) /
                                    static_cast<double>(x.size() - 1));
    windowSum += w;
    double phase = 2.0 * M_PI * hz * static_cast<double>(i) / sampleRate;
    acc += w * x[i] * std::complex<double>(std::cos(phase), -std::sin(phase));
  }
  return 2.0 * std::abs(acc) / windowSum;
}

double rms(const std::vector<float>& x) {
  double s = 0.0;
  for (float v : x) s += static_cast<double>(v) * v;
  return x.empty() ? 0.0 : std::sqrt(s / static_cast<double>(x.size()));
}

double peak(const std::vector<float>& x) {
  double p = 0.0;
  for (float v : x) p = std::max(p, static_cast<double>(std::fabs(v)));
  return p;
}

double mean(const std::vector<float>& x) {
  double s = 0.0;
  for (float v : x) s += v;
  return x.empty() ? 0.0 : s / static_cast<double>(x.size());
}

bool allFinite(const std::vector<float>& x) {
  return std::all_of(x.begin(), x.end(), [](float v) { return std::isfinite(v); });
}

double maxDifference(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return std::numeric_limits<double>::infinity();
  double d = 0.0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::memcmp(&a[i], &b[i], sizeof(float)) == 0) continue; // the same bits
    double diff = std::fabs(static_cast<double>(a[i]) - static_cast<double>(b[i]));
    // A NaN, or −0 against +0, differs too: the engines promise the same bits.
    d = std::max(d, std::isnan(diff) ? std::numeric_limits<double>::infinity()
                                     : std::max(diff, std::numeric_limits<double>::denorm_min()));
  }
  return d;
}

double dbfs(double level) {
  return level > 0.0 ? 20.0 * std::log10(level) : -1000.0;
}

CommandResult runCommand(const std::string& commandLine) {
  CommandResult result;
  FILE* pipe = popen((commandLine + " 2>&1").c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
  int status = pclose(pipe);
  if (WIFEXITED(status))
    result.exitCode = WEXITSTATUS(status);
  else
    result.exitCode = 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  return result;
}

std::string phononBinary() {
  return PHONON_TOOLS_DIR "/phonon";
}
std::string phononcBinary() {
  return PHONON_TOOLS_DIR "/phononc";
}
std::string sourcePath(const std::string& relative) {
  return PHONON_SOURCE_DIR "/" + relative;
}

namespace {
std::string& tempDirPath() {
  static std::string dir;
  return dir;
}
void removeTempDir() {
  if (!tempDirPath().empty()) std::filesystem::remove_all(tempDirPath());
}
} // namespace

std::string tempDir() {
  if (tempDirPath().empty()) {
    char templ[] = "/tmp/phonon-audio-test-XXXXXX";
    const char* d = mkdtemp(templ);
    if (!d) std::abort();
    tempDirPath() = d;
    std::atexit(removeTempDir);
  }
  return tempDirPath();
}

std::string writePatch(const std::string& name, const std::string& text) {
  std::string path = tempDir() + "/" + name + ".ph";
  std::ofstream(path) << text;
  return path;
}

void expectEnginesAgree(const std::string& name, const std::string& patchText) {
  std::string patch = writePatch(name, patchText);
  std::string object = tempDir() + "/" + name + ".o";
  CommandResult compiled = runCommand(phononcBinary() + " '" + patch + "' -o '" + object + "'");
  ASSERT_EQ(compiled.exitCode, 0) << compiled.output;
  auto renderFile = [&](const std::string& input, const std::string& options) {
    static int counter = 0;
    std::string wav = tempDir() + "/" + name + std::to_string(counter++) + ".wav";
    CommandResult r = runCommand(phononBinary() + " render '" + input + "' -o '" + wav + "' " +
                                 "--duration 1.5 " + options);
    EXPECT_EQ(r.exitCode, 0) << r.output;
    rt::AudioData audio;
    std::string error;
    EXPECT_TRUE(rt::readAudioFile(wav, audio, error)) << error;
    return audio.samples;
  };
  std::vector<float> reference = renderFile(patch, "-O0 --threads 1 --engine interp");
  ASSERT_GT(rms(reference), 1e-3) << "a silent render proves nothing";
  EXPECT_TRUE(allFinite(reference));
  for (const char* options : {"-O0 --threads 1", "-O3 --threads 1", "-O3 --threads 2",
                              "-O3 --threads 2 --engine interp", "-O2 --block 37 --threads 2"})
    EXPECT_EQ(maxDifference(reference, renderFile(patch, options)), 0.0) << options;
  EXPECT_EQ(maxDifference(reference, renderFile(object, "")), 0.0) << "object file";
}

} // namespace phonon::test
