// The sample library (LANGUAGE §8.1): Dirt-Samples folders, Hydrogen drumkits and the built-in
// kit, decoded with libsndfile and resampled with libsamplerate once, when a patch is loaded.
#include "phonon/rt/Samples.h"

#include "HydrogenKit.h"

#include <samplerate.h>
#include <sndfile.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <set>

namespace phonon::rt {

namespace fs = std::filesystem;

/// One folder of the search path: a Dirt root (one folder per sound) or a Hydrogen drumkit.
struct SampleLibrary::Root {
  std::string folder;
  bool isHydrogenKit = false;
  HydrogenKit kit;
};

namespace {

/// A .wav, .flac, .aif or .aiff file, in any case. Hidden files are not: a sample pack copied
/// from a Mac holds an AppleDouble `._x.wav` beside each `x.wav`, which is no audio.
bool isAudioFileName(const std::string& name) {
  size_t dot = name.find_last_of('.');
  if (dot == std::string::npos || name[0] == '.') return false;
  std::string ext = name.substr(dot + 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == "wav" || ext == "flac" || ext == "aif" || ext == "aiff";
}

/// A sound name that can only name a folder directly under a root.
bool isPlainName(std::string_view sound) {
  return !sound.empty() && sound != "." && sound != ".." &&
         sound.find('/') == std::string_view::npos && sound.find('\0') == std::string_view::npos;
}

/// The audio files of `root`/`sound`, in byte-wise ascending file-name order (std::string
/// compares as unsigned char); empty when there is no such folder.
std::vector<std::string> dirtFiles(const std::string& root, std::string_view sound) {
  std::vector<std::string> names;
  if (!isPlainName(sound)) return names;
  const fs::path folder = fs::path(root) / std::string(sound);
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return names;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code fileEc;
    std::string name = it->path().filename().string();
    if (isAudioFileName(name) && fs::is_regular_file(it->path(), fileEc)) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  for (std::string& name : names) name = (folder / name).string();
  return names;
}

/// Levenshtein distance.
size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1] ? 1 : 0)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

/// Resamples interleaved audio from `fromRate` to `toRate`. SRC_SINC_BEST_QUALITY is
/// libsamplerate's band-limited windowed-sinc interpolator (documented at 97 dB SNR over 97 % of
/// the band); its filter is far longer than the 32 taps LANGUAGE §8.1 asks for (an impulse
/// resampled from 44.1 to 48 kHz spreads over about 240 output samples above 1e-5). Loading
/// happens once, off the audio path, so its cost does not matter. The output has
/// round(frames · toRate/fromRate) frames, aligned with the input (libsamplerate compensates its
/// own filter delay).
std::vector<float> resample(const std::vector<float>& in, uint32_t channels, uint64_t frames,
                            double fromRate, double toRate, const std::string& path) {
  const double ratio = toRate / fromRate;
  const uint64_t outFrames = static_cast<uint64_t>(static_cast<double>(frames) * ratio + 0.5);
  std::vector<float> out(outFrames * channels, 0.0f);
  if (frames == 0 || outFrames == 0) return out;
  int error = 0;
  std::unique_ptr<SRC_STATE, SRC_STATE* (*)(SRC_STATE*)> state(
      src_new(SRC_SINC_BEST_QUALITY, static_cast<int>(channels), &error), src_delete);
  if (!state) throw SampleError(path + ": cannot resample: " + src_strerror(error));
  uint64_t inDone = 0, outDone = 0;
  // libsamplerate counts frames in longs; feed and collect in bounded chunks.
  constexpr uint64_t kChunk = 1u << 20;
  while (outDone < outFrames) {
    SRC_DATA data{};
    data.data_in = in.data() + inDone * channels;
    data.input_frames = static_cast<long>(std::min(frames - inDone, kChunk));
    data.data_out = out.data() + outDone * channels;
    data.output_frames = static_cast<long>(std::min(outFrames - outDone, kChunk));
    data.end_of_input = inDone + static_cast<uint64_t>(data.input_frames) == frames ? 1 : 0;
    data.src_ratio = ratio;
    if ((error = src_process(state.get(), &data)) != 0)
      throw SampleError(path + ": cannot resample: " + src_strerror(error));
    inDone += static_cast<uint64_t>(data.input_frames_used);
    outDone += static_cast<uint64_t>(data.output_frames_gen);
    if (data.output_frames_gen == 0 && data.input_frames_used == 0) break; // flushed
  }
  return out; // any frames the flush did not give stay 0
}

std::vector<std::string> splitColons(const char* value) {
  std::vector<std::string> parts;
  if (!value) return parts;
  std::string_view rest(value);
  while (true) {
    size_t colon = rest.find(':');
    std::string_view part = rest.substr(0, colon);
    if (!part.empty()) parts.emplace_back(part);
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return parts;
}

} // namespace

Sample loadSampleFile(const std::string& path, float sampleRate) {
  SF_INFO info{};
  std::unique_ptr<SNDFILE, int (*)(SNDFILE*)> file(sf_open(path.c_str(), SFM_READ, &info),
                                                   sf_close);
  if (!file) throw SampleError(path + ": cannot read the sound file: " + sf_strerror(nullptr));
  if (info.channels < 1 || info.samplerate < 1)
    throw SampleError(path + ": the sound file has no channels or no sample rate");
  const uint32_t fileChannels = static_cast<uint32_t>(info.channels);
  Sample sample;
  sample.path = path;
  sample.channels = std::min(fileChannels, 2u);
  sample.sampleRate = sampleRate;
  // sf_readf_float scales integer formats to [−1, 1] and passes float formats through.
  std::vector<float> decoded;
  if (info.frames > 0 && info.frames < (sf_count_t(1) << 31))
    decoded.reserve(static_cast<size_t>(info.frames) * sample.channels);
  std::vector<float> chunk(4096 * static_cast<size_t>(fileChannels));
  uint64_t frames = 0;
  while (true) {
    sf_count_t got = sf_readf_float(file.get(), chunk.data(), 4096);
    if (got <= 0) break;
    for (sf_count_t i = 0; i < got; ++i)
      for (uint32_t c = 0; c < sample.channels; ++c)
        decoded.push_back(chunk[static_cast<size_t>(i) * fileChannels + c]);
    frames += static_cast<uint64_t>(got);
  }
  if (sf_error(file.get()) != SF_ERR_NO_ERROR)
    throw SampleError(path + ": cannot decode the sound file: " + sf_strerror(file.get()));
  if (info.samplerate == static_cast<int>(sampleRate) &&
      static_cast<float>(info.samplerate) == sampleRate) {
    sample.frames = frames;
    sample.data = std::move(decoded);
  } else {
    sample.data = resample(decoded, sample.channels, frames, info.samplerate, sampleRate, path);
    sample.frames = sample.data.size() / sample.channels;
  }
  return sample;
}

SampleLibrary::SampleLibrary(SampleSearchPath path, float sampleRate)
    : sampleRate_(sampleRate), useBuiltInKit_(path.useBuiltInKit) {
  if (!(sampleRate >= 1.0f && sampleRate <= 1.0e6f))
    throw SampleError("error: the sample library needs an engine rate in [1, 1000000] Hz, not " +
                      std::to_string(sampleRate));
  std::vector<std::string> folders = path.dirs;
  if (path.useEnvironment)
    for (std::string& dir : splitColons(std::getenv("PHONON_SAMPLES"))) folders.push_back(dir);
  if (path.useWorkingDirectory) {
    std::error_code ec;
    fs::path cwd = fs::current_path(ec);
    folders.push_back(ec ? std::string("samples") : (cwd / "samples").string());
  }
  for (const std::string& folder : folders) {
    Root root;
    root.folder = folder;
    std::error_code ec;
    if (fs::is_regular_file(fs::path(folder) / "drumkit.xml", ec)) {
      root.isHydrogenKit = true;
      root.kit = readHydrogenKit(folder);
    }
    roots_.push_back(std::move(root));
    folders_.push_back(folder);
  }
}

SampleLibrary::SampleLibrary(SampleLibrary&&) noexcept = default;
SampleLibrary& SampleLibrary::operator=(SampleLibrary&&) noexcept = default;
SampleLibrary::~SampleLibrary() = default;

bool SampleLibrary::preload(std::string_view sound) {
  if (loaded_.find(sound) != loaded_.end()) return true;
  LoadedSound entry;
  for (const Root& root : roots_) {
    std::vector<std::string> files;
    if (root.isHydrogenKit) {
      for (const auto& [name, kitFiles] : root.kit.sounds)
        if (name == sound) files = kitFiles;
    } else {
      files = dirtFiles(root.folder, sound);
    }
    if (files.empty()) continue;
    entry.origin = root.folder;
    for (size_t i = 0; i < files.size(); ++i) {
      Sample sample = loadSampleFile(files[i], sampleRate_);
      sample.name = std::string(sound) + ":" + std::to_string(i);
      entry.files.push_back(std::move(sample));
    }
    break;
  }
  if (entry.files.empty() && useBuiltInKit_) {
    for (int variant = 0; variant < 4; ++variant) {
      std::unique_ptr<Sample> sample = synthesizeBuiltIn(sound, variant, sampleRate_);
      if (!sample) break;
      entry.files.push_back(std::move(*sample));
    }
    entry.origin = std::string(kBuiltInOrigin);
  }
  if (entry.files.empty()) return false;
  loaded_.emplace(std::string(sound), std::move(entry));
  return true;
}

const Sample* SampleLibrary::find(std::string_view sound, int64_t index) const {
  auto it = loaded_.find(sound);
  if (it == loaded_.end() || it->second.files.empty()) return nullptr;
  const int64_t count = static_cast<int64_t>(it->second.files.size());
  int64_t wrapped = index % count;
  if (wrapped < 0) wrapped += count;
  return &it->second.files[static_cast<size_t>(wrapped)];
}

size_t SampleLibrary::fileCount(std::string_view sound) const {
  auto it = loaded_.find(sound);
  return it == loaded_.end() ? 0 : it->second.files.size();
}

std::string_view SampleLibrary::origin(std::string_view sound) const {
  auto it = loaded_.find(sound);
  return it == loaded_.end() ? std::string_view() : std::string_view(it->second.origin);
}

const std::vector<std::string>& SampleLibrary::searchFolders() const {
  return folders_;
}

std::vector<std::string> SampleLibrary::nearest(std::string_view sound) const {
  std::set<std::string> known;
  for (const Root& root : roots_) {
    if (root.isHydrogenKit) {
      for (const auto& entry : root.kit.sounds) known.insert(entry.first);
      continue;
    }
    std::error_code ec;
    for (fs::directory_iterator it(root.folder, ec), end; !ec && it != end; it.increment(ec)) {
      std::error_code dirEc;
      std::string name = it->path().filename().string();
      if (name[0] != '.' && it->is_directory(dirEc)) known.insert(name);
    }
  }
  if (useBuiltInKit_)
    for (const std::string& name : builtInSounds()) known.insert(name);
  known.erase(std::string(sound));

  // Only names close enough to be a typo: one edit, or a third of the longer name's length.
  std::vector<std::pair<size_t, std::string>> ranked;
  for (const std::string& name : known) {
    size_t distance = editDistance(sound, name);
    size_t limit = std::max<size_t>(1, (std::max(sound.size(), name.size()) + 1) / 3);
    if (distance <= limit) ranked.emplace_back(distance, name);
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> names;
  for (size_t i = 0; i < ranked.size() && i < 3; ++i) names.push_back(ranked[i].second);
  return names;
}

std::pair<std::string_view, int64_t> splitSoundName(std::string_view word) {
  size_t colon = word.rfind(':');
  if (colon == std::string_view::npos || colon + 1 == word.size()) return {word, 0};
  int64_t index = 0;
  for (size_t i = colon + 1; i < word.size(); ++i) {
    if (word[i] < '0' || word[i] > '9' || index > 1000000000) return {word, 0};
    index = index * 10 + (word[i] - '0');
  }
  return {word.substr(0, colon), index};
}

} // namespace phonon::rt
