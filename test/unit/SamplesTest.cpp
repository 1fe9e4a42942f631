// The sample library (LANGUAGE §8.1): the search path, file order and wrapping, decoding and
// resampling, the built-in kit and Hydrogen drumkits, measured on files the tests write.
#include "AudioAnalysis.h"

#include "phonon/rt/Samples.h"
#include "phonon/rt/SharedLibrary.h"

#include <fftw3.h>
#include <gtest/gtest.h>
#include <sndfile.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace phonon::test {
namespace {

namespace fs = std::filesystem;
using rt::Sample;
using rt::SampleLibrary;
using rt::SampleSearchPath;

/// A fresh, empty folder under the test's temporary directory.
std::string folder(const std::string& relative) {
  fs::path dir = fs::path(tempDir()) / relative;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

/// Writes interleaved audio with libsndfile; `format` a SF_FORMAT_* major | subtype.
void writeSound(const std::string& path, const std::vector<float>& interleaved, int channels,
                int sampleRate, int format = SF_FORMAT_WAV | SF_FORMAT_FLOAT) {
  SF_INFO info{};
  info.channels = channels;
  info.samplerate = sampleRate;
  info.format = format;
  SNDFILE* f = sf_open(path.c_str(), SFM_WRITE, &info);
  ASSERT_NE(f, nullptr) << path << ": " << sf_strerror(nullptr);
  sf_writef_float(f, interleaved.data(), static_cast<sf_count_t>(interleaved.size() / channels));
  sf_close(f);
}

/// A mono file of `frames` frames all equal to `value`: its value tells which file was loaded.
void writeMarker(const std::string& path, float value, int frames = 64, int sampleRate = 48000) {
  writeSound(path, std::vector<float>(static_cast<size_t>(frames), value), 1, sampleRate);
}

std::vector<float> sine(double hz, double sampleRate, size_t frames, double amplitude = 0.5) {
  std::vector<float> x(frames);
  for (size_t i = 0; i < frames; ++i)
    x[i] = static_cast<float>(amplitude *
                              std::sin(2.0 * M_PI * hz * static_cast<double>(i) / sampleRate));
  return x;
}

std::vector<float> channelOf(const Sample& s, uint32_t c) {
  std::vector<float> x(s.frames);
  for (uint64_t i = 0; i < s.frames; ++i) x[i] = s.at(i, c);
  return x;
}

/// Only the folders a test names: no PHONON_SAMPLES, no ./samples.
SampleSearchPath only(std::vector<std::string> dirs, bool builtIn = true) {
  SampleSearchPath path;
  path.dirs = std::move(dirs);
  path.useEnvironment = false;
  path.useWorkingDirectory = false;
  path.useBuiltInKit = builtIn;
  return path;
}

/// The share of x's energy in [loHz, hiHz] (a plain power spectrum).
double energyShare(const std::vector<float>& x, double sampleRate, double loHz, double hiHz) {
  std::vector<float> in(x);
  std::vector<fftwf_complex> out(in.size() / 2 + 1);
  fftwf_plan plan =
      fftwf_plan_dft_r2c_1d(static_cast<int>(in.size()), in.data(), out.data(), FFTW_ESTIMATE);
  fftwf_execute(plan);
  fftwf_destroy_plan(plan);
  double total = 0.0, band = 0.0;
  for (size_t k = 0; k < out.size(); ++k) {
    double power =
        static_cast<double>(out[k][0]) * out[k][0] + static_cast<double>(out[k][1]) * out[k][1];
    double hz = static_cast<double>(k) * sampleRate / static_cast<double>(in.size());
    total += power;
    if (hz >= loHz && hz <= hiHz) band += power;
  }
  return total > 0.0 ? band / total : 0.0;
}

// ---- search path ------------------------------------------------------------------------------

TEST(SamplesTest, TheFirstFolderOnThePathWinsPerSound) {
  std::string a = folder("first/a"), b = folder("first/b");
  fs::create_directories(a + "/bd");
  fs::create_directories(b + "/bd");
  fs::create_directories(b + "/sn");
  writeMarker(a + "/bd/x.wav", 0.1f);
  writeMarker(a + "/bd/y.wav", 0.2f);
  writeMarker(b + "/bd/x.wav", 0.3f);
  writeMarker(b + "/sn/x.wav", 0.4f);
  SampleLibrary library(only({a, b}), 48000.0f);
  ASSERT_TRUE(library.preload("bd"));
  ASSERT_TRUE(library.preload("sn"));
  EXPECT_EQ(library.origin("bd"), a);
  EXPECT_EQ(library.fileCount("bd"), 2u);
  EXPECT_FLOAT_EQ(library.find("bd", 0)->at(0, 0), 0.1f);
  EXPECT_EQ(library.origin("sn"), b);
  EXPECT_FLOAT_EQ(library.find("sn", 0)->at(0, 0), 0.4f);
  // A sound in no folder is the built-in kit's.
  ASSERT_TRUE(library.preload("hh"));
  EXPECT_EQ(library.origin("hh"), rt::kBuiltInOrigin);
  EXPECT_EQ(library.fileCount("hh"), 4u);
  EXPECT_EQ(library.find("hh", 0)->path, "<built-in>");
  EXPECT_FALSE(library.preload("nosuch"));
  EXPECT_EQ(library.find("nosuch", 0), nullptr);
  EXPECT_EQ(library.origin("nosuch"), "");
}

TEST(SamplesTest, AnEmptyFolderDoesNotHideTheNextOne) {
  std::string a = folder("empty/a"), b = folder("empty/b");
  fs::create_directories(a + "/bd");
  std::ofstream(a + "/bd/readme.txt") << "no audio here";
  fs::create_directories(b + "/bd");
  writeMarker(b + "/bd/x.wav", 0.5f);
  SampleLibrary library(only({a, b}), 48000.0f);
  ASSERT_TRUE(library.preload("bd"));
  EXPECT_EQ(library.origin("bd"), b);
}

TEST(SamplesTest, PhononSamplesComesAfterTheDirsAndBeforeTheBuiltInKit) {
  std::string dir = folder("env/dir"), e1 = folder("env/e1"), e2 = folder("env/e2");
  for (const char* sound : {"bd", "sn", "cp"}) {
    fs::create_directories(e2 + "/" + sound);
    writeMarker(e2 + "/" + sound + "/x.wav", 0.2f);
  }
  fs::create_directories(dir + "/bd");
  writeMarker(dir + "/bd/x.wav", 0.1f);
  fs::create_directories(e1 + "/sn");
  writeMarker(e1 + "/sn/x.wav", 0.3f);
  // An empty entry (`::`) is skipped.
  std::string value = e1 + "::" + e2;
  ASSERT_EQ(setenv("PHONON_SAMPLES", value.c_str(), 1), 0);
  SampleSearchPath path = only({dir});
  path.useEnvironment = true;
  SampleLibrary library(path, 48000.0f);
  unsetenv("PHONON_SAMPLES");
  EXPECT_EQ(library.searchFolders(), (std::vector<std::string>{dir, e1, e2}));
  ASSERT_TRUE(library.preload("bd"));
  ASSERT_TRUE(library.preload("sn"));
  ASSERT_TRUE(library.preload("cp"));
  EXPECT_EQ(library.origin("bd"), dir);
  EXPECT_EQ(library.origin("sn"), e1);
  EXPECT_EQ(library.origin("cp"), e2);
  // Without useEnvironment the variable is not read.
  ASSERT_EQ(setenv("PHONON_SAMPLES", value.c_str(), 1), 0);
  SampleLibrary without(only({dir}), 48000.0f);
  unsetenv("PHONON_SAMPLES");
  ASSERT_TRUE(without.preload("sn"));
  EXPECT_EQ(without.origin("sn"), rt::kBuiltInOrigin);
}

TEST(SamplesTest, SamplesInTheWorkingDirectoryComeLast) {
  std::string work = folder("cwd"), dir = folder("cwd-dir");
  fs::create_directories(work + "/samples/bd");
  fs::create_directories(work + "/samples/sn");
  writeMarker(work + "/samples/bd/x.wav", 0.6f);
  writeMarker(work + "/samples/sn/x.wav", 0.7f);
  fs::create_directories(dir + "/sn");
  writeMarker(dir + "/sn/x.wav", 0.8f);
  fs::path previous = fs::current_path();
  fs::current_path(work);
  SampleSearchPath path = only({dir});
  path.useWorkingDirectory = true;
  unsetenv("PHONON_SAMPLES");
  SampleLibrary library(path, 48000.0f);
  fs::current_path(previous); // resolved at construction: leaving does not matter
  ASSERT_TRUE(library.preload("bd"));
  ASSERT_TRUE(library.preload("sn"));
  EXPECT_EQ(library.origin("bd"), (fs::path(work) / "samples").string());
  EXPECT_FLOAT_EQ(library.find("bd", 0)->at(0, 0), 0.6f);
  EXPECT_EQ(library.origin("sn"), dir);
}

TEST(SamplesTest, WithoutTheBuiltInKitAnUnknownSoundIsNotFound) {
  SampleLibrary library(only({}, /*builtIn=*/false), 48000.0f);
  EXPECT_FALSE(library.preload("bd"));
  EXPECT_EQ(library.find("bd", 0), nullptr);
}

// ---- files of a sound -------------------------------------------------------------------------

TEST(SamplesTest, FilesAreInByteOrderAndIndicesWrapFloored) {
  std::string root = folder("order");
  std::string bd = root + "/bd";
  fs::create_directories(bd);
  // Byte order: '1' < '9' < 'B' < '_' < 'a'.
  writeMarker(bd + "/a.wav", 0.5f);
  writeMarker(bd + "/_x.wav", 0.4f);
  writeMarker(bd + "/B.WAV", 0.3f); // upper-case extensions count
  writeMarker(bd + "/9.Flac", 0.2f);
  writeSound(bd + "/10.AIFF", std::vector<float>(64, 0.1f), 1, 48000,
             SF_FORMAT_AIFF | SF_FORMAT_PCM_24);
  std::ofstream(bd + "/notes.txt") << "ignored";
  std::ofstream(bd + "/loop.mp3") << "ignored";
  std::ofstream(bd + "/README") << "ignored";
  std::ofstream(bd + "/._a.wav") << "an AppleDouble file: hidden, ignored";
  fs::create_directories(bd + "/sub.wav"); // a folder, not a file
  SampleLibrary library(only({root}), 48000.0f);
  ASSERT_TRUE(library.preload("bd"));
  ASSERT_EQ(library.fileCount("bd"), 5u);
  const float expected[5] = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f};
  for (int64_t i = -12; i <= 12; ++i) {
    int64_t wrapped = ((i % 5) + 5) % 5;
    const Sample* s = library.find("bd", i);
    ASSERT_NE(s, nullptr);
    EXPECT_NEAR(s->at(10, 0), expected[wrapped], 1e-6) << "bd:" << i;
    EXPECT_EQ(s->name, "bd:" + std::to_string(wrapped));
  }
  EXPECT_EQ(library.find("bd", -1)->path, bd + "/a.wav");
  EXPECT_EQ(library.find("bd", 0)->path, bd + "/10.AIFF");
}

TEST(SamplesTest, DecodesIntegerAndFloatFormatsKeepingTwoChannels) {
  std::string root = folder("formats");
  fs::create_directories(root + "/m");
  fs::create_directories(root + "/s");
  fs::create_directories(root + "/q");
  writeSound(root + "/m/a.flac", std::vector<float>(100, 0.25f), 1, 48000,
             SF_FORMAT_FLAC | SF_FORMAT_PCM_16);
  std::vector<float> stereo, quad;
  for (int i = 0; i < 100; ++i) {
    stereo.insert(stereo.end(), {0.5f, -0.25f});
    quad.insert(quad.end(), {0.1f, 0.2f, 0.3f, 0.4f});
  }
  writeSound(root + "/s/a.wav", stereo, 2, 48000, SF_FORMAT_WAV | SF_FORMAT_PCM_24);
  writeSound(root + "/q/a.wav", quad, 4, 48000);
  SampleLibrary library(only({root}), 48000.0f);
  for (const char* sound : {"m", "s", "q"}) ASSERT_TRUE(library.preload(sound)) << sound;
  const Sample* m = library.find("m", 0);
  EXPECT_EQ(m->channels, 1u);
  EXPECT_EQ(m->frames, 100u);
  EXPECT_FLOAT_EQ(m->at(50, 0), 0.25f);
  EXPECT_FLOAT_EQ(m->at(50, 1), 0.25f); // a mono sample answers for both sides
  const Sample* s = library.find("s", 0);
  EXPECT_EQ(s->channels, 2u);
  EXPECT_FLOAT_EQ(s->at(50, 0), 0.5f);
  EXPECT_FLOAT_EQ(s->at(50, 1), -0.25f);
  const Sample* q = library.find("q", 0);
  EXPECT_EQ(q->channels, 2u);
  EXPECT_EQ(q->data.size(), 200u);
  EXPECT_FLOAT_EQ(q->at(50, 0), 0.1f);
  EXPECT_FLOAT_EQ(q->at(50, 1), 0.2f);
}

TEST(SamplesTest, DecodesEveryIntegerAndFloatWidth) {
  const std::pair<const char*, int> formats[] = {
      {"u8.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_U8},
      {"s16.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16},
      {"s24.aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_24},
      {"s32.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_32},
      {"f32.aiff", SF_FORMAT_AIFF | SF_FORMAT_FLOAT},
      {"f64.wav", SF_FORMAT_WAV | SF_FORMAT_DOUBLE},
      {"s8.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_S8},
  };
  std::string root = folder("widths");
  fs::create_directories(root + "/w");
  std::vector<float> ramp(256);
  for (size_t i = 0; i < ramp.size(); ++i) ramp[i] = static_cast<float>(i) / 256.0f - 0.5f;
  for (const auto& [name, format] : formats)
    writeSound(root + "/w/" + name, ramp, 1, 48000, format);
  SampleLibrary library(only({root}), 48000.0f);
  ASSERT_TRUE(library.preload("w"));
  ASSERT_EQ(library.fileCount("w"), std::size(formats));
  for (size_t k = 0; k < std::size(formats); ++k) {
    const Sample* s = library.find("w", static_cast<int64_t>(k));
    ASSERT_EQ(s->frames, ramp.size()) << s->path;
    // 8-bit formats hold the ramp to 1/128.
    EXPECT_LT(maxDifference(s->data, ramp), 1.0 / 128.0) << s->path;
  }
}

TEST(SamplesTest, AFileThatDoesNotDecodeIsAnErrorNamingIt) {
  std::string root = folder("broken");
  fs::create_directories(root + "/bd");
  std::ofstream(root + "/bd/x.wav") << "RIFF but not really a wave file";
  SampleLibrary library(only({root}), 48000.0f);
  try {
    library.preload("bd");
    FAIL() << "expected a SampleError";
  } catch (const rt::SampleError& e) {
    EXPECT_NE(std::string(e.what()).find(root + "/bd/x.wav"), std::string::npos) << e.what();
  }
  EXPECT_EQ(library.find("bd", 0), nullptr);
}

// ---- resampling -------------------------------------------------------------------------------

TEST(SamplesTest, ResamplingKeepsPitchLevelAndChannels) {
  std::string root = folder("resample");
  fs::create_directories(root + "/tone");
  fs::create_directories(root + "/pair");
  const size_t frames = 44100;
  writeSound(root + "/tone/a.wav", sine(1000.0, 44100.0, frames), 1, 44100);
  std::vector<float> left = sine(1000.0, 44100.0, frames), right = sine(3000.0, 44100.0, frames);
  std::vector<float> stereo;
  for (size_t i = 0; i < frames; ++i) stereo.insert(stereo.end(), {left[i], right[i]});
  writeSound(root + "/pair/a.flac", stereo, 2, 44100, SF_FORMAT_FLAC | SF_FORMAT_PCM_24);
  SampleLibrary library(only({root}), 48000.0f);
  ASSERT_TRUE(library.preload("tone"));
  ASSERT_TRUE(library.preload("pair"));

  const Sample* tone = library.find("tone", 0);
  EXPECT_EQ(tone->channels, 1u);
  EXPECT_FLOAT_EQ(tone->sampleRate, 48000.0f);
  EXPECT_NEAR(static_cast<double>(tone->frames), frames * 48000.0 / 44100.0, 1.0);
  std::vector<float> x = channelOf(*tone, 0);
  EXPECT_NEAR(spectralPeakHz(x, 48000.0), 1000.0, 0.1);
  EXPECT_NEAR(amplitudeAt(slice(x, 4800, 43200), 48000.0, 1000.0), 0.5, 0.001);
  // Aligned: the resampled sine is still the 1 kHz sine starting at phase 0.
  EXPECT_NEAR(x[12], 0.5 * std::sin(2.0 * M_PI * 1000.0 * 12.0 / 48000.0), 0.002);

  const Sample* pair = library.find("pair", 0);
  EXPECT_EQ(pair->channels, 2u);
  EXPECT_NEAR(static_cast<double>(pair->frames), frames * 48000.0 / 44100.0, 1.0);
  EXPECT_NEAR(spectralPeakHz(channelOf(*pair, 0), 48000.0), 1000.0, 0.5);
  EXPECT_NEAR(spectralPeakHz(channelOf(*pair, 1), 48000.0), 3000.0, 0.5);
  EXPECT_LT(amplitudeAt(channelOf(*pair, 0), 48000.0, 3000.0), 1e-3);
}

TEST(SamplesTest, ResamplingDownIsBandLimited) {
  // 23 kHz is above 44.1 kHz's Nyquist frequency: a band-limited resampler removes it, where
  // interpolating without a filter would fold it to 44.1 − 23 = 21.1 kHz.
  std::string root = folder("alias");
  fs::create_directories(root + "/high");
  std::vector<float> x = sine(23000.0, 48000.0, 48000);
  std::vector<float> low = sine(1000.0, 48000.0, 48000);
  for (size_t i = 0; i < x.size(); ++i) x[i] += low[i];
  writeSound(root + "/high/a.wav", x, 1, 48000);
  SampleLibrary library(only({root}), 44100.0f);
  ASSERT_TRUE(library.preload("high"));
  std::vector<float> y = slice(library.find("high", 0)->data, 4410, 39690);
  EXPECT_NEAR(amplitudeAt(y, 44100.0, 1000.0), 0.5, 0.001);
  EXPECT_LT(amplitudeAt(y, 44100.0, 21100.0), 1e-4);
}

TEST(SamplesTest, AFileAtTheEngineRateIsNotResampled) {
  std::string root = folder("same-rate");
  fs::create_directories(root + "/tone");
  std::vector<float> x = sine(440.0, 44100.0, 1000);
  writeSound(root + "/tone/a.wav", x, 1, 44100);
  SampleLibrary library(only({root}), 44100.0f);
  ASSERT_TRUE(library.preload("tone"));
  EXPECT_EQ(maxDifference(library.find("tone", 0)->data, x), 0.0);
}

// ---- the built-in kit -------------------------------------------------------------------------

struct KitLength {
  const char* sound;
  double seconds;
};
constexpr KitLength kKitLengths[] = {
    {"bd", 0.8}, {"sn", 0.4}, {"hh", 0.15},  {"oh", 0.8},    {"cp", 0.5},
    {"lt", 0.7}, {"mt", 0.7}, {"ht", 0.7},   {"tom", 0.7},   {"rim", 0.1},
    {"cb", 0.4}, {"cr", 2.5}, {"ride", 2.0}, {"perc", 0.25},
};

TEST(SamplesTest, TheBuiltInKitHasFourVariantsOfEverySoundAtItsLengthAndPeak) {
  EXPECT_EQ(SampleLibrary::builtInSounds().size(), std::size(kKitLengths));
  for (float rate : {48000.0f, 44100.0f}) {
    SampleLibrary library(only({}), rate);
    for (const KitLength& entry : kKitLengths) {
      ASSERT_TRUE(library.preload(entry.sound)) << entry.sound;
      EXPECT_EQ(library.fileCount(entry.sound), 4u);
      for (int v = 0; v < 4; ++v) {
        const Sample* s = library.find(entry.sound, v);
        ASSERT_NE(s, nullptr);
        EXPECT_EQ(s->name, std::string(entry.sound) + ":" + std::to_string(v));
        EXPECT_EQ(s->channels, 1u);
        EXPECT_FLOAT_EQ(s->sampleRate, rate);
        EXPECT_EQ(s->frames, static_cast<uint64_t>(std::llround(entry.seconds * rate)))
            << entry.sound << ":" << v << " at " << rate;
        EXPECT_NEAR(peak(s->data), 0.891, 1e-6) << entry.sound << ":" << v;
        EXPECT_TRUE(allFinite(s->data));
        EXPECT_LT(std::fabs(s->data.back()), 1e-3) << "the fade at the end";
      }
      // The variants differ.
      EXPECT_GT(
          maxDifference(library.find(entry.sound, 0)->data, library.find(entry.sound, 1)->data),
          0.01)
          << entry.sound;
    }
  }
}

TEST(SamplesTest, TheBuiltInKitIsTheSameEveryTime) {
  SampleLibrary a(only({}), 48000.0f), b(only({}), 48000.0f);
  for (const std::string& sound : SampleLibrary::builtInSounds()) {
    ASSERT_TRUE(a.preload(sound));
    ASSERT_TRUE(b.preload(sound));
    for (int v = 0; v < 4; ++v)
      EXPECT_EQ(maxDifference(a.find(sound, v)->data, b.find(sound, v)->data), 0.0) << sound;
  }
}

TEST(SamplesTest, BuiltInVariantsScaleThePitch) {
  SampleLibrary library(only({}), 48000.0f);
  ASSERT_TRUE(library.preload("bd"));
  // Past the sweep (e^(−t/0.04) < 0.01 from 0.2 s) the kick sits at 50·(1 − 0.08j) Hz.
  double v0 = spectralPeakHz(slice(library.find("bd", 0)->data, 9600, 28800), 48000.0, 20, 400);
  double v1 = spectralPeakHz(slice(library.find("bd", 1)->data, 9600, 28800), 48000.0, 20, 400);
  EXPECT_NEAR(v0, 50.0, 1.5);
  EXPECT_NEAR(v1, 46.0, 1.5);
  EXPECT_LT(v1, v0);
  // The toms at f0 once their sweep has settled.
  for (auto [sound, f0] : {std::pair{"lt", 90.0}, {"mt", 130.0}, {"ht", 180.0}, {"tom", 110.0}}) {
    ASSERT_TRUE(library.preload(sound));
    std::vector<float> settled = slice(library.find(sound, 0)->data, 14400, 28800);
    EXPECT_NEAR(spectralPeakHz(settled, 48000.0, 20, 1000), f0, 0.03 * f0) << sound;
  }
}

TEST(SamplesTest, BuiltInKickIsLowAndHatsAreHigh) {
  SampleLibrary library(only({}), 48000.0f);
  for (const char* sound : {"bd", "hh", "oh", "cr"}) ASSERT_TRUE(library.preload(sound));
  EXPECT_GT(energyShare(library.find("bd", 0)->data, 48000.0, 0.0, 200.0), 0.9);
  EXPECT_GT(energyShare(library.find("hh", 0)->data, 48000.0, 5000.0, 24000.0), 0.9);
  EXPECT_GT(energyShare(library.find("oh", 0)->data, 48000.0, 5000.0, 24000.0), 0.85);
  EXPECT_GT(energyShare(library.find("cr", 0)->data, 48000.0, 3500.0, 24000.0), 0.85);
  EXPECT_LT(energyShare(library.find("hh", 0)->data, 48000.0, 0.0, 1000.0), 0.01);
}

TEST(SamplesTest, AnEngineRateThatIsNoRateIsAnError) {
  for (float rate : {0.0f, -48000.0f, NAN, INFINITY})
    EXPECT_THROW(SampleLibrary(only({}), rate), rt::SampleError) << rate;
}

TEST(SamplesTest, SynthesizeBuiltInRefusesWhatIsNotInTheKit) {
  EXPECT_EQ(rt::synthesizeBuiltIn("kick", 0, 48000.0f), nullptr);
  EXPECT_EQ(rt::synthesizeBuiltIn("bd", 4, 48000.0f), nullptr);
  EXPECT_EQ(rt::synthesizeBuiltIn("bd", -1, 48000.0f), nullptr);
  EXPECT_EQ(rt::synthesizeBuiltIn("bd", 0, 0.0f), nullptr);
}

// ---- Hydrogen drumkits ------------------------------------------------------------------------

// libxml2 is loaded when a kit is first read (rt::SharedLibrary, as PortAudio is when a command
// plays): what cannot be loaded or found is named.
TEST(SamplesTest, ALibraryLoadedWhenNeededNamesWhatItLacks) {
  std::string error;
  rt::SharedLibrary missing;
  EXPECT_FALSE(missing.open("libphonon-no-such-library.so.1", error));
  EXPECT_EQ(error.rfind("cannot load libphonon-no-such-library.so.1 (", 0), 0u) << error;
  size_t (*length)(const char*) = nullptr;
  EXPECT_FALSE(missing.find(length, "strlen", error));

  rt::SharedLibrary libc;
  ASSERT_TRUE(libc.open("libc.so.6", error)) << error;
  ASSERT_TRUE(libc.find(length, "strlen", error)) << error;
  EXPECT_EQ(length("drumkit"), 7u);
  EXPECT_FALSE(libc.find(length, "phonon_no_such_function", error));
  EXPECT_EQ(error, "libc.so.6 has no phonon_no_such_function");
  EXPECT_EQ(length, nullptr);
}

/// A drumkit folder: drumkit.xml with `instruments` inside <instrumentList>, and a marker file
/// for every name in `files` (value: its position in the list, /100).
std::string hydrogenKit(const std::string& name, const std::string& instruments,
                        const std::vector<std::string>& files) {
  std::string dir = folder(name);
  for (size_t i = 0; i < files.size(); ++i)
    writeMarker(dir + "/" + files[i], static_cast<float>(i + 1) / 100.0f);
  std::ofstream(dir + "/drumkit.xml")
      << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<drumkit_info xmlns=\"http://www.hydrogen-music.org/drumkit\">\n"
         "  <name>Test Kit</name>\n  <instrumentList>\n"
      << instruments << "  </instrumentList>\n</drumkit_info>\n";
  return dir;
}

std::string oldInstrument(const std::string& name, const std::string& file) {
  return "<instrument><id>0</id><name>" + name + "</name><volume>1</volume><filename>" + file +
         "</filename></instrument>\n";
}

std::string newInstrument(const std::string& name, const std::vector<std::string>& layers) {
  std::string xml = "<instrument><id>1</id><name>" + name +
                    "</name><instrumentComponent><component_id>0</component_id>";
  for (const std::string& file : layers)
    xml += "<layer><filename>" + file + "</filename><min>0</min><max>1</max></layer>";
  return xml + "</instrumentComponent></instrument>\n";
}

TEST(SamplesTest, AHydrogenKitMapsItsInstrumentsToSoundNames) {
  std::string kit = hydrogenKit(
      "hydrogen",
      newInstrument("Kick", {"kick-soft.wav", "kick-hard.wav"}) + oldInstrument("Snare", "sn.wav") +
          "<instrument><name>Closed HiHat</name><layer><filename>hh.wav</filename></layer>"
          "</instrument>\n" +
          newInstrument("Kick Long", {"kick-long.wav"}) + oldInstrument("Tambourine", "tamb.wav") +
          "<instrument><name>Silent</name></instrument>\n",
      {"kick-soft.wav", "kick-hard.wav", "sn.wav", "hh.wav", "kick-long.wav", "tamb.wav"});
  SampleLibrary library(only({kit}), 48000.0f);
  ASSERT_TRUE(library.preload("bd"));
  EXPECT_EQ(library.origin("bd"), kit);
  // Each instrument's layers in drumkit order, across instruments of the same sound.
  ASSERT_EQ(library.fileCount("bd"), 3u);
  EXPECT_EQ(library.find("bd", 0)->path, kit + "/kick-soft.wav");
  EXPECT_EQ(library.find("bd", 1)->path, kit + "/kick-hard.wav");
  EXPECT_EQ(library.find("bd", 2)->path, kit + "/kick-long.wav");
  EXPECT_FLOAT_EQ(library.find("bd", 1)->at(0, 0), 0.02f);
  ASSERT_TRUE(library.preload("sn"));
  EXPECT_EQ(library.find("sn", 0)->path, kit + "/sn.wav");
  ASSERT_TRUE(library.preload("hh"));
  EXPECT_EQ(library.find("hh", 0)->path, kit + "/hh.wav");
  ASSERT_TRUE(library.preload("perc"));
  EXPECT_EQ(library.find("perc", 0)->path, kit + "/tamb.wav");
  // The instruments' own names, lowercased with spaces as underscores.
  ASSERT_TRUE(library.preload("kick"));
  EXPECT_EQ(library.fileCount("kick"), 2u);
  ASSERT_TRUE(library.preload("kick_long"));
  ASSERT_TRUE(library.preload("closed_hihat"));
  ASSERT_TRUE(library.preload("tambourine"));
  EXPECT_FALSE(library.preload("silent")); // an instrument with no file is no sound
  // What the kit lacks still comes from the built-in kit.
  ASSERT_TRUE(library.preload("cp"));
  EXPECT_EQ(library.origin("cp"), rt::kBuiltInOrigin);
}

TEST(SamplesTest, HydrogenInstrumentNamesMapByWhatTheyContain) {
  const std::pair<const char*, const char*> cases[] = {
      {"Kick", "bd"},       {"Bass Drum 2", "bd"}, {"Snare Rim", "rim"},   {"Side Stick", "rim"},
      {"Snare Jazz", "sn"}, {"Hand Clap", "cp"},   {"Open HiHat", "oh"},   {"Hat Closed", "hh"},
      {"Pedal HH", "hh"},   {"Cowbell", "cb"},     {"Crash Cymbal", "cr"}, {"Ride Bell", "ride"},
      {"Floor Tom", "lt"},  {"Low Tom", "lt"},     {"Mid Tom", "mt"},      {"High Tom", "ht"},
      {"Tom 3", "tom"},     {"Shaker", "perc"},
  };
  std::string instruments;
  std::vector<std::string> files;
  for (size_t i = 0; i < std::size(cases); ++i) {
    files.push_back("f" + std::to_string(i) + ".wav");
    instruments += oldInstrument(cases[i].first, files.back());
  }
  std::string kit = hydrogenKit("hydrogen-names", instruments, files);
  SampleLibrary library(only({kit}, /*builtIn=*/false), 48000.0f);
  for (size_t i = 0; i < std::size(cases); ++i) {
    ASSERT_TRUE(library.preload(cases[i].second)) << cases[i].first;
    bool found = false;
    for (size_t k = 0; k < library.fileCount(cases[i].second); ++k)
      found |= library.find(cases[i].second, static_cast<int64_t>(k))->path == kit + "/" + files[i];
    EXPECT_TRUE(found) << cases[i].first << " should be " << cases[i].second;
  }
}

TEST(SamplesTest, ABrokenDrumkitIsAnErrorNamingIt) {
  struct Case {
    const char* name;
    const char* xml;
    const char* says;
  };
  const Case cases[] = {
      {"truncated", "<drumkit_info><instrumentList><instrument><name>Kick", "not a valid"},
      {"not-xml", "\x01\x02 binary", "not a valid"},
      {"wrong-root", "<song><name>x</name></song>", "<drumkit_info>"},
      {"missing-file",
       "<drumkit_info><instrumentList><instrument><name>Kick</name>"
       "<filename>gone.wav</filename></instrument></instrumentList></drumkit_info>",
       "gone.wav"},
  };
  // Nested entities that would expand to gigabytes are refused by the parser, not expanded.
  std::string bomb = "<!DOCTYPE drumkit_info [<!ENTITY a0 \"lol\">";
  for (int i = 1; i <= 9; ++i) {
    bomb += "<!ENTITY a" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) bomb += "&a" + std::to_string(i - 1) + ";";
    bomb += "\">";
  }
  bomb += "]><drumkit_info><instrumentList><instrument><name>&a9;</name></instrument>"
          "</instrumentList></drumkit_info>";
  std::vector<Case> all(std::begin(cases), std::end(cases));
  all.push_back({"entity-bomb", bomb.c_str(), "not a valid"});
  for (const Case& c : all) {
    std::string dir = folder(std::string("broken-kit/") + c.name);
    std::ofstream(dir + "/drumkit.xml") << c.xml;
    try {
      SampleLibrary library(only({dir}), 48000.0f);
      ADD_FAILURE() << c.name << ": expected a SampleError";
    } catch (const rt::SampleError& e) {
      std::string what = e.what();
      EXPECT_NE(what.find(dir + "/drumkit.xml"), std::string::npos) << what;
      EXPECT_NE(what.find(c.says), std::string::npos) << what;
    }
  }
}

// ---- unknown names ----------------------------------------------------------------------------

TEST(SamplesTest, NearestNamesComeFromEveryFolderAndTheKit) {
  std::string root = folder("nearest");
  for (const char* sound : {"kick808", "snare", "bass3", ".bd"}) {
    fs::create_directories(root + "/" + sound);
    writeMarker(root + "/" + sound + "/x.wav", 0.1f);
  }
  std::string kit = hydrogenKit("nearest-kit", oldInstrument("Tambourine", "t.wav"), {"t.wav"});
  SampleLibrary library(only({root, kit}), 48000.0f);
  EXPECT_EQ(library.nearest("kick80"), std::vector<std::string>{"kick808"});
  EXPECT_EQ(library.nearest("tamborine"), std::vector<std::string>{"tambourine"});
  std::vector<std::string> bdd = library.nearest("bdd");
  ASSERT_FALSE(bdd.empty());
  EXPECT_EQ(bdd.front(), "bd");
  EXPECT_LE(bdd.size(), 3u);
  EXPECT_EQ(library.nearest("snar").front(), "snare");
  EXPECT_TRUE(library.nearest("zzzzzzzz").empty());
  // The kit counts only while it is on.
  SampleLibrary bare(only({root}, /*builtIn=*/false), 48000.0f);
  EXPECT_TRUE(bare.nearest("bdd").empty());
  EXPECT_TRUE(bare.nearest("bd").empty()) << "a hidden folder (.bd) is no sound";
}

} // namespace
} // namespace phonon::test
