// One voice of a player (LANGUAGE §8.2–8.4): what an event asks for, read from its control map
// while the block is prepared (VoiceStart, plain data), and the running voice that renders it
// (Voice). Starting and rendering a voice allocates nothing.
#pragma once

#include "phonon/rt/Samples.h"

#include <cstdint>
#include <limits>

namespace phonon::rt {

/// The waveforms of a synth voice (§8.4): the oscillators of nodes/Oscillators.h.
enum class VoiceWave : uint8_t { Sine, Saw, Square, Tri, Supersaw };

/// The voices of `supersaw` (LANGUAGE §7.1: detune 0.3, 7 voices).
constexpr uint32_t kSupersawVoices = 7;

class BusVoices;

/// An onset of the block, everything its voice needs already computed.
struct VoiceStart {
  uint32_t offset = 0; ///< the block frame it starts on (the first sample at or after its onset)
  uint32_t order = 0;  ///< query order: voices starting on the same frame start in this order
  /// Samples already elapsed since the exact onset at that frame, in [0, 1).
  double lag = 0.0;

  const Sample* sample = nullptr; ///< null: a synth or bus voice
  /// A bus voice (§8.4): the graph whose instance it plays (its output, rendered by the player
  /// before the voice, is the source); null otherwise.
  BusVoices* bus = nullptr;
  float pitch = 1.0f; ///< a bus voice's 2^(note/12)
  // A sample voice: reads frames of [regionBegin, regionEnd), forwards or backwards.
  uint64_t regionBegin = 0, regionEnd = 0;
  bool backwards = false;
  bool loop = false;
  double rate = 1.0;      ///< |rate| in region frames per output sample at the onset
  double rateSlope = 0.0; ///< added to the rate per output sample since the onset (accelerate)
  // A synth voice: phase increment per sample (one per supersaw voice; one for the others).
  VoiceWave wave = VoiceWave::Saw;
  float phaseStep[kSupersawVoices] = {};

  float gainLeft = 1.0f, gainRight = 1.0f; ///< gain × the balance law of `pan`
  // Envelope, in samples since the onset: ADSR with the gate closing at `gate` (infinite:
  // never), then a linear release from the level reached.
  double attack = 0.0, decay = 0.0, gate = std::numeric_limits<double>::infinity();
  double release = 0.0;
  float sustain = 1.0f;
  int64_t cutGroup = 0;       ///< |cut|; 0: none
  bool cutSameSample = false; ///< cut < 0: stops only voices playing the same sample
};

/// A sounding voice.
struct Voice {
  VoiceStart start;
  bool active = false;
  uint64_t serial = 0;               ///< start order in the player: the lowest is the oldest
  uint64_t age = 0;                  ///< samples rendered
  double position = 0;               ///< frames into the region (sample voices)
  float phase[kSupersawVoices] = {}; ///< oscillator phases (synth voices)
  /// A steal or a cut: samples left of the 2 ms fade (0: not fading).
  uint32_t fadeLeft = 0;
  /// A bus voice: its graph's instance, and that instance's output for the samples render()
  /// renders next.
  uint32_t instance = 0;
  const float* busLeft = nullptr;
  const float* busRight = nullptr;

  bool fading() const { return fadeLeft > 0; }

  /// Starts the voice (its state from `s`, at its sub-sample lag).
  void begin(const VoiceStart& s, uint64_t serialNumber);
  /// Adds the next `frames` samples into left and right; the voice ends (active false) on the
  /// sample its region, release or fade ends. `fadeFrames` is the length of a 2 ms fade.
  void render(float* left, float* right, uint32_t frames, uint32_t fadeFrames);

private:
  template <class Source>
  void renderFrom(float* left, float* right, uint32_t frames, uint32_t fadeFrames);
};

} // namespace phonon::rt
