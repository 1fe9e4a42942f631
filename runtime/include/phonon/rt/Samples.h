// The sample library (LANGUAGE §8.1): sound folders on the search path and the built-in kit,
// decoded and resampled to the engine rate once, off the audio thread. Voices (Voices.h) and
// nodes with a sample port (`convolve`) read the Sample objects it hands out; they stay valid
// as long as the library.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
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

/// Where sounds are looked for, first folder found wins per sound (LANGUAGE §8.1).
struct SampleSearchPath {
  std::vector<std::string> dirs; ///< each `--samples DIR`, in order
  bool useEnvironment = true;    ///< then each directory of PHONON_SAMPLES (`:`-separated)
  bool useWorkingDirectory = true; ///< then ./samples
  bool useBuiltInKit = true;       ///< then the built-in kit
};

} // namespace phonon::rt
