// The sample library (LANGUAGE §8.1): sound folders on the search path and the built-in kit,
// decoded and resampled to the engine rate once, off the audio thread. Voices (Voices.h) and
// nodes with a sample port (`convolve`) read the Sample objects it hands out; they stay valid
// as long as the library.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace phonon::rt {

/// One decoded sound file at the engine rate: `frames` frames of `channels` (1 or 2)
/// interleaved floats.
struct Sample {
  std::string name; ///< `bd:0`: the sound and its file index
  std::string path; ///< the file it was read from, or `<built-in>`
  uint32_t channels = 1;
  uint64_t frames = 0;
  std::vector<float> data; ///< frames × channels
  float sampleRate = 48000.0f;

  /// Channel `c` of frame `i`; a mono sample answers its one channel for c = 1 too.
  float at(uint64_t i, uint32_t c) const { return data[i * channels + (c < channels ? c : 0)]; }
};

/// `bd:3` as (bd, 3): a sound name and its file index; a name without a numeric suffix as
/// (name, 0).
std::pair<std::string_view, int64_t> splitSoundName(std::string_view word);

/// Where sounds are looked for, first folder found wins per sound (LANGUAGE §8.1).
struct SampleSearchPath {
  std::vector<std::string> dirs;   ///< each `--samples DIR`, in order
  bool useEnvironment = true;      ///< then each directory of PHONON_SAMPLES (`:`-separated)
  bool useWorkingDirectory = true; ///< then ./samples
  bool useBuiltInKit = true;       ///< then the built-in kit
};

/// A sample folder or file that cannot be used (a drumkit.xml that does not parse, a sound file
/// libsndfile cannot decode); what() names the path.
class SampleError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Where a sound was found: a folder on the search path (a Dirt root or a Hydrogen drumkit).
inline constexpr std::string_view kBuiltInOrigin = "<built-in>";

/// The sounds of the search path, loaded on demand. preload() and nearest() do I/O and run
/// before the first block (when a patch is loaded); find() and the other const accessors neither
/// allocate nor lock, so voices call them while preparing a block. Not thread-safe between a
/// preload() and a find() running at the same time.
class SampleLibrary {
public:
  /// Resolves the search path now (PHONON_SAMPLES is read and ./samples taken from the working
  /// directory at construction) and reads every Hydrogen drumkit.xml on it. Throws SampleError
  /// for a drumkit.xml that does not parse and for a rate outside [1 Hz, 1 MHz].
  SampleLibrary(SampleSearchPath path, float sampleRate);
  SampleLibrary(SampleLibrary&&) noexcept;
  SampleLibrary& operator=(SampleLibrary&&) noexcept;
  ~SampleLibrary();

  /// Loads (decodes and resamples to the engine rate) every file of sound `sound` from the
  /// first folder on the search path that has it, or synthesizes the built-in kit's variants.
  /// False when nothing has it. A second call for the same sound does nothing. Throws
  /// SampleError for a sound file that cannot be decoded.
  bool preload(std::string_view sound);

  /// File `index` of a loaded sound, floored modulo its file count (`bd:-1` is the last file),
  /// or null for a sound not loaded or unknown.
  const Sample* find(std::string_view sound, int64_t index) const;

  /// The number of files of a loaded sound (0 when not loaded).
  size_t fileCount(std::string_view sound) const;

  /// Where a loaded sound came from: its folder on the search path, or kBuiltInOrigin; empty
  /// when not loaded.
  std::string_view origin(std::string_view sound) const;

  /// Up to 3 known sound names nearest to `sound` by edit distance (nearest first, ties in
  /// byte order), over every folder on the search path and the built-in kit: for the "unknown
  /// sample name" warning. Lists folders (I/O).
  std::vector<std::string> nearest(std::string_view sound) const;

  /// The folders searched, in order, after PHONON_SAMPLES and ./samples were resolved.
  const std::vector<std::string>& searchFolders() const;

  float sampleRate() const { return sampleRate_; }

  /// The names of the built-in kit, in the order of LANGUAGE §8.1.
  static const std::vector<std::string>& builtInSounds();

private:
  struct Root;
  struct LoadedSound {
    std::string origin;
    std::vector<Sample> files;
  };

  float sampleRate_;
  bool useBuiltInKit_;
  std::vector<Root> roots_;
  std::vector<std::string> folders_;
  /// std::less<> so that find() looks up a string_view without building a string.
  std::map<std::string, LoadedSound, std::less<>> loaded_;
};

/// The built-in kit's sound `sound` (LANGUAGE §8.1), variant 0…3, synthesized at `sampleRate`:
/// mono, peak 0.891, deterministic. Null for a name that is not in the kit.
std::unique_ptr<Sample> synthesizeBuiltIn(std::string_view sound, int variant, float sampleRate);

/// Decodes an audio file with libsndfile (any integer or float format; more than two channels
/// keep the first two) and resamples it to `sampleRate`. Throws SampleError naming the path.
Sample loadSampleFile(const std::string& path, float sampleRate);

} // namespace phonon::rt
